# the builder runs as root; the image that ships runs as app
FROM python:3.12-slim AS base
USER root
RUN pip install --no-cache-dir flask==3.0.3
FROM base
USER app
CMD ["python", "-m", "flask", "run"]
