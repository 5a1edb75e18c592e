FROM alpine:3.20
EXPOSE 80/tcp 53/udp 9000 132/sctp
