ARG PY=3.11
FROM python:${PY}-slim AS build
RUN pip wheel --no-cache-dir --wheel-dir /w flask==3.0.3
FROM python:${PY}-slim AS runtime
COPY --from=build /w /w
CMD ["python", "-m", "flask", "run"]
FROM runtime AS dev
