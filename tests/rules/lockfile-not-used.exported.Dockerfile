# The dependencies come from requirements exported from poetry.lock; the
# project install after them resolves nothing afresh.
FROM python:3.12-slim AS export
WORKDIR /src
COPY pyproject.toml poetry.lock ./
RUN pip install --no-cache-dir poetry==1.8.3 poetry-plugin-export==1.8.0 \
 && poetry export -f requirements.txt -o requirements.txt

FROM python:3.12-slim
WORKDIR /app
COPY --from=export /src/requirements.txt ./
RUN pip install --no-cache-dir -r requirements.txt
COPY pyproject.toml poetry.lock ./
COPY src ./src
RUN pip install --no-cache-dir .
