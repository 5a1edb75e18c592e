# base is in the last stage, which ships: judged
FROM alpine:3.20 AS base
RUN apk add curl
FROM base AS dev
RUN apk add gcc
FROM base AS prod
COPY app /app
# expect: 3:1
