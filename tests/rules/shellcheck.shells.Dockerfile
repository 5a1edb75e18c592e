FROM mcr.microsoft.com/powershell:7.4-ubuntu-22.04 AS ps
SHELL ["pwsh", "-Command"]
RUN Write-Host $env:PATH

FROM ps AS still-ps
RUN Get-ChildItem $HOME

FROM debian:12-slim AS bash
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
RUN echo "${BASH_VERSION}" | cat
RUN cat <<'DATA' > /etc/motd && echo $SHELL
hello $world `x`
DATA
# expect: 11:38
