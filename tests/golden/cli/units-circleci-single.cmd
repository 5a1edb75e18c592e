0
-f checklist --select copy-source-missing tests/golden/units/circleci/docker/Dockerfile
