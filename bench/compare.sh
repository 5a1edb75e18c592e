#!/bin/sh
# `make bench`: plimsoll at HEAD, plimsoll at the previous commit (built in
# a temporary git worktree) and the npm peers (dockerfilelint and
# dockerfile-utils for Dockerfiles, dclint for compose files; installed into
# a temporary prefix, skipped with a message when npm or the registry is not
# there), side by side on the same files, with `cat` of those files as the
# floor. Prints files/s, MB/s, wall time, peak RSS and the ratio to cat;
# then plimsoll's curves: the corpus at 1x/2x/4x/8x, -j1/-j2/-jN, and one
# Dockerfile of N `RUN echo i` lines (linear time, bounded memory); and
# one small Dockerfile in a git repository, start-up included
# (bench/startup.sh, STARTUP_RUNS runs, default 50).
#
# A benchmark, not a test: it prints figures and never fails on them.
# Usage: bench/compare.sh [CORPUS_DIR]   (make bench CORPUS=dir)
# Without a corpus, the generated one of bench/run.sh is used.
set -u
here=$(cd "$(dirname "$0")/.." && pwd)
head_bin=$here/build/plimsoll
tmp=$(mktemp -d "${TMPDIR:-/tmp}/plimsoll-bench.XXXXXX")
trap cleanup EXIT
trap 'exit 130' INT TERM
cleanup() {
    git -C "$here" worktree remove --force "$tmp/prev" >/dev/null 2>&1
    rm -rf "$tmp"
}
nproc=$(nproc 2>/dev/null || echo 1)

corpus=${1:-}
if [ -z "$corpus" ]; then
    PLIMSOLL_BENCH_DIR=${PLIMSOLL_BENCH_DIR:-${TMPDIR:-/tmp}/plimsoll-bench-corpus} \
        "$here/bench/run.sh" "$head_bin" "${BENCH_FILES:-2000}" >/dev/null 2>&1
    corpus=${PLIMSOLL_BENCH_DIR:-${TMPDIR:-/tmp}/plimsoll-bench-corpus}
fi
corpus=$(cd "$corpus" && pwd)

# the files every tool reads, as paths on the command line
find "$corpus" -type f \( -name Dockerfile -o -name 'Dockerfile.*' -o -name '*.Dockerfile' \
    -o -name '*.dockerfile' -o -name Containerfile \) ! -path '*/.git/*' | sort >"$tmp/dockerfiles"
find "$corpus" -type f \( -name 'compose.y*ml' -o -name 'docker-compose*.y*ml' \) \
    ! -path '*/.git/*' | sort >"$tmp/composefiles"
nfiles=$(wc -l <"$tmp/dockerfiles")
bytes=$(tr '\n' '\0' <"$tmp/dockerfiles" | xargs -0 cat | wc -c)
echo "corpus: $corpus: $nfiles Dockerfiles, $bytes bytes; $(wc -l <"$tmp/composefiles") compose files"

# one process for the whole list: xargs' default buffer (128 kB) would split
# a corpus of a few thousand paths over several runs, each with its own
# start-up and peak memory
argmax=$(( $(getconf ARG_MAX 2>/dev/null || echo 2097152) - 65536 ))
[ "$argmax" -gt 2000000 ] && argmax=2000000

# runs "$@" with the file list as arguments; prints one line of figures
cat_ms=1
measure() {
    label=$1; list=$2; shift 2
    n=$(wc -l <"$list")
    b=$(tr '\n' '\0' <"$list" | xargs -0 cat | wc -c)
    tr '\n' '\0' <"$list" | xargs -0 cat >/dev/null 2>&1 # warm the page cache
    if [ "$(wc -c <"$list")" -ge "$argmax" ]; then
        echo "  ($label: the paths do not fit one command line; several processes)"
    fi
    /usr/bin/time -f '%e %M %U %S' -o "$tmp/time" sh -c 'm=$1; shift; tr "\n" "\0" <"$0" | xargs -0 -s "$m" "$@" >/dev/null 2>&1' \
        "$list" "$argmax" "$@"
    # the last line: before it, time may say the command's exit status
    tail -n 1 "$tmp/time" >"$tmp/time.last"
    read -r wall rss user sys <"$tmp/time.last"
    ms=$(awk -v w="$wall" 'BEGIN { m = w * 1000; if (m < 1) m = 1; printf "%d", m }')
    [ "$label" = cat ] && cat_ms=$ms
    # CPU time too: on a shared machine the wall time says more about the load
    awk -v l="$label" -v ms="$ms" -v f="$n" -v b="$b" -v rss="$rss" -v cat="$cat_ms" \
        -v cpu="$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%d", (u + s) * 1000 }')" \
        'BEGIN { printf "  %-44s %6d ms %8.0f files/s %7.2f MB/s %7.1f MB RSS %6.1fx cat %6d ms CPU\n",
                 l, ms, f * 1000 / ms, b / 1000 / ms, rss / 1024, ms / cat, cpu }'
    last_ms=$ms
    last_rss=$rss
}

# the step from the previous point of a curve: time and memory ratios
# against the ratio of the sizes (equal ratios: linear; memory should stay flat)
prev_ms=0
step() { # SIZE_RATIO
    if [ "$prev_ms" -gt 0 ]; then
        awk -v t="$last_ms" -v pt="$prev_ms" -v m="$last_rss" -v pm="$prev_rss" -v k="$1" \
            'BEGIN { printf "  %-44s time x%.2f, memory x%.2f for x%s the input\n", "", t / pt, m / pm, k }'
    fi
    prev_ms=$last_ms
    prev_rss=$last_rss
}

echo "== same files, one run each (wall, peak RSS, ratio to cat)"
measure "cat" "$tmp/dockerfiles" cat
measure "plimsoll HEAD (ShellCheck off)" "$tmp/dockerfiles" "$head_bin" -f json --ignore shellcheck
measure "plimsoll HEAD (ShellCheck on, cold cache)" "$tmp/dockerfiles" \
    env XDG_CACHE_HOME="$tmp/xdg" "$head_bin" -f json
measure "plimsoll HEAD (ShellCheck on, warm cache)" "$tmp/dockerfiles" \
    env XDG_CACHE_HOME="$tmp/xdg" "$head_bin" -f json

if git -C "$here" rev-parse -q --verify HEAD~1 >/dev/null &&
    git -C "$here" worktree add --detach "$tmp/prev" HEAD~1 >/dev/null 2>&1 &&
    make -C "$tmp/prev" -j"$nproc" >/dev/null 2>&1; then
    measure "plimsoll HEAD~1 (ShellCheck off)" "$tmp/dockerfiles" \
        "$tmp/prev/build/plimsoll" -f json --ignore shellcheck
else
    echo "  plimsoll HEAD~1: could not be built in a temporary worktree; skipped"
fi

# each peer on its own: one missing from the registry skips only itself
nb=$tmp/npm/node_modules/.bin
for pkg in dockerfilelint dockerfile-utils @zavoloklom/docker-compose-linter; do
    if ! command -v npm >/dev/null 2>&1 ||
        ! npm install --silent --no-audit --no-fund --prefix "$tmp/npm" "$pkg" >/dev/null 2>&1; then
        echo "  $pkg: npm or the registry is not available; skipped"
    fi
done
[ -x "$nb/dockerfilelint" ] && measure "dockerfilelint" "$tmp/dockerfiles" "$nb/dockerfilelint"
if [ -x "$nb/dockerfile-utils" ]; then
    measure "dockerfile-utils lint (one process a file)" "$tmp/dockerfiles" \
        sh -c 'for f; do "$0" lint "$f"; done' "$nb/dockerfile-utils"
fi
if [ -s "$tmp/composefiles" ] && [ -x "$nb/dclint" ]; then
    measure "plimsoll HEAD (compose files)" "$tmp/composefiles" "$head_bin" -f json
    measure "dclint (compose files)" "$tmp/composefiles" "$nb/dclint"
fi

echo "== plimsoll HEAD, ShellCheck off: the corpus repeated (memory must not grow with it)"
prev_ms=0
for k in 1 2 4 8; do
    : >"$tmp/many"
    c=0
    while [ $c -lt $k ]; do
        if [ ! -e "$tmp/copies/$c/c" ]; then
            mkdir -p "$tmp/copies/$c"
            cp -al "$corpus" "$tmp/copies/$c/c" 2>/dev/null || cp -a "$corpus" "$tmp/copies/$c/c" || break
        fi
        sed "s|^$corpus|$tmp/copies/$c/c|" "$tmp/dockerfiles" >>"$tmp/many"
        c=$((c + 1))
    done
    measure "${k}x ($(wc -l <"$tmp/many") files)" "$tmp/many" "$head_bin" -f json --ignore shellcheck
    step 2
done

echo "== plimsoll HEAD, ShellCheck off: threads"
for j in $(printf '%s\n' 1 2 "$nproc" | sort -nu); do
    measure "-j$j" "$tmp/dockerfiles" "$head_bin" -j "$j" -f json --ignore shellcheck
done

echo "== plimsoll HEAD, ShellCheck off: one Dockerfile of N 'RUN echo i' lines"
prev_ms=0
for n in 10000 20000 40000; do
    mkdir -p "$tmp/lines$n"
    awk -v n="$n" 'BEGIN { print "FROM alpine:3.20"; for (i = 0; i < n; i++) print "RUN echo " i }' \
        >"$tmp/lines$n/Dockerfile"
    echo "$tmp/lines$n/Dockerfile" >"$tmp/one"
    measure "N=$n" "$tmp/one" "$head_bin" -f json --ignore shellcheck
    step 2
done
mkdir -p "$tmp/apk"
awk 'BEGIN { print "FROM alpine:3.20"; for (i = 0; i < 100000; i++) print "RUN apk add pkg" i }' \
    >"$tmp/apk/Dockerfile"
echo "$tmp/apk/Dockerfile" >"$tmp/one"
measure "N=100000 'RUN apk add'" "$tmp/one" "$head_bin" -f json --ignore shellcheck

echo "== one Dockerfile in a git repository, start-up included (HEAD, HEAD~1 when built)"
prev_bin=
[ -x "$tmp/prev/build/plimsoll" ] && prev_bin=$tmp/prev/build/plimsoll
"$here/bench/startup.sh" "${STARTUP_RUNS:-50}" "$head_bin" $prev_bin | sed 's/^/  /'
exit 0
