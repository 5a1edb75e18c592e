# config: dockerfiles:
# config:   build-arg-unused.good.Dockerfile: {args: {PYTHON_VERSION: "3.12", APP_USER: app}}
ARG PYTHON_VERSION=3.11
FROM python:${PYTHON_VERSION}-slim
ARG APP_USER
RUN useradd "$APP_USER"
