# memos' shape: starts as root, the entrypoint switches with su-exec
FROM alpine:3.20
RUN apk add --no-cache su-exec && adduser -D memos
USER root
ENTRYPOINT ["su-exec", "memos", "/usr/local/bin/memos"]
