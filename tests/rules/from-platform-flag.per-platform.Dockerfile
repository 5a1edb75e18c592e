# ollama's layout: a stage pinned to arm64 feeds a stage named and pinned
# for arm64; a pin nothing of the same platform uses is still reported
FROM --platform=linux/arm64 nvcr.io/nvidia/l4t-jetpack:r36.4.0 AS jetpack-6
RUN make -C /src
FROM --platform=linux/amd64 golang:1.24 AS tools
RUN go build -o /tools ./cmd/tools
FROM --platform=linux/arm64 scratch AS arm64
COPY --from=jetpack-6 /dist/lib /lib/
FROM --platform=linux/amd64 debian:bookworm-slim
COPY --from=arm64 /lib /lib
COPY --from=tools /tools /usr/bin/tools
# expect: 9:6
