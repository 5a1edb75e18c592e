0
-f checklist --select image-tag-missing --select image-digest-missing tests/golden/units/unknown-arg
