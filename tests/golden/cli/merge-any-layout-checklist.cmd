1
merge -f checklist tests/golden/merge/part2-one-line.json tests/golden/merge/part1-keys-sorted.json
