1
merge -f json tests/golden/cli/shard-part1.out tests/golden/cli/shard-part2.out
