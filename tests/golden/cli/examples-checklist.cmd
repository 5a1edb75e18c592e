1
-f checklist examples
