ARG PLAT=linux/arm64
FROM --platform=$BUILDPLATFORM alpine:3.20
FROM --platform=linux/amd64 alpine:3.20
FROM --platform=${TARGETPLATFORM%/*}/arm64 alpine:3.20
FROM --platform=${PLAT:-$TARGETPLATFORM} alpine:3.20
FROM alpine:3.20
