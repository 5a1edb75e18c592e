# uv's managed Python copied next to the virtualenv
FROM ghcr.io/astral-sh/uv:python3.12-bookworm-slim AS build
ENV UV_PYTHON_INSTALL_DIR=/python
RUN uv python install 3.12 && uv venv /app/.venv
FROM debian:bookworm-slim
COPY --from=build /python /python
COPY --from=build /app/.venv /app/.venv
CMD ["/app/.venv/bin/python", "-V"]
