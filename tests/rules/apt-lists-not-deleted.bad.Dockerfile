FROM ubuntu:24.04 AS base
RUN apt-get update && apt-get install -y python3
FROM base AS build
RUN apt update && apt install -y make
FROM ubuntu:24.04 AS unused
RUN apt-get update && apt-get install -y gcc
ONBUILD RUN aptitude update && aptitude install -y git
FROM build
RUN --mount=type=cache,target=/var/cache/apt apt-get update && apt-get install -y curl
RUN --mount=type=cache,target=/var/lib/apt apt-get update && apt-get install -y curl
RUN apt-get update && apt-get install -y jq && rm -rf /tmp/*
RUN apt-get update && \
    apt-get install -y vim
RUN rm -rf /var/lib/apt/lists/* && apt-get update && apt-get install -y git
# expect: 2:1
# expect: 4:1
# expect: 7:9
# expect: 9:1
# expect: 10:1
# expect: 11:1
# expect: 12:1
# expect: 14:1
