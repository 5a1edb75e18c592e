# path: .devcontainer/Dockerfile
FROM mcr.microsoft.com/devcontainers/universal:2
USER codespace
RUN sudo apt-get update
