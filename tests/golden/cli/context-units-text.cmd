0
context tests/golden/units/targets
