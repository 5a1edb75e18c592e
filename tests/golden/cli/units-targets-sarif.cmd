0
-f sarif --select user-root --select healthcheck-missing tests/golden/units/targets
