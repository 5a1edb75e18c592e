0
-c tests/golden/cli/self-image.yaml --preset strict --failure-threshold style -q Dockerfile .dockerignore
