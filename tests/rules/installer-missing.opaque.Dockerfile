# what an installer script, a copied directory or an unknown base brings
# cannot be read: unknown, never missing
FROM python:3.12-slim AS a
RUN curl -LsSf https://astral.sh/uv/install.sh | sh && uv --version
FROM python:3.12-slim AS b
RUN curl -sSL https://install.python-poetry.org | python3 - && poetry --version
FROM debian:bookworm-slim AS c
COPY --from=a /usr/local /usr/local
RUN python3 -V
FROM ubuntu:24.04 AS d
RUN command -v uv || pip install uv
FROM mycorp/python-base:1 AS e
RUN pip install --no-cache-dir flask==3.0.3
FROM debian:bookworm-slim AS f
RUN uv --version || true
