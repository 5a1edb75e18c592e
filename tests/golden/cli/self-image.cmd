0
-c tests/golden/cli/self-image.yaml --failure-threshold style -q Dockerfile .dockerignore
