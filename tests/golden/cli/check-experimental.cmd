0
-f github tests/golden/cli/check-experimental.Dockerfile
