0
-f checklist --select user-root --select user-missing tests/golden/units/args
