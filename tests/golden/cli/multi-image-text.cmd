1
tests/golden/cli/multi-image
