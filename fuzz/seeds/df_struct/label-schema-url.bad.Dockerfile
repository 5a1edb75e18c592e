# config: label-schema: {org.opencontainers.image.source: url}
FROM alpine:3.20
LABEL org.opencontainers.image.source="github.com/acme/app"
LABEL org.opencontainers.image.source="https://example.com/a b"
LABEL org.opencontainers.image.source="https://example.com/%zz"
# expect: 3:7
# expect: 4:7
# expect: 5:7
