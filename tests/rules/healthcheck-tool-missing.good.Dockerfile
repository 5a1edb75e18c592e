FROM python:3.12-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u8 \
 && rm -rf /var/lib/apt/lists/*
HEALTHCHECK CMD curl -f http://localhost:8000/health || exit 1
