1
--select user-missing --select user-root --select healthcheck-missing tests/golden/units/compose
