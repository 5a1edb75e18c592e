# path: tests/engine/Dockerfile
# harbor's e2e engine image: a test password in an image that never ships
FROM ubuntu:24.04
ENV COSIGN_PASSWORD=Harbor12345
CMD ["bash"]
