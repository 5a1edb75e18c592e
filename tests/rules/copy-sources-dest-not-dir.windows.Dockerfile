# On a Windows stage a destination ending in a backslash, the Windows path
# separator, is a directory.
FROM mcr.microsoft.com/windows/nanoserver:ltsc2022
COPY --from=mongo:8.0-windowsservercore-ltsc2022 \
	C:\\Windows\\System32\\msvcp140.dll \
	C:\\Windows\\System32\\vcruntime140.dll \
	C:\\Windows\\System32\\
FROM alpine:3.20
# on Linux a backslash is part of the name
# expect: 11:18
COPY a.txt b.txt out\\
