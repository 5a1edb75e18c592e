1
--ignore shellcheck tests/golden/shard
