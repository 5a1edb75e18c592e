0
context tests/golden/context/fixture -f tests/golden/context/fixture/web.Dockerfile --format json
