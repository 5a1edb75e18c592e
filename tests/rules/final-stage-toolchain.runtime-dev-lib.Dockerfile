# saleor's and AppFlowy's shape: one -dev library the program needs at
# run time, no compiler in the image
FROM python:3.12-slim AS build
RUN pip wheel --no-cache-dir --wheel-dir /wheels lxml==5.3.0
FROM python:3.12-slim
RUN apt-get update && apt-get install -y --no-install-recommends libxslt1-dev && rm -rf /var/lib/apt/lists/*
COPY --from=build /wheels /wheels
CMD ["python", "-m", "app"]
