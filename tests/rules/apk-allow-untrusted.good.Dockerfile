FROM alpine:3.20
COPY keys/builder.rsa.pub /etc/apk/keys/
RUN apk add --no-cache /tmp/tool.apk
RUN echo apk --allow-untrusted
