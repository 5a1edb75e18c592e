FROM alpine:3.20
VOLUME /sys
VOLUME ["/data", "/proc/"]
VOLUME /var/lib/app //dev
# expect: 2:8
# expect: 3:18
# expect: 4:21
