1
--preset strict tests/golden/cli/multi-image
