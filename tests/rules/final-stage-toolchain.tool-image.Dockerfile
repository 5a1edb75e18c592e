# a CI build image: the toolchain is its purpose
FROM golang:1.23 AS base
RUN apt-get update && apt-get install -y --no-install-recommends make gcc && rm -rf /var/lib/apt/lists/*
FROM base AS builder
RUN go install gotest.tools/gotestsum@v1.12.0
