1
--preset strict --ignore shellcheck --shard 1/2 -f json tests/golden/shard
