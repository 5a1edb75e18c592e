# config: trusted-registries: ["ghcr*", "hub.docker.com"]
FROM ghcr.io/acme/base:1
FROM alpine:3.20
FROM gcr.io/distroless/static
# expect: 4:6
