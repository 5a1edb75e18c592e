#!/bin/sh
# Runs every unit-test binary given, then the golden tests and the test
# scripts in tests/scripts/, and prints one
# summary line. Exit status 1 when anything failed.
passed=0; failed=0; skipped=0; bad=""
# ShellCheck results are cached under $XDG_CACHE_HOME: never the user's
# cache, never a test repository's $HOME
XDG_CACHE_HOME=$(mktemp -d "${TMPDIR:-/tmp}/plimsoll-test-cache.XXXXXX"); export XDG_CACHE_HOME
trap 'rm -rf "$XDG_CACHE_HOME"' EXIT
for t in "$@"; do
    out=$("$t" 2>&1); rc=$?
    p=$(printf '%s\n' "$out" | sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' | tail -n1)
    f=$(printf '%s\n' "$out" | sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' | tail -n1)
    s=$(printf '%s\n' "$out" | sed -n 's/^\[  SKIPPED \] \([0-9]*\) test.*/\1/p' | tail -n1)
    passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0})); skipped=$((skipped + ${s:-0}))
    if [ $rc -ne 0 ] || [ -n "$f" ]; then
        [ -z "$f" ] && failed=$((failed + 1))
        bad="$bad $(basename "$t")"
        printf '%s\n' "$out" | grep -v '^\[       OK \]\|^\[ RUN      \]' | tail -n 40
    fi
    printf '%s\n' "$out" | grep '^\[  SKIPPED \] [a-z_]' | sed "s|^|$(basename "$t"): |"
done
# golden.sh, then each tests/scripts/*.sh: both print ok/FAIL/SKIP lines
for s in tests/golden.sh tests/scripts/*.sh; do
    [ -x "$s" ] || continue
    n=$(basename "$s" .sh)
    out=$("$s" 2>&1); rc=$?
    printf '%s\n' "$out" | grep -v '^ok ' | tail -n 60
    gp=$(printf '%s\n' "$out" | grep -c '^ok ')
    gf=$(printf '%s\n' "$out" | grep -c '^FAIL ')
    gs=$(printf '%s\n' "$out" | grep -c '^SKIP ')
    passed=$((passed + gp)); failed=$((failed + gf)); skipped=$((skipped + gs))
    [ $rc -ne 0 ] && [ "$gf" -eq 0 ] && { failed=$((failed + 1)); bad="$bad $n.sh"; }
    [ "$gf" -gt 0 ] && bad="$bad $n"
done
[ -n "$bad" ] && echo "failing:$bad"
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
