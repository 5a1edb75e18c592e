# config: label-schema: {version: semver}
FROM alpine:3.20
LABEL team=payments
