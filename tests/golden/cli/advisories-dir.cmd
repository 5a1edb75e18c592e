1
--advisories tests/advisories/osv --select requirements-vulnerable tests/advisories/requirements.txt
