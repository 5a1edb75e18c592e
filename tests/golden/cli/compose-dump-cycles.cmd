1
parse tests/compose/cycles --kind compose --dump json
