FROM alpine:3.20
ADD app.py /app/
ADD rootfs.tar.gz config.json /
# expect: 2:5
# expect: 3:19
