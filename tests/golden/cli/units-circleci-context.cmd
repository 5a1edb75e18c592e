0
context tests/golden/units/circleci
