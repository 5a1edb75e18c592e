2
--advisories tests/advisories/none tests/advisories/requirements.txt
