#!/bin/sh
# The completion scripts `plimsoll completion bash|zsh|fish` prints: bash
# loads one and completes subcommands, option values and rule names from the
# rule table; zsh and fish parse theirs (and fish completes), when installed.
# Prints ok/FAIL/SKIP lines (see tests/run.sh).
bin=${PLIMSOLL_BIN:-build/asan/plimsoll}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for sh in bash zsh fish; do
    "$bin" completion $sh >"$tmp/plimsoll.$sh" || echo "FAIL completion-$sh (exit status $?)"
done
"$bin" completion tcsh >/dev/null 2>&1
[ $? -eq 2 ] && echo "ok completion-unknown-shell" || echo "FAIL completion-unknown-shell (not exit 2)"

# complete WORDS...: the candidates bash offers for the last word
cat >"$tmp/run.bash" <<'SH'
. "$1"; shift
COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMPREPLY=()
_plimsoll
printf '%s\n' "${COMPREPLY[@]}"
SH
check() { # name expected-output words...
    name=$1 want=$2; shift 2
    got=$(bash "$tmp/run.bash" "$tmp/plimsoll.bash" "$@" 2>&1 | tr '\n' ' ')
    if [ "$got" = "$want" ]; then echo "ok bash-$name"; else
        echo "FAIL bash-$name"; echo "  $*: got [$got], expected [$want]"; fi
}
out=$(bash -c '. "$1"; complete -p plimsoll' _ "$tmp/plimsoll.bash" 2>&1)
[ "$out" = "complete -o default -F _plimsoll plimsoll" ] && echo "ok bash-loads" ||
    { echo "FAIL bash-loads"; echo "  $out"; }
check rule-name 'user-root ' plimsoll --ignore user-ro
check rule-alias 'DL3002 ' plimsoll --select DL3002
check rule-explain 'JSONArgsRecommended ' plimsoll explain JSONArgs
check option-value 'json junit ' plimsoll --format j
check option-equals 'json junit ' plimsoll --format = j
check threshold 'style ' plimsoll check --failure-threshold st
check subcommand 'context completion ' plimsoll co
check hook 'install ' plimsoll hook ins
check options '--select --staged --stdin-filename --shard ' plimsoll --s
check rules-format 'json ' plimsoll rules --format js
check shells 'zsh ' plimsoll completion z
# every rule id is offered, so a new rule completes without editing anything
n=$(bash "$tmp/run.bash" "$tmp/plimsoll.bash" plimsoll --ignore PL | wc -l)
want=$("$bin" rules | grep -c '^PL')
[ "$n" -eq "$want" ] && echo "ok bash-every-rule-id" || echo "FAIL bash-every-rule-id ($n of $want)"
command -v shellcheck >/dev/null 2>&1 &&
    { shellcheck -s bash "$tmp/plimsoll.bash" >"$tmp/sc" 2>&1 && echo "ok bash-shellcheck" ||
        { echo "FAIL bash-shellcheck"; head -20 "$tmp/sc"; }; }

if command -v zsh >/dev/null 2>&1; then
    zsh -n "$tmp/plimsoll.zsh" 2>"$tmp/err" && echo "ok zsh-parses" || { echo "FAIL zsh-parses"; head "$tmp/err"; }
    out=$(zsh -f -c 'autoload -Uz compinit && compinit -u -D && . "$1" && echo $_comps[plimsoll]' _ "$tmp/plimsoll.zsh" 2>&1)
    [ "$out" = _plimsoll ] && echo "ok zsh-compdef" || { echo "FAIL zsh-compdef"; echo "  $out"; }
    mkdir -p "$tmp/zsh" && cp "$tmp/plimsoll.zsh" "$tmp/zsh/_plimsoll"
    # name|expected candidates|line, asked in one zsh session
    cat >"$tmp/zcases" <<'CASES'
rule-name|user-root|plimsoll --ignore user-ro
rule-alias|DL3002|plimsoll explain DL3002
option-value|json junit|plimsoll --format j
subcommand|completion context|plimsoll co
hook|uninstall|plimsoll hook un
option|--failure-threshold|plimsoll --fail
CASES
    set --
    while IFS='|' read -r name want line; do set -- "$@" "$line"; done <"$tmp/zcases"
    (cd "$tmp" && timeout 120 zsh -f "$OLDPWD/tests/scripts/zsh_capture.zsh" "$tmp/zsh" "$@") >"$tmp/zgot" 2>&1
    i=0
    while IFS='|' read -r name want line; do
        i=$((i + 1))
        got=$(sed -n "${i}p" "$tmp/zgot" | tr ' ' '\n' | sort | tr '\n' ' ' | sed 's/ $//')
        if [ "$got" = "$want" ]; then echo "ok zsh-$name"; else
            echo "FAIL zsh-$name"; echo "  $line: got [$got], expected [$want]"; fi
    done <"$tmp/zcases"
else
    echo "SKIP zsh (zsh is not installed)"
fi
if command -v fish >/dev/null 2>&1; then
    fish -n "$tmp/plimsoll.fish" 2>"$tmp/err" && echo "ok fish-parses" || { echo "FAIL fish-parses"; head "$tmp/err"; }
    out=$(HOME=$tmp fish --no-config -c 'source $argv[1]; complete -C "plimsoll --ignore user-ro"; complete -C "plimsoll --format chec"; complete -C "plimsoll hook un"' "$tmp/plimsoll.fish" 2>&1 | tr '\n' '|')
    case "$out" in
    "user-root	Runs as a non-root user|checklist	"*"|checkstyle	"*"|uninstall|") echo "ok fish-completes" ;;
    *) echo "FAIL fish-completes"; echo "  $out" ;;
    esac
else
    echo "SKIP fish (fish is not installed)"
fi
