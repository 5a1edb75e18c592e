1
merge -f json tests/golden/merge/part1-keys-sorted.json tests/golden/merge/part2-one-line.json
