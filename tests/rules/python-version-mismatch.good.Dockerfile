ARG PYTHON_VERSION=3.12
FROM python:${PYTHON_VERSION} AS build
RUN python -m venv /opt/venv && /opt/venv/bin/pip install --no-cache-dir flask==3.0.3
FROM python:${PYTHON_VERSION}-slim
COPY --from=build /opt/venv /opt/venv
COPY --from=build /usr/local/lib/python3.12/site-packages /usr/local/lib/python3.12/site-packages
