2
parse tests/golden/cli/parse-envfile.env --kind envfile --dump buildkit
