# config: label-schema: {org.opencontainers.image.title: text}
# plimsoll's own reading: only the stages that are images someone runs
# need the label; compile and assets are built on or copied from.
FROM golang:1.23 AS compile
FROM node:22 AS assets
FROM compile AS service
COPY --from=assets /dist /srv
# expect: 6:1
