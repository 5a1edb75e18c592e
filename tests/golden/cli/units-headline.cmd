0
-f checklist --select user-missing --select healthcheck-missing tests/golden/units/fixture/services/api/Dockerfile
