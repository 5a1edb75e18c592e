#!/bin/sh
# Makes sure the libraries plimsoll builds against are installed.
# Usage: tools/deps.sh [build|test|fuzz]
# Missing Debian packages are installed with apt-get when running as root;
# otherwise the exact command to run is printed and the script fails.
set -u
what=${1:-build}

# pkg-config module -> Debian package
modules="yaml-0.1:libyaml-dev libcjson:libcjson-dev libgit2:libgit2-dev libpcre2-8:libpcre2-dev zlib:zlib1g-dev"
[ "$what" = test ] || [ "$what" = fuzz ] && modules="$modules cmocka:libcmocka-dev"

missing=""
command -v pkg-config >/dev/null 2>&1 || missing="pkg-config"
for m in $modules; do
    mod=${m%%:*}
    pkg=${m#*:}
    if ! command -v pkg-config >/dev/null 2>&1 || ! pkg-config --exists "$mod"; then
        missing="$missing $pkg"
    fi
done
# the ShellCheck integration is tested against the real program
if [ "$what" = test ]; then
    command -v shellcheck >/dev/null 2>&1 || missing="$missing shellcheck"
    # the man page is checked with man itself (man --warnings -l)
    command -v man >/dev/null 2>&1 || missing="$missing man-db"
    # the official JSON Schema draft-07 cases the schema validator is run against
    [ -d /usr/share/json-schema-test-suite/tests/draft7 ] || missing="$missing json-schema-test-suite"
fi
if [ "$what" = fuzz ]; then
    command -v clang >/dev/null 2>&1 || missing="$missing clang"
    # libFuzzer's runtime ships in Debian's libclang-rt-*-dev on newer releases
    if command -v clang >/dev/null 2>&1; then
        printf 'int LLVMFuzzerTestOneInput(const char*d,unsigned long n){(void)d;(void)n;return 0;}\n' >/tmp/pl_fz$$.c
        if ! clang -fsanitize=fuzzer /tmp/pl_fz$$.c -o /tmp/pl_fz$$ >/dev/null 2>&1; then
            v=$(clang --version | sed -n 's/.*clang version \([0-9]*\).*/\1/p' | head -n1)
            missing="$missing libclang-rt-$v-dev"
        fi
        rm -f /tmp/pl_fz$$ /tmp/pl_fz$$.c
    fi
fi
missing=$(echo $missing)
[ -z "$missing" ] && exit 0

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "plimsoll: installing missing packages: $missing"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null && apt-get install -y -qq $missing >/dev/null || {
        echo "plimsoll: apt-get install failed; run: apt-get install -y $missing" >&2
        exit 1
    }
    exit 0
fi
echo "plimsoll: missing build dependencies. Run:" >&2
echo "    sudo apt-get install -y $missing" >&2
exit 1
