#!/bin/sh
# plimsoll(1) as `plimsoll man` prints it: man renders it without a warning,
# and it holds every option of --help, every exit status, every key of the
# config template and every rule with each of its aliases.
# Prints ok/FAIL/SKIP lines (see tests/run.sh).
bin=${PLIMSOLL_BIN:-build/asan/plimsoll}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
SOURCE_DATE_EPOCH=0 "$bin" man >"$tmp/plimsoll.1" || { echo "FAIL man-generates"; exit 1; }
sed -n 2p "$tmp/plimsoll.1" | grep -qx '\.TH PLIMSOLL 1 "1970-01-01" "plimsoll [0-9.]*" "User Commands"' &&
    echo "ok man-title" || { echo "FAIL man-title"; sed -n 2p "$tmp/plimsoll.1"; }
if ! command -v man >/dev/null 2>&1; then
    echo "SKIP man-renders (man is not installed)"
    exit 0
fi
warn=$(MANWIDTH=80 man --warnings -l "$tmp/plimsoll.1" 2>&1 >"$tmp/page.txt")
if [ -z "$warn" ] && [ -s "$tmp/page.txt" ]; then echo "ok man-renders"; else
    echo "FAIL man-renders"; printf '%s\n' "$warn" | head -10; fi
# the rendered text, words unhyphenated and one space apart
page=$(tr -s ' \n' '  ' <"$tmp/page.txt")
missing=""
for section in NAME SYNOPSIS DESCRIPTION COMMANDS OPTIONS "EXIT STATUS" CONFIGURATION RULES; do
    grep -q "^$section\$" "$tmp/page.txt" || missing="$missing [$section]"
done
# every option of --help
for opt in $("$bin" --help | sed -n 's/^ *\(-[a-z], \)\{0,1\}\(--[a-z-]*\).*/\2/p'); do
    case "$page" in *" $opt "*) ;; *) missing="$missing $opt" ;; esac
done
for code in 0 1 2; do
    printf '%s\n' "$page" | grep -q "EXIT STATUS .* $code [a-z]" || missing="$missing exit-$code"
done
# every key of the template `plimsoll init` writes, nested ones too
abs=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
(cd "$tmp" && "$abs" init >/dev/null) || missing="$missing init"
keys=$(sed -n 's/^ *\([a-z][a-z-]*\):.*/\1/p' "$tmp/.plimsoll.yaml")
[ -n "$keys" ] || missing="$missing config-keys"
for key in $keys; do
    case "$page" in *" $key "* | *" $key:"*) ;; *) missing="$missing config:$key" ;; esac
done
# every rule with its aliases, as `plimsoll rules` lists them
"$bin" rules | sed 's/^\(PL[0-9]*\)  *\([^ ]*\) .*\[\(.*\)\]$/\1 \2 \3/; s/^\(PL[0-9]*\)  *\([^ ]*\) .*/\1 \2/' >"$tmp/rules"
while read -r id name aliases; do
    case "$page" in *" $id $name ("*) ;; *) missing="$missing $id" ;; esac
    [ -n "$aliases" ] && case "$page" in *" $id $name ("*"Aliases: $aliases "*) ;; *) missing="$missing $id-aliases" ;; esac
done <"$tmp/rules"
if [ -z "$missing" ]; then echo "ok man-complete"; else echo "FAIL man-complete"; echo "  missing:$missing"; fi
