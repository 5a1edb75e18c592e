FROM nvidia/cuda:12.4.1-runtime-ubuntu22.04 AS gpu
RUN apt-get update && apt-get install -y --no-install-recommends python3 python3-pip
RUN pip install --no-cache-dir torch==2.5.1 && python3 -c "import torch"

FROM python:3.12-slim AS uv
COPY --from=ghcr.io/astral-sh/uv:0.5.4 /uv /uvx /bin/
RUN uv pip install --system flask==3.0.3 && python3.12 -V

FROM python:3.12-slim AS poetry
RUN pip install --no-cache-dir poetry==1.8.3 && poetry --version

FROM debian:bookworm-slim AS same-run
RUN apt-get update && apt-get install -y python3-venv && python3 -m venv /venv

FROM alpine:3.20 AS apk
RUN apk add --no-cache py3-pip && pip --version

FROM python:3.12-slim AS mounted
RUN --mount=from=ghcr.io/astral-sh/uv:0.5.4,source=/uv,target=/bin/uv uv pip install --system flask==3.0.3

FROM python:3.12-slim AS uvx
RUN pip install --no-cache-dir uv==0.5.4 && uvx ruff@0.8.0 --version
