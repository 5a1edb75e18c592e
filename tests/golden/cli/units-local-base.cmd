1
-f checklist --select image-tag-missing --select image-tag-latest tests/golden/units/localbase
