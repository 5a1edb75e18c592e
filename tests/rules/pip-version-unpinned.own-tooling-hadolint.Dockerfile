# select: DL3013
# hadolint's reading judges pip like any package
FROM python:3.12-slim
RUN pip install -U pip
# expect: 4:20
