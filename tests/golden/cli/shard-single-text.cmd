1
--preset strict --ignore shellcheck tests/golden/shard
