FROM python:3.12-slim AS deps
WORKDIR /app
COPY pyproject.toml poetry.lock ./
RUN pip install --no-cache-dir . && echo done
# expect: 4:5
