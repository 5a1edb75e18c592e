# syntax=docker/dockerfile:1
ARG DEBIAN_VERSION=12
ARG X
FROM debian:${DEBIAN_VERSION}
ENV LANG=C.UTF-8
