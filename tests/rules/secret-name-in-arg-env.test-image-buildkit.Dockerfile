# path: tests/test-engine-image/Dockerfile.api_test
# select: SecretsUsedInArgOrEnv
# expect: 6:5
# BuildKit's reading judges every Dockerfile
FROM ubuntu:22.04
ENV COSIGN_PASSWORD=Harbor12345
