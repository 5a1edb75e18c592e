FROM alpine:3.20
RUN apk update && apk add curl && rm -rf /var/cache/apk/*
RUN rm -rf /var/cache/apk/* && apk add jq
# expect: 3:1
