# escape=`
# RUN runs with cmd.exe on a Windows base: there is no -o pipefail to set,
# and the pipe below is PowerShell's.
FROM mcr.microsoft.com/windows/servercore:ltsc2022 AS installer
RUN powershell -Command `
        $ErrorActionPreference = 'Stop'; `
        Get-ChildItem C:\dotnet | Select-Object -First 1
FROM mcr.microsoft.com/windows/nanoserver:ltsc2022
COPY --from=installer ["/dotnet", "/Program Files/dotnet"]
