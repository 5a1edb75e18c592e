# config: label-schema: {version: semver, maintainer: text}
FROM alpine:3.20
ARG VERSION
LABEL version=$VERSION maintainer=ops other=""
