# select: DL3049
# config: label-schema: {org.opencontainers.image.title: text}
# hadolint's reading: a stage the next one is built FROM still needs the label
# (compile, line 6), a stage only copied from does not (assets), and a stage
# built FROM one that has the label inherits it (release).
FROM golang:1.23 AS compile
FROM node:22 AS assets
FROM compile AS service
COPY --from=assets /dist /srv
FROM alpine:3.20 AS labelled
LABEL org.opencontainers.image.title=svc
FROM labelled AS release
# expect: 6:1
# expect: 8:1
