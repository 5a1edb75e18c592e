1
-f checklist --select user-missing --select user-root --select healthcheck-missing --select build-target-missing --select build-arg-unused --select stage-unused tests/golden/units/compose
