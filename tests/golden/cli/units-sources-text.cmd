1
-q --select build-target-missing --select build-arg-unused --select stage-unused --select copy-source-missing tests/golden/units/sources
