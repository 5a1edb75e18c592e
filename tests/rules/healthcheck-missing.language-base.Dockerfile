# An official-style language image: its command is the interpreter's prompt,
# so it is a base for others to build FROM; they set the service and its
# health check.
FROM debian:bookworm-slim
ENV PYTHON_VERSION=3.12.7
RUN set -eux; apt-get update; apt-get install -y --no-install-recommends ca-certificates; rm -rf /var/lib/apt/lists/*
CMD ["python3"]
