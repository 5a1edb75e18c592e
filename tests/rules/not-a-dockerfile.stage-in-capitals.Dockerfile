# Stage names are compared without case: FROM BUILDER is the stage, not a
# placeholder; a capital tag and a registry host in capitals are valid too.
FROM golang:1.23 AS builder
FROM BUILDER AS test
FROM Registry.Example.com/app:V1
FROM --platform=$BUILDPLATFORM alpine:LATEST
# a lone name in capitals is a mistake in a real Dockerfile: judged as one
FROM DEBIAN
