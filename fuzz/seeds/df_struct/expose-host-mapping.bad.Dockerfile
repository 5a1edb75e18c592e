FROM alpine:3.20
EXPOSE 127.0.0.1:80:80
EXPOSE 8080:80/tcp
# expect: 2:8
# expect: 3:8
