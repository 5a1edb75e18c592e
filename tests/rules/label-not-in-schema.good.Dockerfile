# config: strict-labels: true
# config: label-schema: {version: semver, org.opencontainers.image.source: url}
FROM alpine:3.20
LABEL version=1.0.0 org.opencontainers.image.source=https://example.com
