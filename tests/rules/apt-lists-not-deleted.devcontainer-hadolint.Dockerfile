# path: .devcontainer/Dockerfile
# select: DL3009
# hadolint judges every file alike
FROM mcr.microsoft.com/devcontainers/python:3.12
RUN apt-get update && apt-get install -y --no-install-recommends postgresql-client
# expect: 5:1
