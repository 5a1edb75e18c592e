# config: trusted-registries: [ghcr.io, "*.example.com", "quay.io/acme", docker.io]
ARG REGISTRY
FROM ghcr.io/acme/base:1 AS build
FROM registry.example.com/team/app:2
FROM quay.io/acme/tool:3
FROM python:3.12-slim
FROM ${REGISTRY}/app:1
FROM build
COPY --from=build /x /x
COPY --from=0 /x /y
RUN --mount=type=bind,from=build,target=/src make
FROM scratch
