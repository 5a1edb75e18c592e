1
--select compose-port-not-exposed --select compose-healthcheck-tool-missing tests/golden/cards
