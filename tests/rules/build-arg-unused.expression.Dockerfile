# config: dockerfiles:
# config:   build-arg-unused.expression.Dockerfile:
# config:     args: {"${{ steps.tip-sha.outputs.override }}": "", PY_VERSION: "3.12"}
# A workflow expression expands to NAME=VALUE lines when the workflow runs:
# it names no argument. PY_VERSION is still reported.
# expect: 2:3
ARG PYTHON_VERSION=3.11
FROM python:${PYTHON_VERSION}-slim
