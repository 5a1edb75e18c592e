1
merge -f sarif tests/golden/cli/shard-part1.out tests/golden/cli/shard-part2.out
