0
context tests/golden/context/fixture --format json
