#!/bin/bash
# Whether two plimsoll binaries print the same bytes: each format over a
# list of files (one run naming them all, with and without -q) and over
# each directory given (checked from inside it, as `plimsoll check .`).
# The elapsed time the text formats print ("in 123 ms") and junit's
# time="0.123" are left out.
# For a change meant to make plimsoll faster without changing what it says.
#
# Usage: bench/same-output.sh OLD_BINARY NEW_BINARY LIST [DIR...]
#   FORMATS (env) default: json text checklist sarif
set -u
old=${1:?usage: bench/same-output.sh OLD NEW LIST [DIR...]}
new=${2:?}
list=${3:?}
shift 3
old=$(cd "$(dirname "$old")" && pwd)/$(basename "$old")
new=$(cd "$(dirname "$new")" && pwd)/$(basename "$new")
mapfile -t files <"$list"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/plimsoll-same.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
differ=0
compare() { # NAME COMMAND... (run by each binary in turn, in the current directory)
    local name=$1
    shift
    "$old" "$@" >"$tmp/old" 2>&1
    echo "exit $?" >>"$tmp/old"
    "$new" "$@" >"$tmp/new" 2>&1
    echo "exit $?" >>"$tmp/new"
    sed -i -E 's/ in [0-9.]+ ms/ in N ms/; s/ time="[0-9.]+"/ time="N"/' "$tmp/old" "$tmp/new"
    if cmp -s "$tmp/old" "$tmp/new"; then
        echo "  same     $name ($(wc -c <"$tmp/new") bytes)"
    else
        echo "  DIFFERS  $name"
        diff "$tmp/old" "$tmp/new" | head -n 10
        differ=1
    fi
}
for f in ${FORMATS:-json text checklist sarif}; do
    compare "-f $f, ${#files[@]} files" check --ignore shellcheck -f "$f" "${files[@]}"
    compare "-q -f $f, ${#files[@]} files" check --ignore shellcheck -q -f "$f" "${files[@]}"
    for d in "$@"; do
        pushd "$d" >/dev/null || continue
        compare "-f $f, $d" check --ignore shellcheck -f "$f" .
        popd >/dev/null || exit 2
    done
done
exit $differ
