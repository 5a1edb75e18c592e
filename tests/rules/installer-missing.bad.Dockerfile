# nvidia/cuda has no Python: pip is not found
FROM nvidia/cuda:12.4.1-runtime-ubuntu22.04
RUN apt-get update && apt-get install -y --no-install-recommends curl git
COPY requirements.txt .
# expect: 6:5
RUN pip install --no-cache-dir -r requirements.txt
# reported once per stage
RUN pip install --no-cache-dir gunicorn==22.0.0

FROM python:3.12-slim AS tools
# no official Python image ships uv or poetry
# expect: 13:22
RUN pip --version && uv pip install --system flask==3.0.3
# expect: 15:5
RUN poetry install --no-root
# a version the image does not have
# expect: 18:5
RUN python3.11 -m pip --version
