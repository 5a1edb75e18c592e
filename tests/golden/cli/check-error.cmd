1
-q --select JSONArgsRecommended --select StageNameCasing --select DL3025 -f json tests/golden/cli/check-error.Dockerfile
