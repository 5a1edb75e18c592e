FROM python:3.12-slim
WORKDIR /app
COPY requirements.txt .
CMD ["python", "-m", "http.server"]
