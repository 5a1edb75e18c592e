# select: DL3067
FROM tonistiigi/xx:1.6.1 AS xx
FROM rust:1.86 AS builder
COPY --from=xx / /
RUN xx-cargo build --release
FROM debian:bookworm-slim
COPY --from=builder /target/release/app /usr/local/bin/app
# expect: 4:1
