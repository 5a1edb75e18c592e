# config: label-schema: {version: semver, maintainer: text}
FROM alpine:3.20
ARG EMPTY=
LABEL version="" maintainer=$EMPTY
LABEL other=""
# expect: 4:7
# expect: 4:18
