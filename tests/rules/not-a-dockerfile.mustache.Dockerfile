FROM alpine:3.20
  {{#packages}}
RUN apk add --no-cache {{name}}
  {{/packages}}
# expect: 2:3
