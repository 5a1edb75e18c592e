1
check --select user-missing --select healthcheck-missing tests/golden/family
