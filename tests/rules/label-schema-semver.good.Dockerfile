# config: label-schema: {version: semver}
FROM alpine:3.20
LABEL version=1.4.0
LABEL version=2.0.0-rc.1+build.5
LABEL version=0.0.1-alpha-beta+001
