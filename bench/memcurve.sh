#!/bin/bash
# The memory curve: peak RSS (and wall, CPU) of one run over 1x, 2x and 4x
# a list of files, for each output format, and of `plimsoll merge` of the
# JSON reports of those runs. The 2x and 4x corpora are copies of the files
# under fresh directories (the same path twice is one file to plimsoll).
# The target: the peak of a run is bounded by its largest file, not by its
# number of files, so the three columns are about the same.
# A benchmark, not a test: it prints figures and never fails on them.
#
# Usage: bench/memcurve.sh LIST [BINARY] [-- PLIMSOLL_ARGS...]
#   LIST    a file of paths, one a line (spaces allowed)
#   BINARY  default build/plimsoll
#   FORMATS (env) default: json text checklist sarif junit github gitlab checkstyle merge
#   PLIMSOLL_ARGS default: --ignore shellcheck
set -u
list=${1:?usage: bench/memcurve.sh LIST [BINARY] [-- ARGS...]}
shift
bin=build/plimsoll
if [ $# -gt 0 ] && [ "$1" != "--" ]; then bin=$1; shift; fi
[ $# -gt 0 ] && shift
args=("$@")
[ ${#args[@]} -eq 0 ] && args=(--ignore shellcheck)
bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
tmp=$(mktemp -d "${TMPDIR:-/tmp}/plimsoll-memcurve.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

mapfile -t files <"$list"
for copy in 1 2 3 4; do
    mkdir -p "$tmp/$copy"
    printf '%s\0' "${files[@]}" | xargs -0 cp --parents -t "$tmp/$copy" 2>/dev/null
done
corpus() { # SCALE: the copies' paths, one a line
    for ((copy = 1; copy <= $1; copy++)); do
        for f in "${files[@]}"; do printf '%s\n' "$tmp/$copy/$f"; done
    done
}
echo "${#files[@]} files x 1, 2, 4; plimsoll check ${args[*]}"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"

measure() { # COMMAND...: prints "peak_MB wall cpu"
    /usr/bin/time -f '%M %e %U %S' -o "$tmp/t" "$@" >/dev/null 2>&1
    tail -n 1 "$tmp/t" | awk '{ printf "%6.1f MB %6.2f s %6.2f s", $1 / 1024, $2, $3 + $4 }'
}
for fmt in ${FORMATS:-json text checklist sarif junit github gitlab checkstyle merge}; do
    line=$(printf '  %-10s' "$fmt")
    first=
    for scale in 1 2 4; do
        mapfile -t run < <(corpus "$scale")
        if [ "$fmt" = merge ]; then
            "$bin" check "${args[@]}" -f json -o "$tmp/report.json" "${run[@]}" >/dev/null 2>&1
            m=$(measure "$bin" merge -f text "$tmp/report.json")
        else
            m=$(measure "$bin" check "${args[@]}" -f "$fmt" "${run[@]}")
        fi
        peak=${m%% MB*}
        [ -z "$first" ] && first=$peak
        line+=$(printf '  %sx: %s' "$scale" "$m")
    done
    line+=$(awk -v a="$first" -v b="$peak" 'BEGIN { if (a > 0) printf "  4x/1x %.2f", b / a }')
    echo "$line"
done
echo "load average after:  $(cut -d' ' -f1-3 /proc/loadavg)"
echo "(each: peak RSS, wall, CPU user+sys)"
