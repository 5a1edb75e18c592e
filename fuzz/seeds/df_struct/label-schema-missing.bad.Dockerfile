# config: label-schema: {org.opencontainers.image.source: url, version: semver}
FROM golang:1.23 AS build
FROM alpine:3.20
LABEL version=1.0.0
FROM alpine:3.20 AS other
# expect: 2:1
# expect: 2:1
# expect: 3:1
# expect: 5:1
# expect: 5:1
