# the cross-compilation helpers of tonistiigi/xx copied into a builder
# whose layers reach no image; the image that ships takes only the binary
FROM tonistiigi/xx:1.6.1 AS xx
FROM rust:1.86 AS builder
COPY --from=xx / /
RUN xx-cargo build --release
FROM debian:bookworm-slim AS base
FROM base
COPY --from=builder / /
# expect: 9:1
