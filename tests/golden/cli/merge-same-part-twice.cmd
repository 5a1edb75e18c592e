1
merge -f checklist tests/golden/cli/shard-part1.out tests/golden/cli/shard-part1.out
