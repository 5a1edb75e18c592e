# No ARG or ENV: nothing checked (a skip, not a pass).
FROM alpine:3.20
RUN echo hello
