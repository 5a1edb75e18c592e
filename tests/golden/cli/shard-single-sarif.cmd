1
--preset strict --ignore shellcheck -f sarif tests/golden/shard
