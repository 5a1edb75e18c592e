1
--select DL3006 --select DL3007 tests/golden/units/localbase/app/Dockerfile
