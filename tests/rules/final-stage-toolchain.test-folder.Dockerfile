# path: test/container/Dockerfile
FROM golang:1.23 AS tools
RUN go build ./...
FROM ubuntu:24.04
RUN apt-get update && apt-get install -y --no-install-recommends make gcc && rm -rf /var/lib/apt/lists/*
COPY --from=tools /go/bin/ /usr/local/bin/
