# s6-overlay's /init starts each service from its run script
FROM debian:bookworm-slim
ADD https://github.com/just-containers/s6-overlay/releases/download/v3.2.0.2/s6-overlay-noarch.tar.xz /tmp
ENTRYPOINT ["/init"]
