# config: label-schema: {org.opencontainers.image.source: url, version: semver}
FROM golang:1.23 AS build
FROM alpine:3.20 AS base
LABEL "org.opencontainers.image.source"="https://github.com/acme/app"
FROM base
COPY --from=build /out/app /app
LABEL version=1.0.0
