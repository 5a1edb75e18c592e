# config: dockerfiles:
# config:   stage-unused.arg-from.Dockerfile: {target: final}
# A FROM built from ARGs picks its stage when the build runs: every stage
# whose name fits `build_*` may be the one.
FROM rust:1.83-alpine AS build_amd64
FROM rust:1.83-alpine AS build_arm64
FROM rust:1.83-alpine AS build_armv7
FROM rust:1.83-alpine AS build_armv6
FROM --platform=$BUILDPLATFORM build_${TARGETARCH}${TARGETVARIANT} AS build
RUN cargo build --release
# a stage whose name does not fit is still never built
# expect: 13:1
FROM rust:1.83-alpine AS lint
FROM alpine:3.20 AS final
COPY --from=build /app /app
