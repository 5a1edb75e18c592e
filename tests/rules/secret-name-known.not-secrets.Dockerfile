# A user name is not a secret; a GPG key fingerprint names a public key.
FROM mcr.microsoft.com/devcontainers/base:bookworm
ARG USERNAME=vscode
ARG db_username=app
ENV GPG_KEY=A035C8C19219BA821ECEA86B64E628F8D684696D
