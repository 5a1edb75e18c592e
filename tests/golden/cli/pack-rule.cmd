1
--rules tests/packs/acme.yaml --select no-curl-pipe-shell --select ACME003 -f json tests/golden/cli/pack.Dockerfile
