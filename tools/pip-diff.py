#!/usr/bin/env python3
"""Differential check of plimsoll's requirements reader against pip's own.

Usage: tools/pip-diff.py [--plimsoll BIN] [-v] DIR|FILE...

For every requirements file: pip's preprocessing and line parser
(pip._internal.req.req_file) and its requirement constructors
(parse_req_from_line, parse_editable) read each logical line; plimsoll's
`parse FILE --kind requirements --dump json` reads the file. The two are
compared per line: name (PEP 503), extras, specifiers, marker, URL or path,
editable, hashes, and whether the line is refused. Prints the differences
and the agreement figures. ${VAR} expansion is left out on both sides
(plimsoll keeps the text verbatim). Needs the installed pip; not used by
`make test`.
"""
import json
import os
import re
import subprocess
import sys

from pip._internal.exceptions import InstallationError
from pip._internal.req import req_file
from pip._internal.req.constructors import parse_editable, parse_req_from_line
from pip._vendor.packaging.markers import Marker
from pip._vendor.packaging.utils import canonicalize_name


def canon_spec(spec):
    return sorted(re.sub(r"\s+", "", s) for s in spec.split(",") if s.strip())


def canon_marker(text):
    if text is None:
        return None
    try:
        return str(Marker(text))
    except Exception:
        return "INVALID:" + text


def pip_view(path):
    """{line: record} from pip's own parser, a record being a dict or 'error'."""
    with open(path, "rb") as fp:
        raw = fp.read()
    from pip._internal.utils.encoding import auto_decode

    content = auto_decode(raw)
    lines = req_file.join_lines(enumerate(content.splitlines(), start=1))
    lines = req_file.ignore_comments(lines)
    parse_line = req_file.get_line_parser(None)
    out, texts = {}, {}
    for lineno, line in lines:
        texts[lineno] = line
        try:
            args, opts = parse_line(line)
        except Exception as e:  # OptionParsingError and optparse's own
            out[lineno] = ("error", str(e) or type(e).__name__)
            continue
        parsed = req_file.ParsedLine(path, lineno, args, opts, False)
        if not parsed.is_requirement:
            continue
        try:
            if parsed.is_editable:
                name, url, extras = parse_editable(parsed.requirement)
                rec = dict(name=name, extras=sorted(e.lower() for e in extras), spec=[],
                           marker=None, url=True, editable=True, hashes=[])
            else:
                parts = parse_req_from_line(parsed.requirement, None)
                req = parts.requirement
                extras = {e.lower() for e in parts.extras} | ({e.lower() for e in req.extras} if req else set())
                hashes = []
                for algo, digests in (opts.hashes or {}).items():
                    hashes += [f"{algo}:{d}" for d in digests]
                from pip._vendor.packaging.specifiers import LegacySpecifier

                legacy = bool(req) and any(isinstance(sp, LegacySpecifier) for sp in req.specifier)
                rec = dict(
                    legacy=legacy,
                    name=req.name if req else None,
                    extras=sorted(e.lower() for e in extras),
                    spec=canon_spec(str(req.specifier)) if req else [],
                    marker=str(parts.markers) if parts.markers else (str(req.marker) if req and req.marker else None),
                    url=bool(parts.link or (req and req.url)),
                    editable=False,
                    hashes=sorted(hashes),
                )
            out[lineno] = rec
        except (InstallationError, Exception) as e:
            out[lineno] = ("error", str(e) or type(e).__name__)
    return out, texts


def plimsoll_view(binary, path):
    p = subprocess.run([binary, "parse", path, "--kind", "requirements", "--dump", "json"],
                       capture_output=True, text=True, errors="replace")
    if p.returncode not in (0, 1):
        return None, f"exit {p.returncode}: {p.stderr.strip()[:200]}"
    try:
        doc = json.loads(p.stdout)
    except ValueError as e:
        return None, f"bad JSON: {e}"
    out = {}
    for r in doc["requirements"]:
        out[r["line"]] = dict(
            name=r["name"],
            extras=sorted(e.lower() for e in r["extras"]),
            spec=canon_spec(r["specifier"]),
            marker=canon_marker(r["marker"]),
            url=r["url"] is not None,
            editable=r["editable"],
            hashes=sorted(r["hashes"]),
        )
    for m in re.finditer(r"^[^\n]*?:(\d+):(\d+): error: (.*)$", p.stderr, re.M):
        out[int(m.group(1))] = ("error", m.group(3))
    return out, None


FS_ERRORS = ("looks like a path", "is not installable", "is not a valid editable requirement")


def category(path_line, a, b, text):
    """Why a difference is expected, or None."""
    if re.search(r"\$\{[A-Z0-9_]+\}", text or ""):
        return "variable"  # pip expands ${VAR} from its environment at install time
    if isinstance(a, tuple) and isinstance(b, dict) and any(m in a[1] for m in FS_ERRORS) and b["url"]:
        return "local path"  # pip checks the directory exists; plimsoll reads the file alone
    if isinstance(a, dict) and isinstance(b, tuple) and a.get("legacy"):
        return "legacy version"  # accepted by pip < 24.1 only
    return None


def same(a, b):
    if isinstance(a, tuple) or isinstance(b, tuple):
        return isinstance(a, tuple) and isinstance(b, tuple)
    a, b = dict(a), dict(b)
    a.pop("legacy", None)
    for r in (a, b):
        r["name"] = canonicalize_name(r["name"]) if r["name"] else None
    return a == b


def main():
    args = sys.argv[1:]
    binary = "build/plimsoll"
    verbose = False
    if "--plimsoll" in args:
        i = args.index("--plimsoll")
        binary = args[i + 1]
        del args[i:i + 2]
    if "-v" in args:
        verbose = True
        args.remove("-v")
    files = []
    for a in args:
        if os.path.isdir(a):
            files += sorted(os.path.join(a, f) for f in os.listdir(a))
        else:
            files.append(a)
    expected = {}
    nfiles = files_agree = lines = lines_agree = reqs = errors_pip = errors_pl = crashes = 0
    for f in files:
        try:
            pv, texts = pip_view(f)
        except Exception as e:
            if verbose:
                print(f"{f}: pip cannot read it: {e}")
            continue
        lv, why = plimsoll_view(binary, f)
        nfiles += 1
        if lv is None:
            crashes += 1
            print(f"{f}: plimsoll: {why}")
            continue
        ok = True
        for line in sorted(set(pv) | set(lv)):
            a, b = pv.get(line), lv.get(line)
            lines += 1
            reqs += isinstance(a, dict)
            errors_pip += isinstance(a, tuple)
            errors_pl += isinstance(b, tuple)
            if a is not None and b is not None and same(a, b):
                lines_agree += 1
                continue
            why = category(f, a, b, texts.get(line))
            if why:
                expected[why] = expected.get(why, 0) + 1
                continue
            ok = False
            print(f"{f}:{line}:\n    pip:      {a}\n    plimsoll: {b}")
        files_agree += ok
    print(f"files: {files_agree}/{nfiles} agree; lines: {lines_agree}/{lines} agree "
          f"({reqs} requirements pip accepts, {errors_pip} lines pip refuses, "
          f"{errors_pl} lines plimsoll refuses); {crashes} plimsoll failures")
    if expected:
        print("expected differences (not counted as agreeing): " +
              ", ".join(f"{n} {why}" for why, n in sorted(expected.items())))


if __name__ == "__main__":
    import logging, warnings

    logging.disable(logging.WARNING)  # pip's "looks like a filename" notes
    warnings.simplefilter("ignore")
    main()
