0
parse tests/compose/extends/compose.yaml --kind compose --dump json
