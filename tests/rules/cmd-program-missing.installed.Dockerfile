FROM python:3.12-slim
RUN pip install --no-cache-dir uvicorn==0.32.0
CMD uvicorn app:app --host 0.0.0.0
