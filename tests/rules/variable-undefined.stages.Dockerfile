FROM alpine:3.20 AS base
ARG VERSION=1
ENV HOME_DIR=/home/app
FROM base AS child
COPY x /opt/$VERSION/$HOME_DIR/
FROM alpine:3.20
COPY x /opt/$VERSION/
# expect: 7:13
