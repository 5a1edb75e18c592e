0
-c tests/golden/cli/preset-strict.yaml -q examples/Dockerfile
