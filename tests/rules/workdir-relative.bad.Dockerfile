FROM alpine:3.20
WORKDIR app
WORKDIR more
# expect: 2:9
