FROM mcr.microsoft.com/windows/servercore:ltsc2022
RUN echo $PATH > c:\config
