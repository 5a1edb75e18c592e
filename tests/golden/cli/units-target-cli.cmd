0
-q --target production --select stage-unused --select user-missing tests/golden/units/fixture/multi/Dockerfile -c tests/golden/units/empty.yaml
