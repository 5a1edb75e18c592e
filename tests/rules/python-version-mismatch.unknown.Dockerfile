# versions not named by the tag, or another interpreter: not judged
FROM python:3 AS build
RUN python -m venv /opt/venv
FROM ghcr.io/astral-sh/uv:python3.12-bookworm-slim AS uv
RUN uv venv --python 3.11 /app/.venv
FROM python:3.12-slim
COPY --from=build /opt/venv /opt/venv
COPY --from=uv /app/.venv /app/.venv
