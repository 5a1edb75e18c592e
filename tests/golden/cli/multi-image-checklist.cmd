1
--preset strict -f checklist tests/golden/cli/multi-image
