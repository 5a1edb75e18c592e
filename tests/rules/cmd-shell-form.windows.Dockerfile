# escape=`
# Windows containers get no POSIX signals (docker stop sends CTRL_SHUTDOWN
# to every process): a shell form is not a signal problem there
FROM mcr.microsoft.com/powershell:lts-nanoserver-ltsc2022 AS nano
CMD C:\app\entrypoint.ps1 C:\app\agent.exe -f
FROM mcr.microsoft.com/windows/servercore:ltsc2022 AS core
ENTRYPOINT C:\app\agent.exe
# nor is a SHELL of PowerShell or cmd, whatever the base says
FROM ${WINDOWS_BASE} AS pwsh
SHELL ["pwsh", "-Command", "$ErrorActionPreference = 'Stop';"]
CMD C:\app\entrypoint.ps1 -f
FROM ${WINDOWS_BASE} AS cmd
SHELL ["cmd.exe", "/S", "/C"]
CMD C:\app\agent.exe
