# requirements.txt is not exported from the lock here: `pip install .`
# still resolves afresh.
FROM python:3.12-slim
WORKDIR /app
COPY requirements.txt pyproject.toml poetry.lock ./
RUN pip install --no-cache-dir -r requirements.txt && pip install --no-cache-dir .
# expect: 6:55
