1
-f checklist tests/golden/cli/multi-image
