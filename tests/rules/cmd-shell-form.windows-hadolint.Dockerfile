# select: DL3025
# hadolint's DL3025 reads the form only, Windows or not
FROM mcr.microsoft.com/powershell:lts-nanoserver-ltsc2022
SHELL ["pwsh", "-Command"]
CMD C:\app\entrypoint.ps1 -f
# expect: 5:1
