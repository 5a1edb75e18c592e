# config: dockerfiles:
# config:   build-arg-unused.bad.Dockerfile:
# config:     args: {PY_VERSION: "3.12", HTTP_PROXY: "http://proxy:3128", BUILDKIT_INLINE_CACHE: "1"}
# expect: 2:3
ARG PYTHON_VERSION=3.11
FROM python:${PYTHON_VERSION}-slim
