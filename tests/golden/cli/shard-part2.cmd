1
--preset strict --ignore shellcheck --shard 2/2 -f json tests/golden/shard
