#!/bin/sh
# bench/compose.sh: plimsoll beside dclint on the same compose files (for
# example a checkout of docker/awesome-compose): wall time and peak RSS of
# one run over all of them. dclint is the one on PATH, or $DCLINT; without
# it the script says so and measures plimsoll alone.
#
# A benchmark, not a test: it prints figures and never fails on them.
# Usage: bench/compose.sh CORPUS_DIR [PLIMSOLL_BINARY]
set -u
here=$(cd "$(dirname "$0")/.." && pwd)
corpus=${1:?usage: bench/compose.sh CORPUS_DIR [PLIMSOLL_BINARY]}
bin=${2:-$here/build/plimsoll}
dclint=${DCLINT:-$(command -v dclint 2>/dev/null || true)}
if [ ! -x /usr/bin/time ]; then
    echo "bench/compose.sh: /usr/bin/time is needed for peak RSS; skipped"
    exit 0
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/plimsoll-compose-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
find "$corpus" -type f \( -name 'compose.y*ml' -o -name 'docker-compose*.y*ml' \) \
    ! -path '*/.git/*' | sort >"$tmp/files"
n=$(wc -l <"$tmp/files")
bytes=$(tr '\n' '\0' <"$tmp/files" | xargs -0 cat | wc -c)
echo "corpus: $n compose files, $bytes bytes"

# best wall time of three runs, and the peak RSS of that run
measure() {
    label=$1
    shift
    best=
    for _ in 1 2 3; do
        /usr/bin/time -f '%e %M' -o "$tmp/time" sh -c 'tr "\n" "\0" <"$0" | xargs -0 "$@" >/dev/null 2>&1' \
            "$tmp/files" "$@"
        wall=$(tail -n 1 "$tmp/time" | cut -d" " -f1)
        rss=$(tail -n 1 "$tmp/time" | cut -d" " -f2)
        if [ -z "$best" ] || [ "$(echo "$wall < $best" | bc)" = 1 ]; then
            best=$wall
            best_rss=$rss
        fi
    done
    printf '%-34s wall %6.2f s   peak RSS %7d KiB\n' "$label" "$best" "$best_rss"
}

measure "plimsoll --kind compose -j1" "$bin" check -q -j1 --kind compose --failure-threshold none
measure "plimsoll --kind compose" "$bin" check -q --kind compose --failure-threshold none
if [ -n "$dclint" ] && [ -x "$dclint" ]; then
    measure "dclint $("$dclint" --version 2>/dev/null)" "$dclint" --max-warnings -1
else
    echo "dclint: not found (put it on PATH or set DCLINT); skipped"
fi
