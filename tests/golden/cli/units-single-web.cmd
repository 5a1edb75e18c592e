0
-f json --select copy-source-missing --select stage-unused tests/golden/units/single/services/web/Dockerfile
