0
context tests/golden/units/sources --format json
