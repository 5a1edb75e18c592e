1
-q --select copy-source-missing --select build-target-missing --select build-arg-unused --select stage-unused --select user-missing tests/golden/units/fixture
