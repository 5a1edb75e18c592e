FROM alpine:3.20
ARG GPG_PRIVATE_KEY
ENV Jwt__SigningKey=changeme
# expect: 2:5
