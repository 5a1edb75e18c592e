FROM alpine:3.20
ADD rootfs.tar.gz /
ADD https://example.com/tool.tgz /opt/
COPY app.py /app/
