ARG GLOBAL=1
FROM alpine:3.20 AS base
ARG GLOBAL
ARG VERSION
ARG TARGETARCH
ENV APP=/app PATH=/app/bin:$PATH
COPY app-$VERSION.tar.gz $APP/
COPY bin-${TARGETARCH} /bin/app
LABEL v=$GLOBAL
ARG A=1 B=$A
# shell-form RUN, CMD and ENTRYPOINT are left to the shell
RUN echo $UNDEFINED_IN_SHELL
CMD echo $ALSO_UNDEFINED
FROM base
# the parent stage's ARG and ENV are visible
WORKDIR $APP/$VERSION
FROM python:3.12-slim
# set by the python image
ENV PYVER=$PYTHON_VERSION
FROM ghcr.io/acme/custom-base:1
# an unknown base image may set this
WORKDIR $APP_HOME
