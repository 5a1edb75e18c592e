2
merge tests/golden/merge/part1-cut.json
