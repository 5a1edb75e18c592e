# config: label-schema: {org.opencontainers.image.source: url}
FROM alpine:3.20
LABEL org.opencontainers.image.source="https://github.com/acme/app"
LABEL org.opencontainers.image.source=git+ssh://git@github.com/acme/app.git#main
LABEL org.opencontainers.image.source="http://[::1]:8080/path?q=1&r=%20"
