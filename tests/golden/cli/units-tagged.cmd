0
-f checklist --select image-tag-missing tests/golden/units/tagged
