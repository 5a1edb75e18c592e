# An ARG without a default, or a shell variable, may hold --frozen: unknown.
FROM python:3.12-slim
COPY --from=ghcr.io/astral-sh/uv:0.5 /uv /bin/uv
WORKDIR /app
COPY pyproject.toml uv.lock ./
ARG UV_OPTIONS
RUN uv sync $UV_OPTIONS
RUN flags="--frozen" && uv sync $flags
