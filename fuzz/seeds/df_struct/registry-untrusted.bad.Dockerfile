# config: trusted-registries: [ghcr.io, "*.example.com", "quay.io/acme"]
ARG BASE=python:3.12-slim
FROM ${BASE} AS build
FROM docker.io/library/node:22
FROM quay.io/other/app:1
COPY --from=nginx:1.27 /etc/nginx /etc/nginx
RUN --mount=type=cache,target=/root/.cache,from=registry.local/cache:1 make
# expect: 3:6
# expect: 4:6
# expect: 5:6
# expect: 6:6
# expect: 7:5
