1
parse tests/golden/cli/parse-requirements.txt --kind requirements --dump json
