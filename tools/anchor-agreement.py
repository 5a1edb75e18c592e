#!/usr/bin/env python3
"""anchor-agreement.py — how often plimsoll agrees with hadolint's and
BuildKit's own test cases.

Reads the test sources of the two tools from trees given on the command line
(they are never copied into this project), extracts every case (Dockerfile
text, the rule it is about, the expected verdict) and runs plimsoll on it with
`--select <the anchor's code>`, so a merged rule judges in that anchor's
reading. Not run by `make test`: it needs the other projects' sources.

    tools/anchor-agreement.py --plimsoll build/plimsoll \
        --hadolint PATH/TO/hadolint --buildkit PATH/TO/buildkit [-v]

hadolint: test/Hadolint/Rule/DL*Spec.hs. A case is one assertion of an `it`
block: ruleCatches (at least one finding), ruleCatchesNot (none),
onBuildRuleCatches / ...Not (every RUN wrapped in ONBUILD; exactly one / none)
and assertChecks ... (failsWith N). Configurations (allowedRegistries,
labelSchema, strictLabels) become a .plimsoll.yaml. hadolint's tests give no
lines, so a case agrees when the number of findings agrees.

BuildKit: frontend/dockerfile/dockerfile_check_test.go (or the older
dockerfile_lint_test.go). A case is one checkLinterWarnings call; for each
rule the case names (or the one its test function is about), the expected
lines are those of that rule's warnings. It agrees when the sorted lines are
equal (the build's warnings or, where the test gives them, the lint
request's).
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile

# ---------------------------------------------------------------- Haskell ---

HS_TOKEN = re.compile(r'''
    (?P<ws>\s+)
  | (?P<comment>--[^\n]*)
  | (?P<block>\{-.*?-\})
  | (?P<string>"(?:[^"\\]|\\.|\\\s*\\)*")
  | (?P<char>'(?:[^'\\]|\\.)')
  | (?P<number>\d+)
  | (?P<ident>\??[A-Za-z_][A-Za-z0-9_.']*)
  | (?P<op><>|\+\+|\$|=|,|\(|\)|\[|\]|\{|\}|::|->|\\|[^\sA-Za-z0-9_"])
''', re.S | re.X)

HS_ESCAPES = {'n': '\n', 't': '\t', 'r': '\r', '\\': '\\', '"': '"', "'": "'",
              'a': '\a', 'b': '\b', 'f': '\f', 'v': '\v', '&': ''}


def hs_unescape(body):
    out, i = [], 0
    while i < len(body):
        ch = body[i]
        if ch != '\\':
            out.append(ch)
            i += 1
            continue
        i += 1
        nxt = body[i]
        if nxt.isspace():  # a string gap: \   \
            j = body.index('\\', i)
            i = j + 1
        elif nxt.isdigit():
            m = re.match(r'\d+', body[i:])
            out.append(chr(int(m.group(0))))
            i += len(m.group(0))
        elif nxt == 'x':
            m = re.match(r'x([0-9a-fA-F]+)', body[i:])
            out.append(chr(int(m.group(1), 16)))
            i += len(m.group(0))
        else:
            out.append(HS_ESCAPES.get(nxt, nxt))
            i += 1
    return ''.join(out)


def hs_tokens(text):
    toks = []
    for m in HS_TOKEN.finditer(text):
        kind = m.lastgroup
        if kind in ('ws', 'comment', 'block'):
            continue
        val = m.group(kind)
        if kind == 'string':
            val = hs_unescape(val[1:-1])
        toks.append((kind, val, m.start()))
    return toks


class HsEval:
    """Evaluates the small expression language the specs build Dockerfiles
    with: string literals, lists, Text.unlines / unwords / concat /
    intercalate, <> and ++, $, parentheses and let-bound names."""
    STOP = {'ruleCatches', 'ruleCatchesNot', 'onBuildRuleCatches',
            'onBuildRuleCatchesNot', 'assertChecks', 'assertOnBuildChecks',
            'it', 'describe', 'let', 'in', 'do', 'where', 'failsWith'}

    def __init__(self, toks, env):
        self.toks, self.env, self.i = toks, env, 0

    def peek(self):
        return self.toks[self.i] if self.i < len(self.toks) else ('eof', None, -1)

    def take(self):
        t = self.peek()
        self.i += 1
        return t

    def expr(self):
        left = self.app()
        while True:
            k, v, _ = self.peek()
            if k == 'op' and v in ('<>', '++'):
                self.take()
                right = self.app()
                if isinstance(left, list):
                    left = left + right
                else:
                    left = left + right
            else:
                return left

    def atom(self):
        k, v, _ = self.peek()
        if k == 'string':
            self.take()
            return v
        if k == 'op' and v == '(':
            self.take()
            val = self.expr()
            if self.peek()[1] == ')':
                self.take()
            return val
        if k == 'op' and v == '[':
            self.take()
            items = []
            while self.peek()[1] != ']' and self.peek()[0] != 'eof':
                items.append(self.expr())
                if self.peek()[1] == ',':
                    self.take()
            self.take()
            return items
        if k == 'ident' and v not in self.STOP:
            self.take()
            if v in self.env:
                return self.env[v]
            return ('fn', v)
        raise ValueError('unexpected %r' % (v,))

    def app(self):
        head = self.atom()
        if not (isinstance(head, tuple) and head[0] == 'fn'):
            return head
        name = head[1].split('.')[-1]
        if name == 'intercalate':
            sep = self.atom()
            arg = self.arg()
            return sep.join(arg)
        arg = self.arg()
        if name == 'unlines':
            return ''.join(s + '\n' for s in arg)
        if name == 'unwords':
            return ' '.join(arg)
        if name in ('concat', 'mconcat'):
            return ''.join(arg)
        if name in ('pack', 'fromString', 'id'):
            return arg
        raise ValueError('unknown function ' + head[1])

    def arg(self):
        if self.peek()[1] == '$':
            self.take()
            return self.expr()
        return self.atom()


def hs_config(text):
    """A hadolint Configuration literal as .plimsoll.yaml lines."""
    lines = []
    regs = re.search(r'allowedRegistries\s*=\s*\[([^\]]*)\]', text)
    if regs:
        names = re.findall(r'"([^"]*)"', regs.group(1))
        lines.append('trusted-registries: [%s]' % ', '.join(json.dumps(n) for n in names))
    schema = re.search(r'labelSchema\s*=\s*Map\.fromList\s*\[(.*?)\]\s*[,}]', text, re.S)
    if schema:
        lines.append('label-schema:')
        types = {'RawText': 'text', 'Url': 'url', 'SemVer': 'semver', 'GitHash': 'hash',
                 'Rfc3339': 'rfc3339', 'Spdx': 'spdx', 'Email': 'email'}
        for key, typ in re.findall(r'\(\s*"([^"]*)"\s*,\s*(?:Rule\.)?(\w+)\s*\)', schema.group(1)):
            lines.append('  %s: %s' % (json.dumps(key), types.get(typ, 'text')))
    if re.search(r'strictLabels\s*=\s*True', text):
        lines.append('strict-labels: true')
    return lines


def onbuild(text):
    """Wraps every RUN instruction in ONBUILD, as hadolint's
    onBuildRuleCatches does."""
    out, cont, heredoc = [], False, None
    for line in text.split('\n'):
        if heredoc is not None:
            out.append(line)
            if line.strip() == heredoc:
                heredoc = None
            continue
        stripped = line.lstrip()
        if cont and stripped.startswith('#'):
            out.append(line)
            continue
        if not cont and re.match(r'(?i)run(\s|$)', stripped):
            line = line[:len(line) - len(stripped)] + 'ONBUILD ' + stripped
            m = re.search(r'<<-?["\']?(\w+)["\']?', line)
            if m:
                heredoc = m.group(1)
        cont = bool(re.search(r'\\\s*$', line)) and not (not cont and stripped.startswith('#'))
        out.append(line)
    return '\n'.join(out)


def hadolint_cases(root):
    specdir = os.path.join(root, 'test', 'Hadolint', 'Rule')
    cases, problems = [], []
    for fname in sorted(os.listdir(specdir)):
        if not re.match(r'DL\d+Spec\.hs$', fname):
            continue
        text = open(os.path.join(specdir, fname), encoding='utf-8').read()
        toplevel_config = []
        m = re.search(r'let \?config\s*=(.*?)(?=\n\s*\n|\n\s*(?:describe|it|let)\s)', text, re.S)
        if m:
            toplevel_config = hs_config(m.group(1))
        # Split into `it` blocks; a block runs to the next `it` or `describe`.
        starts = [m.start() for m in re.finditer(r'(?m)^\s+it\s+"', text)]
        # Names bound before the first block (let rule = "DL3065").
        file_env = {m.group(1): m.group(2) for m in re.finditer(
            r'(?m)^\s+let\s+(\w+)\s*=\s*"([^"]*)"\s*$', text[:starts[0] if starts else 0])}
        for n, start in enumerate(starts):
            end = starts[n + 1] if n + 1 < len(starts) else len(text)
            block = text[start:end]
            desc = re.match(r'\s+it\s+"((?:[^"\\]|\\.)*)"', block).group(1)
            config = toplevel_config
            local = re.search(r'let \?config\s*=(.*?)(?:\n\s*in\b|\n\s*(?:ruleCatches|assertChecks|onBuild))', block, re.S)
            if local:
                config = hs_config(local.group(1))
            toks = hs_tokens(block[len(re.match(r'\s+it\s+"(?:[^"\\]|\\.)*"', block).group(0)):])
            env = dict(file_env)
            i = 0
            try:
                while i < len(toks):
                    k, v, _ = toks[i]
                    if k == 'ident' and i + 1 < len(toks) and toks[i + 1][1] == '=' \
                            and not v.startswith('?') and v not in HsEval.STOP:
                        ev = HsEval(toks, env)
                        ev.i = i + 2
                        env[v] = ev.expr()
                        i = ev.i
                        continue
                    if k == 'ident' and v in ('ruleCatches', 'ruleCatchesNot', 'onBuildRuleCatches',
                                              'onBuildRuleCatchesNot'):
                        code = toks[i + 1][1]
                        if toks[i + 1][0] == 'ident':
                            code = env[code]
                        ev = HsEval(toks, env)
                        ev.i = i + 2
                        df = ev.arg()
                        i = ev.i
                        wrap = v.startswith('onBuild')
                        if not re.fullmatch(r'DL\d{4}', code):
                            problems.append('%s: %s: %r is no rule code (the assertion holds trivially)' % (fname, desc, code))
                            continue
                        if v.endswith('Not'):
                            want = ('count', 0)
                        elif wrap:
                            want = ('count', 1)
                        else:
                            want = ('some', None)
                        cases.append(dict(source='hadolint', file=fname, desc=desc, rule=code,
                                          dockerfile=(onbuild(df) if wrap else df) + '\n',
                                          config=config, want=want, onbuild=wrap))
                        continue
                    if k == 'ident' and v in ('assertChecks', 'assertOnBuildChecks'):
                        ev = HsEval(toks, env)
                        ev.i = i + 1
                        df = ev.atom()
                        j = ev.i
                        while j < len(toks) and toks[j][1] != 'failsWith':
                            j += 1
                        times, code = int(toks[j + 1][1]), toks[j + 2][1]
                        wrap = v == 'assertOnBuildChecks'
                        cases.append(dict(source='hadolint', file=fname, desc=desc, rule=code,
                                          dockerfile=(onbuild(df) if wrap else df) + '\n',
                                          config=config, want=('count', times), onbuild=wrap))
                        i = j + 3
                        continue
                    i += 1
            except (ValueError, IndexError, TypeError, AttributeError, KeyError) as e:
                problems.append('%s: %s: %s' % (fname, desc, e))
    return cases, problems


# --------------------------------------------------------------- BuildKit ---

# The rule a test function is about, for its cases that expect no warning.
BK_FUNC_RULE = {
    'testStageName': ['StageNameCasing', 'FromAsCasing'],
    'testNoEmptyContinuation': ['NoEmptyContinuation'],
    'testConsistentInstructionCasing': ['ConsistentInstructionCasing'],
    'testDuplicateStageName': ['DuplicateStageName'],
    'testReservedStageName': ['ReservedStageName'],
    'testJSONArgsRecommended': ['JSONArgsRecommended'],
    'testMaintainerDeprecated': ['MaintainerDeprecated'],
    'testUndeclaredArg': ['UndefinedArgInFrom'],
    'testWorkdirRelativePath': ['WorkdirRelativePath'],
    'testUnmatchedVars': ['UndefinedVar'],
    'testMultipleInstructionsDisallowed': ['MultipleInstructionsDisallowed'],
    'testLegacyKeyValueFormat': ['LegacyKeyValueFormat'],
    'testRedundantTargetPlatform': ['RedundantTargetPlatform'],
    'testSecretsUsedInArgOrEnv': ['SecretsUsedInArgOrEnv'],
    'testInvalidDefaultArgInFrom': ['InvalidDefaultArgInFrom'],
    'testFromPlatformFlagConstDisallowed': ['FromPlatformFlagConstDisallowed'],
    'testCopyIgnoredFiles': ['CopyIgnoredFile'],
    'testCopyIgnoredFileContextRoot': ['CopyIgnoredFile'],
    'testDefinitionDescription': ['InvalidDefinitionDescription'],
    'testExposeProtoCasing': ['ExposeProtoCasing'],
    'testExposeInvalidFormat': ['ExposeInvalidFormat'],
    'testRuleCheckOption': ['FromAsCasing', 'ConsistentInstructionCasing'],
    'testAllTargetUnmarshal': ['UndefinedVar'],
    'testWarningsBeforeError': ['StageNameCasing', 'MaintainerDeprecated'],
}


def buildkit_doc_cases(root):
    """The ❌ Bad / ✅ Good examples of frontend/dockerfile/linter/docs."""
    docs = os.path.join(root, 'frontend', 'dockerfile', 'linter', 'docs')
    cases = []
    if not os.path.isdir(docs):
        return cases
    for fname in sorted(os.listdir(docs)):
        if not fname.endswith('.md') or fname.startswith('_'):
            continue
        rule = fname[:-3]
        text = open(os.path.join(docs, fname), encoding='utf-8').read()
        ex = text.find('## Examples')
        if ex < 0:
            continue
        for n, m in enumerate(re.finditer(r'(?m)^(❌|✅)[^\n]*\n+```dockerfile\n(.*?)```', text[ex:], re.S)):
            bad = m.group(1) == '❌'
            cases.append(dict(source='buildkit-docs', file=fname, desc='example %d (%s)' % (n + 1, 'bad' if bad else 'good'),
                              rule=rule, dockerfile=m.group(2), config=[],
                              want=('some', None) if bad else ('count', 0)))
    return cases


def go_string(s):
    if s.startswith('`'):
        return s[1:-1]
    return json.loads(s)


GO_STR = r'(`[^`]*`|"(?:[^"\\]|\\.)*")'


def go_literal_end(text, start):
    """The index just past the {...} literal that opens at text[start]."""
    depth, i = 0, start
    while i < len(text):
        c = text[i]
        if c == '`':
            i = text.index('`', i + 1)
        elif c == '"':
            m = re.compile(r'"(?:[^"\\]|\\.)*"').match(text, i)
            i = m.end() - 1
        elif c == '{':
            depth += 1
        elif c == '}':
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    return len(text)


def go_warnings(lit, field, helpers):
    m = re.search(r'\b%s:\s*\[\]expectedLintWarning\{' % field, lit)
    if not m:
        return None
    body = lit[m.end():go_literal_end(lit, m.end() - 1) - 1]
    out = []
    i = 0
    while i < len(body):
        if body[i] == '{':
            end = go_literal_end(body, i)
            w = body[i:end]
            rule = re.search(r'RuleName:\s*' + GO_STR, w)
            line = re.search(r'Line:\s*(\d+)', w)
            if rule and line:
                out.append((go_string(rule.group(1)), int(line.group(1))))
            i = end
            continue
        call = re.compile(r'(\w+)\((?:[^()]*,)?\s*(\d+)\)').match(body, i)
        if call and call.group(1) in helpers:
            out.append((helpers[call.group(1)], int(call.group(2))))
            i = call.end()
            continue
        i += 1
    return out


def buildkit_cases(root):
    path = None
    for name in ('dockerfile_check_test.go', 'dockerfile_lint_test.go'):
        p = os.path.join(root, 'frontend', 'dockerfile', name)
        if os.path.exists(p):
            path = p
            break
    text = open(path, encoding='utf-8').read()
    cases, problems = [], []
    funcs = list(re.finditer(r'(?m)^func (test\w+)\(t \*testing\.T, sb integration\.Sandbox\) \{', text))
    for n, fm in enumerate(funcs):
        fname = fm.group(1)
        body = text[fm.end():funcs[n + 1].start() if n + 1 < len(funcs) else len(text)]
        if fname not in BK_FUNC_RULE:
            continue
        vars_, strs = {}, {}
        # makeLintWarning := func(..., line int) expectedLintWarning {... RuleName: "X" ...}
        helpers = {h.group(1): go_string(h.group(2)) for h in re.finditer(
            r'(\w+)\s*:=\s*func\([^)]*\)\s*expectedLintWarning\s*\{[^}]*?RuleName:\s*' + GO_STR, body)}
        pos = 0
        assign = re.compile(r'(\w+)\s*:?=\s*(?:\[\]byte\((?:integration\.UnixOrWindows\(\s*)?|fmt\.Appendf\(nil,\s*)' + GO_STR)
        unix = re.compile(r'(\w+)\s*:?=\s*integration\.UnixOrWindows\(\s*' + GO_STR)
        for mu in unix.finditer(body):
            strs[mu.group(1)] = go_string(mu.group(2))
        call = re.compile(r'checkLinterWarnings\(t, sb, &lintTestParams\{')
        ncase = 0
        while True:
            ma, mc = assign.search(body, pos), call.search(body, pos)
            if ma and (not mc or ma.start() < mc.start()):
                val = go_string(ma.group(2))
                pos = ma.end()
                if 'Appendf' in ma.group(0):
                    # fmt.Appendf(nil, `...%s...`, args): the Unix reading of each argument.
                    depth, j = 1, ma.end()
                    while j < len(body) and depth:
                        depth += {'(': 1, ')': -1}.get(body[j], 0)
                        j += 1
                    argtext = body[ma.end():j - 1]
                    argv = []
                    for a in re.finditer(r'integration\.UnixOrWindows\(\s*' + GO_STR + r'[^)]*\)|(\w+)', argtext):
                        argv.append(go_string(a.group(1)) if a.group(1) else strs.get(a.group(2), a.group(2)))
                    val = val.replace('%%', '\0') % tuple(argv)
                    val = val.replace('\0', '%')
                    pos = j
                vars_[ma.group(1)] = val
                continue
            if not mc:
                break
            end = go_literal_end(body, mc.end() - 1)
            lit = body[mc.end() - 1:end]
            pos = end
            ncase += 1

            def field(name):
                m = re.search(r'\b%s:\s*(?:\[\]byte\(%s\)|(\w+))' % (name, GO_STR), lit)
                if not m:
                    return None
                if m.group(1):
                    return go_string(m.group(1))
                return vars_.get(m.group(2))
            df = field('Dockerfile')
            if df is None:
                problems.append('%s#%d: no Dockerfile' % (fname, ncase))
                continue
            ignore = field('DockerIgnore')
            attrs = {}
            ma2 = re.search(r'FrontendAttrs:\s*map\[string\]string\{', lit)
            if ma2:
                abody = lit[ma2.end() - 1:go_literal_end(lit, ma2.end() - 1)]
                for k, v in re.findall(GO_STR + r'\s*:\s*(?:integration\.UnixOrWindows\(\s*)?' + GO_STR, abody):
                    attrs[go_string(k)] = go_string(v)
            if any(not k.startswith('build-arg:') for k in attrs):
                problems.append('%s#%d: frontend attributes %s not modelled' % (fname, ncase, sorted(attrs)))
                continue
            warns = go_warnings(lit, 'Warnings', helpers) or []
            uwarns = go_warnings(lit, 'UnmarshalWarnings', helpers)
            rules = set(BK_FUNC_RULE[fname]) | {r for r, _ in warns} | {r for r, _ in (uwarns or [])}
            for rule in sorted(rules):
                want = sorted(l for r, l in warns if r == rule)
                alts = [want]
                if uwarns is not None:
                    alts.append(sorted(l for r, l in uwarns if r == rule))
                cases.append(dict(source='buildkit', file=fname, desc='case %d' % ncase, rule=rule,
                                  dockerfile=df, dockerignore=ignore,
                                  build_args=[k[len('build-arg:'):] + '=' + v for k, v in attrs.items()],
                                  config=[], want=('lines', alts)))
    return cases, problems


# ---------------------------------------------------------------- running ---

def run_case(plimsoll, case, workdir):
    for f in os.listdir(workdir):
        os.unlink(os.path.join(workdir, f))
    with open(os.path.join(workdir, 'Dockerfile'), 'w', encoding='utf-8') as fh:
        fh.write(case['dockerfile'])
    if case.get('dockerignore') is not None:
        with open(os.path.join(workdir, '.dockerignore'), 'w', encoding='utf-8') as fh:
            fh.write(case['dockerignore'])
    cmd = [plimsoll, 'check', '--no-cache', '-f', 'json', '--select', case['rule'],
           '--failure-threshold', 'none']
    cfg = os.path.join(workdir, '.plimsoll.yaml')
    with open(cfg, 'w', encoding='utf-8') as fh:
        fh.write('\n'.join(case['config']) + '\n')
    cmd += ['-c', cfg]
    for a in case.get('build_args', []):
        cmd += ['--build-arg', a]
    cmd.append('Dockerfile')
    p = subprocess.run(cmd, cwd=workdir, capture_output=True, text=True, timeout=60)
    if p.returncode not in (0, 1):
        return None, p.stderr.strip()
    report = json.loads(p.stdout)
    lines = sorted(f['line'] for f in report['findings'] if f.get('file') == 'Dockerfile')
    return lines, None


def agrees(case, lines):
    kind, val = case['want']
    if kind == 'some':
        return len(lines) > 0
    if kind == 'count':
        return len(lines) == val
    return lines in val


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--plimsoll', required=True)
    ap.add_argument('--hadolint')
    ap.add_argument('--buildkit')
    ap.add_argument('--rule', help='only cases of this rule')
    ap.add_argument('-v', '--verbose', action='store_true', help='print each disagreement in full')
    args = ap.parse_args()
    plimsoll = os.path.abspath(args.plimsoll)
    suites = []
    if args.hadolint:
        suites.append(('hadolint',) + hadolint_cases(args.hadolint))
    if args.buildkit:
        suites.append(('buildkit',) + buildkit_cases(args.buildkit))
        suites.append(('buildkit-docs', buildkit_doc_cases(args.buildkit), []))
    status = 0
    with tempfile.TemporaryDirectory() as workdir:
        for name, cases, problems in suites:
            if args.rule:
                cases = [c for c in cases if c['rule'] == args.rule]
            ok, bad = 0, []
            for c in cases:
                lines, err = run_case(plimsoll, c, workdir)
                if err is None and agrees(c, lines):
                    ok += 1
                else:
                    bad.append((c, lines, err))
            total = len(cases)
            print('%s: %d/%d cases agree (%.1f%%)' % (name, ok, total, 100.0 * ok / max(total, 1)))
            for p in problems:
                print('  not extracted: ' + p)
            for c, lines, err in bad:
                print('  DISAGREE %s %s [%s] want %s got %s%s' % (
                    c['rule'], c['file'], c['desc'], c['want'], lines, (' error: ' + err) if err else ''))
                if args.verbose:
                    for cl in c['config']:
                        print('      config| ' + cl)
                    for ba in c.get('build_args', []):
                        print('      build-arg| ' + ba)
                    for dl in c['dockerfile'].split('\n'):
                        print('      | ' + dl)
            if bad:
                status = 1
    return status


if __name__ == '__main__':
    sys.exit(main())
