FROM alpine:3.20
EXPOSE 80/TCP 53/Udp
# expect: 2:8
# expect: 2:15
