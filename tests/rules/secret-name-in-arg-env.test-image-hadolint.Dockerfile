# path: tests/engine/Dockerfile
# select: DL3064
# hadolint reads every file alike
FROM ubuntu:24.04
ENV COSIGN_PASSWORD=Harbor12345
# expect: 5:1
CMD ["bash"]
