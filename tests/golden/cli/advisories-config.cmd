1
-c tests/advisories/plimsoll.yaml -f checklist --select requirements-vulnerable tests/advisories/requirements.txt
