# path: .devcontainer/Dockerfile
# devcontainer.json's remoteUser decides who the developer is
FROM mcr.microsoft.com/devcontainers/cpp:1-debian-12
USER root
RUN apt-get update && apt-get install -y --no-install-recommends gdb && rm -rf /var/lib/apt/lists/*
