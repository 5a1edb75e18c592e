FROM python:3.12-slim
WORKDIR /build
RUN python -m pip install --no-cache-dir grpcio-tools==1.66.1
