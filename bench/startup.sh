#!/bin/bash
# The cost of one small Dockerfile, start-up included (what a pre-commit
# hook pays; its own command, `check --staged --quiet`, too): a scratch git
# repository holding one Dockerfile, checked N
# times by each plimsoll binary given, next to /bin/true (the floor of
# starting any process here). Runs are interleaved (true, each binary,
# again), so that all see the same load. Prints, per command, the minimum
# and median wall time, the median CPU time (user+sys, from the shell's
# `times`, 1 ms resolution) and the minor page faults of one run (by
# /usr/bin/time, when installed); and the load average.
# A benchmark, not a test: it prints figures and never fails on them.
#
# Usage: bench/startup.sh [N] [BINARY...]   (default 100 build/plimsoll)
set -u
here=$(cd "$(dirname "$0")/.." && pwd)
n=100
case ${1:-} in [0-9]*) n=$1; shift ;; esac
bins=("$@")
[ ${#bins[@]} -eq 0 ] && bins=("$here/build/plimsoll")
for ((b = 0; b < ${#bins[@]}; b++)); do
    bins[b]=$(cd "$(dirname "${bins[b]}")" && pwd)/$(basename "${bins[b]}")
done
tmp=$(mktemp -d "${TMPDIR:-/tmp}/plimsoll-startup.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
repo=$tmp/repo
mkdir -p "$repo"
printf 'FROM alpine:3.19\nRUN apk add --no-cache curl\nUSER nobody\nCMD ["curl", "--version"]\n' \
    >"$repo/Dockerfile"
git -C "$repo" init -q && git -C "$repo" add Dockerfile &&
    git -C "$repo" -c user.name=bench -c user.email=bench@localhost commit -qm one ||
    { echo "bench/startup.sh: cannot make a git repository" >&2; exit 2; }
cd "$repo" || exit 2

# the commands: "LABEL<TAB>COMMAND WORDS"
cmds=("true	/bin/true")
for bin in "${bins[@]}"; do
    cmds+=("$bin check -f json	$bin check -f json"
        "$bin check -f json Dockerfile	$bin check -f json Dockerfile"
        "$bin check	$bin check"
        "$bin check --staged --quiet (the hook)	$bin check --staged --quiet")
done

# the children's user+sys so far, in ms, into $cms: `times` run in this
# shell (in a pipeline or $(...) it would time a subshell), read without
# starting a process (which would count as a child)
to_ms() { # 1m2.345s -> 62345
    local m=${1%%m*} s=${1#*m}
    s=${s%s}
    REPLY=$((10#$m * 60000 + 10#${s%.*} * 1000 + 10#${s#*.}))
}
child_ms() {
    local u s
    times >"$tmp/times"
    { read -r _ _; read -r u s; } <"$tmp/times"
    to_ms "$u"
    cms=$REPLY
    to_ms "$s"
    cms=$((cms + REPLY))
}

echo "one Dockerfile in a git repository; $n interleaved runs each"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
for ((r = 0; r < n; r++)); do
    for ((c = 0; c < ${#cmds[@]}; c++)); do
        read -r -a words <<<"${cmds[c]#*	}"
        child_ms
        c0=$cms
        t0=$EPOCHREALTIME
        "${words[@]}" >/dev/null 2>&1
        t1=$EPOCHREALTIME
        child_ms
        echo "$t0 $t1 $((cms - c0))" >>"$tmp/t$c"
    done
done
echo "load average after:  $(cut -d' ' -f1-3 /proc/loadavg)"

median() { sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
for ((c = 0; c < ${#cmds[@]}; c++)); do
    read -r -a words <<<"${cmds[c]#*	}"
    faults=-
    if [ -x /usr/bin/time ]; then
        /usr/bin/time -f '%R' -o "$tmp/faults" "${words[@]}" >/dev/null 2>&1
        faults=$(tail -n 1 "$tmp/faults")
    fi
    awk '{ printf "%.3f %d\n", ($2 - $1) * 1000, $3 }' "$tmp/t$c" >"$tmp/ms$c"
    awk -v l="${cmds[c]%%	*}" -v min="$(awk '{ print $1 }' "$tmp/ms$c" | sort -n | head -n 1)" \
        -v med="$(awk '{ print $1 }' "$tmp/ms$c" | median)" -v cpu="$(awk '{ print $2 }' "$tmp/ms$c" | median)" \
        -v f="$faults" \
        'BEGIN { printf "  %-58s wall min %6.2f ms  median %6.2f ms  CPU median %5.1f ms  faults %s\n",
                 l, min, med, cpu, f }'
done
