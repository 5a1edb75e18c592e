#!/bin/sh
# Builds the Debian package of plimsoll with dpkg-deb from what `make` built.
# Usage: tools/deb.sh BUILD_DIR   (writes BUILD_DIR/plimsoll_<version>_<arch>.deb)
#
# Depends: is derived from the binary itself, as dpkg-shlibdeps would: each
# shared library it links directly (readelf NEEDED), resolved by the dynamic
# loader (ldd), belongs to a package (dpkg -S); the package is required at
# least in the upstream version installed here, the one it was built against.
set -eu
build=${1:-build}
bin=$build/plimsoll
for f in "$bin" "$build/plimsoll.1" "$build/completions/plimsoll.bash" \
    "$build/completions/_plimsoll" "$build/completions/plimsoll.fish" LICENSE; do
    [ -f "$f" ] || { echo "deb: $f is missing (run make first)" >&2; exit 1; }
done
for tool in dpkg-deb dpkg dpkg-query readelf ldd gzip; do
    command -v "$tool" >/dev/null 2>&1 || { echo "deb: $tool is needed" >&2; exit 1; }
done

version=$(sed -n 's/^#define PLIMSOLL_VERSION "\(.*\)"$/\1/p' include/plimsoll/report.h)
arch=$(dpkg --print-architecture)
[ -n "$version" ] || { echo "deb: no PLIMSOLL_VERSION in include/plimsoll/report.h" >&2; exit 1; }

# the package owning a library path (usrmerge: /lib may be /usr/lib)
owner() {
    for p in "$1" "$(readlink -f "$1")" "/usr$1"; do
        pkg=$(dpkg -S "$p" 2>/dev/null | sed -n '1s/^\([^:,]*\).*/\1/p')
        [ -n "$pkg" ] && { echo "$pkg"; return 0; }
    done
    return 1
}

depends=""
add_depend() { # LIBRARY PATH
    [ -n "$2" ] || { echo "deb: $1 is not found by the dynamic loader" >&2; exit 1; }
    pkg=$(owner "$2") || { echo "deb: no package owns $2" >&2; exit 1; }
    full=$(dpkg-query -W -f '${Version}' "$pkg")
    # the upstream part: no epoch, no Debian revision
    upstream=$(printf '%s' "$full" | sed -e 's/^[0-9]*://' -e 's/-[^-]*$//' -e 's/+ds.*$//')
    case " $depends " in *" $pkg "*) return 0 ;; esac
    depends="$depends${depends:+, }$pkg (>= $upstream)"
}
for lib in $(readelf -d "$bin" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'); do
    add_depend "$lib" "$(ldd "$bin" | awk -v l="$lib" '$1 == l && $3 ~ /^\// {print $3; exit}')"
done
# libgit2 is loaded on first use (dlopen, include/plimsoll/libgit2.h), so it
# is not NEEDED: the soname the headers were built against
gitver=$(pkg-config --variable=includedir libgit2 2>/dev/null)/git2/version.h
soname=libgit2.so.$(sed -n 's/^#define LIBGIT2_SOVERSION *"\(.*\)"$/\1/p' "$gitver")
add_depend "$soname" "$(/sbin/ldconfig -p | awk -v l="$soname" '$1 == l {print $NF; exit}')"

root=$build/deb/root
rm -rf "$build/deb"
mkdir -p "$root/DEBIAN" "$root/usr/bin" "$root/usr/share/man/man1" \
    "$root/usr/share/doc/plimsoll" "$root/usr/share/bash-completion/completions" \
    "$root/usr/share/zsh/vendor-completions" "$root/usr/share/fish/vendor_completions.d"
install -m 755 "$bin" "$root/usr/bin/plimsoll"
strip --strip-unneeded "$root/usr/bin/plimsoll" 2>/dev/null || true
gzip -9n <"$build/plimsoll.1" >"$root/usr/share/man/man1/plimsoll.1.gz"
install -m 644 "$build/completions/plimsoll.bash" "$root/usr/share/bash-completion/completions/plimsoll"
install -m 644 "$build/completions/_plimsoll" "$root/usr/share/zsh/vendor-completions/_plimsoll"
install -m 644 "$build/completions/plimsoll.fish" "$root/usr/share/fish/vendor_completions.d/plimsoll.fish"
# machine-readable copyright (DEP-5) with the licence text
{
    echo "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/"
    echo "Upstream-Name: plimsoll"
    echo
    echo "Files: *"
    sed -n 's/^Copyright /Copyright: /p' LICENSE | head -n1
    echo "License: MIT"
    sed -e 's/^$/./' -e 's/^/ /' LICENSE
} >"$root/usr/share/doc/plimsoll/copyright"
chmod 644 "$root/usr/share/doc/plimsoll/copyright" "$root/usr/share/man/man1/plimsoll.1.gz"

size=$(du -sk --exclude=DEBIAN "$root" | cut -f1)
cat >"$root/DEBIAN/control" <<EOF
Package: plimsoll
Version: $version
Architecture: $arch
Maintainer: The plimsoll authors <plimsoll@users.noreply.github.com>
Installed-Size: $size
Depends: $depends
Section: devel
Priority: optional
Homepage: https://github.com/acme/plimsoll
Description: static checks of a repository's container setup
 plimsoll reads Dockerfiles, .dockerignore files and the git tree, and
 prints a checklist with evidence: every hadolint rule, BuildKit's build
 checks, whether every COPY source exists in the build context and is
 tracked by git, what the build context sends, and secrets committed to
 the repository. It never runs docker or anything from the repository.
EOF
find "$root" -type d -exec chmod 755 {} +

out=$build/plimsoll_${version}_${arch}.deb
dpkg-deb --root-owner-group -Zxz --build "$root" "$out" >/dev/null
rm -rf "$build/deb"
echo "deb: $out"
echo "deb: Depends: $depends"
