# ONBUILD triggers: a base image for others to extend
FROM python:3.12-slim
ONBUILD COPY requirements.txt /app/
ONBUILD RUN pip install --no-cache-dir -r /app/requirements.txt
