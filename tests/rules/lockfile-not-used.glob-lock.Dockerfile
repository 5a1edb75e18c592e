# `uv.lock*` copies the lock whenever the context has one; this context has
# none, and `|| uv sync` is the fallback for that: nothing is "not used".
FROM python:3.12-slim
COPY --from=ghcr.io/astral-sh/uv:0.5 /uv /bin/uv
WORKDIR /app
COPY pyproject.toml uv.lock* ./
RUN uv sync --frozen --no-dev --no-install-project || uv sync --no-dev --no-install-project
# Without the wildcard, --frozen needs the lock and no COPY brings it.
FROM python:3.12-slim AS plain
COPY --from=ghcr.io/astral-sh/uv:0.5 /uv /bin/uv
WORKDIR /app
COPY pyproject.toml ./
RUN uv sync --frozen --no-dev
# expect: 13:5
