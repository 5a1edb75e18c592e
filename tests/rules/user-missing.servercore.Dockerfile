# escape=`
FROM golang:1.26-windowsservercore-ltsc2022
COPY app.exe C:\app\app.exe
CMD ["C:\\app\\app.exe"]
# expect: 2:1
