# healthchecks' shape: pip takes `--no-cache`, a unique prefix of --no-cache-dir
FROM python:3.13-slim
RUN --mount=type=bind,target=/wheels,source=/wheels,from=builder \
    pip install --no-cache /wheels/*
RUN pip install flask==3.0.0
# expect: 5:5
