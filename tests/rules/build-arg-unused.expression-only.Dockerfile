# config: dockerfiles:
# config:   build-arg-unused.expression-only.Dockerfile:
# config:     args: {"${{ steps.tip-sha.outputs.override }}": ""}
# A workflow expression expands to NAME=VALUE lines when the workflow runs:
# it names no argument, so nothing is reported.
ARG PYTHON_VERSION=3.11
FROM python:${PYTHON_VERSION}-slim
