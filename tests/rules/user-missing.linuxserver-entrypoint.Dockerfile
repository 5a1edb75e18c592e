# an ENTRYPOINT of its own replaces the base's /init: judged as any other
# expect: 3:1
FROM lscr.io/linuxserver/baseimage-ubuntu:noble
COPY app /app
ENTRYPOINT ["/app"]
