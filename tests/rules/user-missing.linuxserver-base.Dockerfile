# linuxserver.io's base images run s6-overlay's /init (their ENTRYPOINT),
# which starts each service from its run script as the user abc
FROM ghcr.io/linuxserver/baseimage-alpine:3.23
RUN apk add --no-cache filebrowser
COPY root/ /
EXPOSE 8080
