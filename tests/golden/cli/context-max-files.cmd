1
-c tests/golden/cli/context-max-files/.plimsoll.yaml --select context-over-budget --select copy-source-missing tests/golden/cli/context-max-files/app
