# a word that merely holds "torch" is not torch
FROM python:3.12-slim AS build
RUN echo storchaka
FROM python:3.12-slim
RUN apt-get update && apt-get install -y --no-install-recommends gcc \
    && rm -rf /var/lib/apt/lists/*
# expect: 5:66
CMD ["python", "app.py"]
