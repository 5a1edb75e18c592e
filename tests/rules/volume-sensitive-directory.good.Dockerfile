FROM alpine:3.20
VOLUME /var/lib/app /data
VOLUME ["/srv/dev"]
