1
check --select compose-reference -f text tests/golden/override-missing
