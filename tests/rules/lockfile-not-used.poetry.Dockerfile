FROM python:3.12-slim
RUN pip install --no-cache-dir poetry==1.8.4
WORKDIR /app
COPY pyproject.toml poetry.lock /app/
RUN poetry install --no-root --only main
