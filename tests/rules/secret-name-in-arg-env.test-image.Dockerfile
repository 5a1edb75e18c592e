# path: tests/test-engine-image/Dockerfile.api_test
# harbor's e2e test-engine image: built in CI, never pushed; nobody pulls
# its history
FROM ubuntu:22.04
ENV COSIGN_PASSWORD=Harbor12345
