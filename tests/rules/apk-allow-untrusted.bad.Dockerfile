FROM alpine:3.20
RUN apk add --no-cache --allow-untrusted /tmp/tool.apk
ONBUILD RUN apk add --allow-untrusted /tmp/x.apk
# expect: 2:24
# expect: 3:21
