# The stage built is a test target: CI runs it once, nothing probes it.
FROM python:3.12-slim AS base
WORKDIR /app
COPY . .
CMD ["gunicorn", "app:app"]

FROM base AS test
RUN pip install --no-cache-dir pytest==8.3.3
CMD ["pytest"]
