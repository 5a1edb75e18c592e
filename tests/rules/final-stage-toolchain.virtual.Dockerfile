FROM python:3.12-alpine AS build
RUN echo build

FROM python:3.12-alpine
RUN apk add --no-cache --virtual .build-deps gcc musl-dev libffi-dev \
 && pip install --no-cache-dir cffi \
 && apk del .build-deps
