0
context tests/golden/units/reuse --format json
