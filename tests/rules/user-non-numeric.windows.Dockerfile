# escape=`
FROM mcr.microsoft.com/windows/servercore:ltsc2022 AS fetch
USER ContainerAdministrator
FROM fetch AS tools
USER ContainerUser
FROM golang:1.26-windowsservercore-ltsc2022 AS build
USER ContainerAdministrator
FROM mcr.microsoft.com/windows/nanoserver:ltsc2022
USER ContainerUser
FROM --platform=windows/amd64 example.com/tools:1.0
USER ContainerUser
FROM ubuntu:24.04
USER ubuntu
# expect: 13:6
