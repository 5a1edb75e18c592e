# base is only in the dev image (the last stage, named dev)
FROM alpine:3.20 AS base
RUN apk add curl
FROM base AS dev
RUN apk add gcc
