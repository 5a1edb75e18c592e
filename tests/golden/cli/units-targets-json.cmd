1
-f json --select user-root --select user-missing --select final-stage-toolchain --select healthcheck-missing --select copy-source-missing --select stage-unused tests/golden/units/targets
