2
context tests/golden/context/fixture --format xml
