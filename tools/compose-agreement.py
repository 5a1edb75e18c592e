#!/usr/bin/env python3
"""compose-agreement.py — how often plimsoll agrees with dclint's and
compose-go's own test cases.

Reads the test sources of the two projects from trees given on the command
line (they are never copied into this project), extracts every case and runs
plimsoll on it. Not run by `make test`: it needs the other projects' sources.

    tools/compose-agreement.py --plimsoll build/plimsoll \
        [--dclint-tests PATH/TO/docker-compose-linter] [--dclint BIN] \
        [--compose-go PATH/TO/compose-go] [-v]

dclint: tests/rules/<rule>-rule.spec.ts. A case is one `test(...)` block
that calls runRuleTest: the YAML constant it parses, the options given to
the rule's constructor, and the number of expected messages. plimsoll runs
with `--select <rule>` and the options under `options:`. The tests give no
lines; when a dclint binary is given it is the oracle for lines (it runs
with only that rule on, same options), so a case agrees when plimsoll's
sorted lines equal dclint's; without it, when the counts equal the test's.

compose-go: loader/*_test.go and loader/tests/*_test.go. A case is one
inline YAML given to load(t, ...), loadYAML(...) or a test helper, with the
verdict of the assertion on its error that follows (NilError: valid;
ErrorContains/Error: invalid; load(t, ...) asserts validity itself). plimsoll
runs with the validity rules selected; it agrees when it reports none of
them on a valid case and at least one on an invalid case.
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile

VALIDITY = ["compose-yaml-syntax", "compose-schema", "compose-interpolation",
            "compose-variable-required", "compose-reference"]


def run_plimsoll(binary, workdir, text, select, options=None):
    for name in os.listdir(workdir):
        os.unlink(os.path.join(workdir, name))
    with open(os.path.join(workdir, "compose.yaml"), "w") as f:
        f.write(text)
    cfg = os.path.join(workdir, ".plimsoll.yaml")
    with open(cfg, "w") as f:
        f.write("options:\n")
        for rule, opts in (options or {}).items():
            f.write("  %s: %s\n" % (rule, json.dumps(opts)))
        if not options:
            f.write("  {}\n")
    args = [binary, "check", "-f", "json", "-c", cfg, "--preset", "strict"]
    for s in select:
        args += ["--select", s]
    args.append(os.path.join(workdir, "compose.yaml"))
    p = subprocess.run(args, capture_output=True, text=True, timeout=60)
    try:
        doc = json.loads(p.stdout)
    except ValueError:
        return None, p.stderr.strip()[:200]
    return doc.get("findings", []), None


def run_dclint(binary, workdir, text, rule, options):
    path = os.path.join(workdir, "docker-compose.yml")
    with open(path, "w") as f:
        f.write(text)
    rules = {r: 0 for r in ALL_DCLINT_RULES}
    rules[rule] = [2, options] if options else 2
    cfg = os.path.join(workdir, ".dclintrc")
    with open(cfg, "w") as f:
        json.dump({"rules": rules}, f)
    p = subprocess.run([binary, "-f", "json", "-c", cfg, path],
                       capture_output=True, text=True, timeout=60, cwd=workdir)
    try:
        doc = json.loads(p.stdout)
    except ValueError:
        return None
    lines = []
    for fobj in doc:
        for m in fobj.get("messages", []):
            if m.get("rule") == rule:
                lines.append(m.get("line"))
    return sorted(lines)


ALL_DCLINT_RULES = []

# ------------------------------------------------------------------ dclint ---

TS_CONST = re.compile(r"const\s+(\w+)\s*=\s*`(.*?)`;", re.S)


def block_ends(src, start):
    """Index after the test block that starts at `start` (balanced parens)."""
    depth, i, n = 0, start, len(src)
    quote = None
    while i < n:
        c = src[i]
        if quote:
            if c == "\\":
                i += 2
                continue
            if c == quote:
                quote = None
        elif c in "'\"`":
            quote = c
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    return n


def js_eval(prelude, expr):
    code = prelude + "\nprocess.stdout.write(JSON.stringify(" + expr + "));"
    p = subprocess.run(["node", "-e", code], capture_output=True, text=True,
                       timeout=30)
    if p.returncode != 0:
        return None
    return json.loads(p.stdout)


def dclint_cases(tree):
    base = os.path.join(tree, "tests", "rules")
    for fname in sorted(os.listdir(base)):
        m = re.match(r"(.+)-rule\.spec\.ts$", fname)
        if not m:
            continue
        rule = m.group(1)
        ALL_DCLINT_RULES.append(rule)
        src = open(os.path.join(base, fname)).read()
        consts = {k: v for k, v in TS_CONST.findall(src)}
        for tm in re.finditer(r"^test\(\s*'([^']*)'", src, re.M):
            body = src[tm.start():block_ends(src, tm.start())]
            if "runRuleTest" not in body:
                continue
            ym = re.search(r"parseDocument\((\w+)\)", body) or \
                re.search(r"sourceCode:\s*(\w+)", body)
            if not ym or ym.group(1) not in consts:
                continue
            text = consts[ym.group(1)]
            options = {}
            cm = re.search(r"const rule = new \w+\((.*?)\);\n", body, re.S)
            if cm and cm.group(1).strip():
                prelude = body[body.index("=>") + 2:cm.start()].strip().lstrip("{")
                options = js_eval(prelude, cm.group(1))
                if options is None:
                    continue
            em = re.search(r"expectedMessages(?:: string\[\])?\s*=\s*\[(.*?)\];", body, re.S)
            if not em:
                continue
            count = em.group(1).count("getMessage(")
            yield rule, tm.group(1), text, options, count


def dclint_suite(args, workdir):
    per_rule = {}
    for rule, title, text, options, count in dclint_cases(args.dclint_tests):
        opts = {rule: options} if options else {}
        found, err = run_plimsoll(args.plimsoll, workdir, text, [rule], opts)
        lines = sorted(f["line"] for f in found) if found is not None else None
        if args.dclint:
            want = run_dclint(args.dclint, workdir, text, rule, options)
            ok = want is not None and lines == want
        else:
            want = "%d finding(s)" % count
            ok = lines is not None and len(lines) == count
        agree, total = per_rule.get(rule, (0, 0))
        per_rule[rule] = (agree + ok, total + 1)
        if args.verbose and not ok:
            print("  DIFF %s: %s\n    plimsoll %s, dclint %s %s" %
                  (rule, title, lines, want, err or ""))
    return per_rule


def dclint_corpus(args, workdir):
    """Every rule on every compose file under a directory: dclint's lines
    (all rules on, default options) against plimsoll's, rule by rule."""
    if not ALL_DCLINT_RULES:
        ALL_DCLINT_RULES.extend(sorted(
            re.match(r"(.+)-rule\.spec\.ts$", n).group(1)
            for n in os.listdir(os.path.join(args.dclint_tests, "tests", "rules"))
            if n.endswith("-rule.spec.ts")))
    per_rule = {}
    for root, dirs, files in os.walk(args.dclint_corpus):
        dirs[:] = sorted(d for d in dirs if d != ".git")
        for name in sorted(files):
            if not re.match(r"(docker-)?compose.*\.ya?ml$", name):
                continue
            path = os.path.join(root, name)
            text = open(path, errors="replace").read()
            cfg = os.path.join(workdir, ".dclintrc")
            with open(cfg, "w") as f:
                json.dump({"rules": {r: 2 for r in ALL_DCLINT_RULES}}, f)
            p = subprocess.run([args.dclint, "-f", "json", "-c", cfg, path],
                               capture_output=True, text=True, timeout=120)
            try:
                doc = json.loads(p.stdout)
            except ValueError:
                continue
            want = {r: [] for r in ALL_DCLINT_RULES}
            for fobj in doc:
                for m in fobj.get("messages", []):
                    if m.get("rule") in want:
                        want[m["rule"]].append(m["line"])
            found, err = run_plimsoll(args.plimsoll, workdir, text, ALL_DCLINT_RULES)
            got = {r: [] for r in ALL_DCLINT_RULES}
            for fd in found or []:
                for r in fd.get("aliases", []):
                    if r in got:
                        got[r].append(fd["line"])
            for r in ALL_DCLINT_RULES:
                ok = sorted(got[r]) == sorted(want[r])
                a, t = per_rule.get(r, (0, 0))
                per_rule[r] = (a + ok, t + 1)
                if args.verbose and not ok:
                    print("  DIFF %s %s: plimsoll %s, dclint %s" %
                          (os.path.relpath(path, args.dclint_corpus), r,
                           sorted(got[r]), sorted(want[r])))
    return per_rule


# -------------------------------------------------------------- compose-go ---

GO_RAW = r"`([^`]*)`"
GO_LOAD = re.compile(r"(?:(\w+)\s*(?:,\s*(\w+))?\s*:?=\s*)?"
                     r"(load|loadYAML|loadYAMLWithEnv|loadWithContext)\(\s*(?:t,\s*)?"
                     + GO_RAW, re.S)


def compose_go_cases(tree):
    dirs = [os.path.join(tree, "loader"), os.path.join(tree, "loader", "tests")]
    for d in dirs:
        for fname in sorted(os.listdir(d)):
            if not fname.endswith("_test.go") or "windows" in fname:
                continue
            src = open(os.path.join(d, fname)).read()
            for m in GO_LOAD.finditer(src):
                fn, text = m.group(3), m.group(4)
                if fn == "loadYAMLWithEnv":
                    continue  # needs the test's environment map
                if fn == "load":
                    verdict = "valid"
                else:
                    errvar = m.group(2) or m.group(1)
                    rest = src[m.end():m.end() + 600]
                    am = re.search(r"assert\.(NilError|ErrorContains|Error|Check)\(t,\s*(\w+)", rest)
                    if not am or am.group(2) != errvar:
                        continue
                    verdict = "valid" if am.group(1) == "NilError" else "invalid"
                line = src.count("\n", 0, m.start()) + 1
                yield "%s:%d" % (fname, line), text, verdict


def compose_go_suite(args, workdir):
    res = {"valid": [0, 0], "invalid": [0, 0]}
    # compose-go's tests load with SkipConsistencyCheck: a reference to an
    # undefined service or secret passes there, not in `docker compose config`
    noref = {"valid": [0, 0], "invalid": [0, 0]}
    for where, text, verdict in compose_go_cases(args.compose_go):
        found, err = run_plimsoll(args.plimsoll, workdir, text, VALIDITY)
        if found is None:
            ok = False
        else:
            hit = [f for f in found if f["name"] in VALIDITY]
            ok = (not hit) if verdict == "valid" else bool(hit)
            hit = [f for f in hit if f["name"] != "compose-reference"]
            noref[verdict][0] += (not hit) if verdict == "valid" else bool(hit)
        res[verdict][0] += ok
        res[verdict][1] += 1
        noref[verdict][1] += 1
        if args.verbose and not ok:
            print("  DIFF %s expected %s; plimsoll: %s" % (where, verdict,
                  err or "; ".join("%s %d: %s" % (f["name"], f["line"], f["message"][:90])
                                   for f in (found or [])) or "nothing"))
    return res, noref


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--plimsoll", default="build/plimsoll")
    ap.add_argument("--dclint-tests")
    ap.add_argument("--dclint", help="dclint binary: the oracle for lines")
    ap.add_argument("--compose-go")
    ap.add_argument("--dclint-corpus", help="compose files to compare on, all rules (needs --dclint)")
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as workdir:
        if args.dclint_tests:
            per_rule = dclint_suite(args, workdir)
            a = sum(v[0] for v in per_rule.values())
            t = sum(v[1] for v in per_rule.values())
            print("dclint (%s): %d/%d cases agree" %
                  ("lines vs dclint" if args.dclint else "counts vs tests", a, t))
            for rule, (ra, rt) in sorted(per_rule.items()):
                print("  %-42s %d/%d" % (rule, ra, rt))
        if args.dclint_corpus and args.dclint:
            per_rule = dclint_corpus(args, workdir)
            a = sum(v[0] for v in per_rule.values())
            t = sum(v[1] for v in per_rule.values())
            print("dclint on %s: %d/%d (file, rule) pairs agree" % (args.dclint_corpus, a, t))
            for rule, (ra, rt) in sorted(per_rule.items()):
                print("  %-42s %d/%d" % (rule, ra, rt))
        if args.compose_go:
            res, noref = compose_go_suite(args, workdir)
            print("compose-go: valid %d/%d, invalid %d/%d agree" %
                  (res["valid"][0], res["valid"][1], res["invalid"][0], res["invalid"][1]))
            print("  without compose-reference (the tests skip consistency checks):"
                  " valid %d/%d, invalid %d/%d" %
                  (noref["valid"][0], noref["valid"][1], noref["invalid"][0], noref["invalid"][1]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
