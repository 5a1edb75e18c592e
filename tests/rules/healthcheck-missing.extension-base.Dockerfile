# ONBUILD triggers: a base image for others to extend
FROM python:3.12-slim AS base
ONBUILD COPY . /app
FROM base
RUN true
