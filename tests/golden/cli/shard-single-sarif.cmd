1
--ignore shellcheck -f sarif tests/golden/shard
