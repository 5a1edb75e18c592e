1
--select PL0001 --select PL0005 tests/golden/fragments
