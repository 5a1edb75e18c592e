0
context tests/golden/context/fixture
