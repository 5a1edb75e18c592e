#!/bin/bash
# Times plimsoll against cat on the same files, N times each, and prints
# the medians: wall time, CPU time (user+sys) and peak RSS, with the ratio to
# cat and the machine's load average. On a shared machine the wall time says
# more about the load than about plimsoll: compare the CPU times too.
# Several binaries (say, before and after a change) are timed in turn within
# each round, so that they see the same load.
# A benchmark, not a test: it prints figures and never fails on them.
#
# Usage: bench/repeat.sh LIST [N] [BINARY...] [-- PLIMSOLL_ARGS...]
#   LIST    a file of paths, one a line (spaces allowed)
#   N       rounds (default 10)
#   BINARY  plimsoll binaries (default build/plimsoll)
#   PLIMSOLL_ARGS default: -f json --ignore shellcheck
set -u
list=${1:?usage: bench/repeat.sh LIST [N] [BINARY...] [-- ARGS...]}
shift
n=10
case ${1:-} in [0-9]*) n=$1; shift ;; esac
bins=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do bins+=("$1"); shift; done
[ $# -gt 0 ] && shift
args=("$@")
[ ${#args[@]} -eq 0 ] && args=(-f json --ignore shellcheck)
[ ${#bins[@]} -eq 0 ] && bins=(build/plimsoll)
mapfile -t files <"$list"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/plimsoll-repeat.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

cat "${files[@]}" >/dev/null 2>&1 # warm the page cache
bytes=$(cat "${files[@]}" 2>/dev/null | wc -c)
echo "${#files[@]} files, $bytes bytes; $n rounds; plimsoll check ${args[*]}"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"

run() { # LABEL COMMAND...
    local label=$1
    shift
    /usr/bin/time -f '%e %U %S %M' -o "$tmp/t" "$@" >/dev/null 2>&1
    tail -n 1 "$tmp/t" >>"$tmp/$label"
}
for ((r = 0; r < n; r++)); do
    run cat cat "${files[@]}"
    for ((b = 0; b < ${#bins[@]}; b++)); do
        run "bin$b" "${bins[$b]}" check "${args[@]}" "${files[@]}"
    done
done
echo "load average after:  $(cut -d' ' -f1-3 /proc/loadavg)"

median() { sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
report() { # LABEL NAME
    local wall cpu rss
    wall=$(awk '{ print $1 }' "$tmp/$1" | median)
    cpu=$(awk '{ print $2 + $3 }' "$tmp/$1" | median)
    rss=$(awk '{ print $4 }' "$tmp/$1" | sort -n | tail -n 1)
    [ "$1" = cat ] && { cat_wall=$wall; cat_cpu=$cpu; }
    awk -v l="$2" -v w="$wall" -v c="$cpu" -v m="$rss" -v cw="$cat_wall" -v cc="$cat_cpu" \
        'BEGIN { rw = 0; rc = 0
                 if (cw > 0) rw = w / cw
                 if (cc > 0) rc = c / cc
                 printf "  %-40s wall %6.3f s (%5.1fx cat)  CPU %6.3f s (%5.1fx cat)  peak RSS %6.1f MB\n",
                        l, w, rw, c, rc, m / 1024 }'
}
echo "medians of $n:"
report cat cat
for ((b = 0; b < ${#bins[@]}; b++)); do
    report "bin$b" "${bins[$b]}"
done
