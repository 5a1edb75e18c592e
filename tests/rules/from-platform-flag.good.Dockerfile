FROM --platform=linux/amd64 alpine:3.20 AS build_amd64
FROM --platform=linux/arm64 alpine:3.20 AS build_arm64
FROM --platform=$BUILDPLATFORM alpine:3.20 AS base
FROM --platform=windows alpine:3.20 AS windows-base
FROM --platform=x86_64 alpine:3.20 AS linux-tools
FROM alpine:3.20
FROM --platform=$TARGETOS/$TARGETARCH python:3.12
