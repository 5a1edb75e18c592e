# `{{` inside a RUN is a Go format string, not a template.
FROM docker:27-cli
RUN docker inspect --format '{{.Id}}' alpine:3.20 > /id
HEALTHCHECK CMD docker info --format '{{json .ServerVersion}}' || exit 1
