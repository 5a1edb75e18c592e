#!/bin/sh
# Golden tests of the command line: each tests/golden/cli/NAME.cmd holds the
# expected exit status on its first line and the arguments on its second
# (run from the repository root, with NAME.stdin as input when it exists,
# in an environment of PATH, HOME and LANG only, plus the NAME=VALUE lines
# of NAME.environ when it exists: compose interpolation reads the environment);
# NAME.out is the expected stdout, NAME.err (optional) the expected stderr. Run-to-run noise (timings, today's date,
# the commit hash) is masked. PLIMSOLL_UPDATE_GOLDEN=1 rewrites the files.
# Prints "ok NAME", "FAIL NAME" or "SKIP NAME (why)" per case.
bin=${PLIMSOLL_BIN:-build/asan/plimsoll}
status=0
mask() {
    sed -e 's/ in [0-9][0-9.]* ms/ in N ms/' \
        -e 's/[0-9]\{4\}-[0-9]\{2\}-[0-9]\{2\}/YYYY-MM-DD/g' \
        -e 's/ @ [0-9a-f]\{7\}/ @ COMMIT/g' \
        -e 's/^\(plimsoll [^ ]*\) (commit [^)]*)$/\1 (commit COMMIT)/' \
        -e 's/^[^ ]*: \([0-9]* passed, \)/REPO: \1/' \
        -e 's/^# Container verification — [^ ]*/# Container verification — REPO/' \
        -e 's/"elapsed_ms": [0-9.]*/"elapsed_ms": N/' \
        -e '/"repository": {/,/}/s/"\(name\|commit\)": ".*"/"\1": "\1"/'
}
for cmd in tests/golden/cli/*.cmd; do
    [ -f "$cmd" ] || continue
    name=$(basename "$cmd" .cmd)
    dir=$(dirname "$cmd")
    want_rc=$(sed -n 1p "$cmd")
    args=$(sed -n 2p "$cmd")
    case "$args" in
    *SHARED*)
        [ -d ../shared ] || { echo "SKIP $name (../shared is missing)"; continue; } ;;
    esac
    # the compose-spec schema is embedded only when ../shared is there at
    # build time; outputs that show its verdicts need it
    if [ ! -f ../shared/conformance/compose-spec/compose-spec.json ] &&
        grep -q -e 'compose-spec schema' -e 'PL2100' "$dir/$name.out" 2>/dev/null; then
        echo "SKIP $name (built without the compose-spec schema: ../shared is missing)"
        continue
    fi
    args=$(printf '%s' "$args" | sed 's|SHARED|../shared|g')
    out=$(mktemp); err=$(mktemp)
    # shellcheck disable=SC2086
    input=/dev/null
    [ -f "$dir/$name.stdin" ] && input="$dir/$name.stdin"
    vars=""
    [ -f "$dir/$name.environ" ] && vars=$(cat "$dir/$name.environ")
    # shellcheck disable=SC2086
    env -i PATH="$PATH" HOME="$HOME" LANG="${LANG:-C.UTF-8}" NO_COLOR=1 $vars \
        $bin $args <"$input" >"$out" 2>"$err"
    rc=$?
    mask <"$out" >"$out.m"; mask <"$err" >"$err.m"
    if [ -n "${PLIMSOLL_UPDATE_GOLDEN:-}" ]; then
        printf '%s\n%s\n' "$rc" "$(sed -n 2p "$cmd")" >"$cmd"
        cp "$out.m" "$dir/$name.out"
        if [ -s "$err.m" ]; then cp "$err.m" "$dir/$name.err"; else rm -f "$dir/$name.err"; fi
        echo "ok $name (updated)"
    else
        ok=1
        [ "$rc" = "$want_rc" ] || { echo "  $name: exit status $rc, expected $want_rc"; ok=0; }
        if ! diff -u "$dir/$name.out" "$out.m" >"$out.d" 2>&1; then
            echo "  $name: stdout differs:"; head -40 "$out.d"; ok=0
        fi
        if [ -f "$dir/$name.err" ] && ! diff -u "$dir/$name.err" "$err.m" >"$err.d" 2>&1; then
            echo "  $name: stderr differs:"; head -20 "$err.d"; ok=0
        fi
        if [ $ok = 1 ]; then echo "ok $name"; else echo "FAIL $name"; status=1; fi
    fi
    rm -f "$out" "$err" "$out.m" "$err.m" "$out.d" "$err.d"
done
exit $status
