1
check --compose-file tests/compose/files/b.yaml --compose-file tests/compose/files/a.yaml --env-file tests/compose/files/deploy.env tests/compose/files
