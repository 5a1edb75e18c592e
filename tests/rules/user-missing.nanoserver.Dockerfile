# escape=`
FROM mcr.microsoft.com/windows/servercore:ltsc2022 AS fetch
RUN mkdir C:\app
FROM mcr.microsoft.com/windows/nanoserver:ltsc2022 AS base
FROM base
COPY --from=fetch C:\app C:\app
CMD ["C:\\app\\server.exe"]
