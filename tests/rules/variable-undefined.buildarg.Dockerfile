# build-arg: TAG=1
FROM alpine:3.20
# the build argument replaces the default, which is then never expanded
ARG TAG=$UNDEFINED_DEFAULT
COPY x /opt/$TAG/
