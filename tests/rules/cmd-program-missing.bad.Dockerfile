FROM python:3.12-slim AS build
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt

FROM python:3.12-slim
WORKDIR /app
COPY app/ /app/app/
# the packages stayed in the builder stage
# expect: 10:7
CMD ["gunicorn", "app.main:app", "--bind", "0.0.0.0:8000"]
