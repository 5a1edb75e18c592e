# The dev container template tool fills the options in when it copies the
# template into a project; until then it is not a Dockerfile BuildKit reads.
ARG VARIANT=${templateOption:imageVariant}
FROM mcr.microsoft.com/devcontainers/python:1-${VARIANT}
ARG INSTALL_ZSH="${templateOption:installZsh}"
# expect: 3:13
