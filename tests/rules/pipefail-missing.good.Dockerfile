FROM debian:12 AS base
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
RUN curl -fsSL https://example.com/install.sh | sh
FROM base
RUN ls | wc -l
FROM debian:12
RUN set -o pipefail && ls | wc -l
RUN test -f /x || touch /x
SHELL ["/usr/bin/zsh", "-euo", "pipefail", "-c"]
RUN ls | wc -l
FROM mcr.microsoft.com/windows/servercore:ltsc2022
SHELL ["powershell", "-Command"]
RUN Get-ChildItem | Select-Object Name
FROM alpine:3.20
SHELL ["/bin/ash", "-eo", "pipefail", "-c"]
RUN ls | wc -l
FROM mcr.microsoft.com/windows/nanoserver:ltsc2022
SHELL ["C:\\Windows\\System32\\cmd.exe", "/S", "/C"]
RUN dir | findstr x
