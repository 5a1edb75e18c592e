FROM golang:1.23 AS build
USER root
RUN go build -o /app .
FROM alpine:3.20
USER app
USER 0:0
CMD ["/app"]
# expect: 6:1
