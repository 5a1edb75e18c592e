#!/bin/sh
# Checks the package tools/deb.sh built: its control fields and file list
# (dpkg-deb -I/-c), then installs it with dpkg into a scratch root and runs
# the installed binary, man page and bash completion from there.
# Usage: tools/check-deb.sh BUILD_DIR
set -u
build=${1:-build}
version=$(sed -n 's/^#define PLIMSOLL_VERSION "\(.*\)"$/\1/p' include/plimsoll/report.h)
deb=$build/plimsoll_${version}_$(dpkg --print-architecture).deb
fails=0
ok() { echo "ok deb: $1"; }
fail() { echo "FAIL deb: $1"; fails=$((fails + 1)); }
[ -f "$deb" ] || { echo "FAIL deb: $deb was not built"; exit 1; }

info=$(dpkg-deb -I "$deb") || fail "dpkg-deb -I"
field() { printf '%s\n' "$info" | sed -n "s/^ $1: //p"; }
[ "$(field Package)" = plimsoll ] && ok "Package" || fail "Package: $(field Package)"
[ "$(field Version)" = "$version" ] && ok "Version $version" || fail "Version: $(field Version)"
deps=$(field Depends)
# the runtime packages of the libraries plimsoll links, whatever their
# release-specific names (libgit2-1.5 on bookworm, libgit2-1.7 on noble)
for want in 'libyaml-0-2' 'libcjson1' 'libgit2-[0-9.]*' 'libpcre2-8-0' 'libc6'; do
    if printf '%s\n' "$deps" | tr ',' '\n' | grep -q "^ *$want (>= [0-9][^)]*)$"; then
        ok "Depends on $want"
    else
        fail "Depends lacks $want: $deps"
    fi
done

files=$(dpkg-deb -c "$deb" | awk '{print $1, $2, $6}')
for want in '-rwxr-xr-x root/root ./usr/bin/plimsoll' \
    '-rw-r--r-- root/root ./usr/share/man/man1/plimsoll.1.gz' \
    '-rw-r--r-- root/root ./usr/share/doc/plimsoll/copyright' \
    '-rw-r--r-- root/root ./usr/share/bash-completion/completions/plimsoll' \
    '-rw-r--r-- root/root ./usr/share/zsh/vendor-completions/_plimsoll' \
    '-rw-r--r-- root/root ./usr/share/fish/vendor_completions.d/plimsoll.fish'; do
    printf '%s\n' "$files" | grep -qxF -- "$want" && ok "contains ${want##* }" || fail "missing: $want"
done

# install into a scratch root with its own dpkg database; the libraries it
# depends on are this machine's, so only their absence there is forced
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
mkdir -p "$scratch/var/lib/dpkg/info" "$scratch/var/lib/dpkg/updates"
: >"$scratch/var/lib/dpkg/status"
: >"$scratch/var/lib/dpkg/available"
if dpkg --root="$scratch" --force-depends --force-not-root --log=/dev/null -i "$deb" >"$scratch/dpkg.log" 2>&1; then
    ok "dpkg -i into a scratch root"
else
    fail "dpkg -i: $(tail -n 3 "$scratch/dpkg.log")"
fi
dpkg --root="$scratch" -s plimsoll 2>/dev/null | grep -q '^Status: install ok installed' &&
    ok "dpkg -s: installed" || fail "dpkg -s: not installed"
out=$("$scratch/usr/bin/plimsoll" --version 2>&1)
case "$out" in
"plimsoll $version (commit "*")") ok "plimsoll --version: $out" ;;
*) fail "plimsoll --version: $out" ;;
esac
grep -q 'MIT License' "$scratch/usr/share/doc/plimsoll/copyright" && ok "copyright holds the licence" ||
    fail "copyright lacks the licence"
if command -v man >/dev/null 2>&1; then
    warn=$(man --warnings -l "$scratch/usr/share/man/man1/plimsoll.1.gz" 2>&1 >/dev/null)
    [ -z "$warn" ] && ok "man -l renders the installed page without warnings" || fail "man: $warn"
fi
comp=$(bash -c '. "$1"; complete -p plimsoll; COMP_WORDS=(plimsoll --ignore user-ro); COMP_CWORD=2; _plimsoll; echo "${COMPREPLY[*]}"' \
    _ "$scratch/usr/share/bash-completion/completions/plimsoll" 2>&1)
case "$comp" in
*"-F _plimsoll plimsoll"*user-root) ok "installed bash completion completes rule names" ;;
*) fail "bash completion: $comp" ;;
esac
[ "$fails" -eq 0 ] && echo "deb: $deb passed every check"
[ "$fails" -eq 0 ]
