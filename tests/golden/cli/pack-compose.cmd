1
--rules tests/packs/acme-compose.yaml --select ACMEC001 --select ACMEC002 --select ACMEC003 --kind compose tests/golden/cli/pack-compose.yaml
