# select: DL4006
# hadolint does not know the base runs Windows: it reports the pipe.
FROM mcr.microsoft.com/windows/servercore:ltsc2022
RUN powershell -Command Get-ChildItem C:\ | Select-Object -First 1
# expect: 4:1
