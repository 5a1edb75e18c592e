1
-f json --advisories tests/advisories/pypi.zip --select requirements-vulnerable tests/advisories/requirements.txt
