# The flags come from an ARG: its default holds --frozen.
FROM python:3.12-slim
COPY --from=ghcr.io/astral-sh/uv:0.5 /uv /bin/uv
WORKDIR /app
COPY pyproject.toml uv.lock ./
ARG UV_OPTIONS="--frozen --no-install-project --no-default-groups"
RUN uv sync $UV_OPTIONS
# A default without the flag is judged as the build runs it.
FROM python:3.12-slim AS loose
COPY --from=ghcr.io/astral-sh/uv:0.5 /uv /bin/uv
WORKDIR /app
COPY pyproject.toml uv.lock ./
ARG UV_OPTIONS="--no-dev"
RUN uv sync $UV_OPTIONS
# expect: 14:5
