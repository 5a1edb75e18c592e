2
parse tests/golden/cli/parse-requirements.txt --kind dockerignore
