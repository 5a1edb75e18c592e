FROM alpine:3.20 AS build
LABEL org.opencontainers.image.source="https://github.com/acme/app"
FROM alpine:3.20
LABEL maintainer="x"
# expect: 3:1
