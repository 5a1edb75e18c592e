#!/bin/sh
# `plimsoll --version` names the commit the binary was built from: what
# git describe says of this checkout (the build rewrites it when it changes).
# Prints ok/FAIL/SKIP lines (see tests/run.sh).
bin=${PLIMSOLL_BIN:-build/asan/plimsoll}
out=$("$bin" --version)
if [ ! -e .git ] || ! command -v git >/dev/null 2>&1; then
    case "$out" in "plimsoll "*" (commit unknown)") echo "ok version-commit" ;;
    *) echo "FAIL version-commit"; echo "  $out" ;; esac
    exit 0
fi
want="plimsoll $(sed -n 's/^#define PLIMSOLL_VERSION "\(.*\)"$/\1/p' include/plimsoll/report.h) (commit $(git describe --tags --always --dirty))"
if [ "$out" = "$want" ]; then echo "ok version-commit"; else
    echo "FAIL version-commit"; echo "  got [$out], expected [$want]"; fi
[ "$("$bin" check --version)" = "$out" ] && echo "ok version-check-option" || echo "FAIL version-check-option"
