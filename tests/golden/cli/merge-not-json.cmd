2
merge tests/golden/cli/shard-bad.cmd
