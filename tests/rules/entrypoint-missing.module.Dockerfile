FROM python:3.12-slim
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
CMD uvicorn app.main:app --host 0.0.0.0 --port 8000
# expect: 5:13
