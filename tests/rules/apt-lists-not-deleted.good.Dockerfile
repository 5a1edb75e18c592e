FROM ubuntu:24.04 AS builder
RUN apt-get update && apt-get install -y gcc
FROM ubuntu:24.04
COPY --from=builder /usr/bin/gcc /usr/local/bin/gcc
RUN apt-get update && apt-get install -y python3 && rm -rf /var/lib/apt/lists/*
RUN --mount=type=cache,target=/var/lib/apt/lists apt-get update && apt-get install -y curl
RUN --mount=type=cache,target=/var/lib/apt \
    --mount=type=cache,target=/var/cache/apt \
    rm -f /etc/apt/apt.conf.d/docker-clean && \
    apt-get update && apt-get install -y python3
RUN --mount=type=tmpfs,target=/var/cache/apt --mount=type=tmpfs,target=/var/lib/apt apt-get update
RUN --mount=type=cache,target=/var/cache/apt --mount=type=tmpfs,target=/var/lib/apt apt-get update
RUN apt-get update -q && apt-get install -y jq && rm -rf /var/lib/apt/lists
RUN apt-get install -y jq
