FROM alpine:3.20
RUN wget -qO- https://get.example.com | sh
