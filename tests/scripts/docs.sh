#!/bin/sh
# docs/rules/ is what `plimsoll docs` generates from the rule table (run
# `make docs` after changing rules/*.yaml), with one page per rule, and each
# SARIF helpUri names one of those pages.
# Prints ok/FAIL/SKIP lines (see tests/run.sh).
bin=${PLIMSOLL_BIN:-build/asan/plimsoll}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$bin" docs "$tmp/rules" || { echo "FAIL docs-generate"; exit 1; }
if diff -r docs/rules "$tmp/rules" >"$tmp/diff" 2>&1; then echo "ok docs-current"; else
    echo "FAIL docs-current (docs/rules is stale: run make docs)"; head -20 "$tmp/diff"; fi
n=$(find "$tmp/rules" -name '*.md' | wc -l)
want=$(($("$bin" rules | grep -c '^PL') + 1))
[ "$n" -eq "$want" ] && echo "ok docs-one-page-per-rule" || echo "FAIL docs-one-page-per-rule ($n pages, $want expected)"
# a finding of every kind the example repository has, through SARIF
"$bin" -f sarif examples >"$tmp/sarif" 2>/dev/null
uris=$(sed -n 's|.*"helpUri": *"[^"]*/blob/main/\(docs/rules/[^"]*\)".*|\1|p' "$tmp/sarif")
bad=""
for u in $uris; do [ -f "$u" ] || bad="$bad $u"; done
if [ -n "$uris" ] && [ -z "$bad" ]; then echo "ok sarif-helpuri-pages"; else
    echo "FAIL sarif-helpuri-pages"; echo "  missing:${bad:- no helpUri at all}"; fi
# a rule from a pack has no page, so no helpUri
"$bin" -f sarif --rules tests/packs/acme.yaml --select no-curl-pipe-shell tests/golden/cli/pack.Dockerfile >"$tmp/pack" 2>&1
if grep -q '"id": *"ACME001"' "$tmp/pack" && ! grep -q helpUri "$tmp/pack"; then echo "ok sarif-pack-rule-no-helpuri"; else
    echo "FAIL sarif-pack-rule-no-helpuri"; fi
