# a compiler kept makes the -dev libraries a toolchain: the compiler is named
FROM python:3.12-slim
RUN apt-get update && apt-get install -y --no-install-recommends libpq-dev \
    && rm -rf /var/lib/apt/lists/*
RUN apt-get update && apt-get install -y --no-install-recommends gcc \
    && rm -rf /var/lib/apt/lists/*
# expect: 5:1
CMD ["python", "app.py"]
