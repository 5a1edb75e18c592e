2
--rules tests/golden/cli/pack-bad.yaml tests/golden/cli/pack-compose.yaml
