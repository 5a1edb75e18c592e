# torchserve's Dockerfile.cpp: the install after the update runs under sudo
FROM ubuntu:22.04
RUN apt-get update && sudo apt-get install -y --no-install-recommends cmake \
    && rm -rf /var/lib/apt/lists/*
RUN sudo apt-get update
# expect: 5:1
