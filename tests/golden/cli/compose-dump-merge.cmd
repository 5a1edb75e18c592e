0
parse tests/compose/merge --kind compose --dump json
