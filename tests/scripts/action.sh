#!/bin/sh
# The GitHub Action: its check step (tools/github-action.sh) run as the
# runner runs it, with inputs in the environment, and the shape of
# action.yml and of the workflow that uses it (when python3 has PyYAML).
# Prints ok/FAIL/SKIP lines (see tests/run.sh).
bin=${PLIMSOLL_BIN:-build/asan/plimsoll}
case "$bin" in /*) ;; *) bin=$(pwd)/$bin ;; esac
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
command -v bash >/dev/null 2>&1 || { echo "SKIP action (no bash)"; exit 0; }

# step NAME [VAR=VALUE...]: runs the check step with those inputs in a fresh
# runner environment; sets $rc, $log, $out (GITHUB_OUTPUT) and $summary
step() {
    shift # the name, for the reader
    rm -rf "$tmp/run" && mkdir -p "$tmp/run/temp"
    : >"$tmp/run/output"
    : >"$tmp/run/summary"
    env PLIMSOLL_BIN="$bin" RUNNER_TEMP="$tmp/run/temp" GITHUB_OUTPUT="$tmp/run/output" \
        GITHUB_STEP_SUMMARY="$tmp/run/summary" NO_COLOR=1 "$@" tools/github-action.sh >"$tmp/run/log" 2>&1
    rc=$?
    log=$(cat "$tmp/run/log")
    out=$(cat "$tmp/run/output")
    summary=$(cat "$tmp/run/summary")
}
result() { # name condition-status message
    if [ "$2" -eq 0 ]; then echo "ok action-$1"; else echo "FAIL action-$1"; echo "  $3"; fi
}

step findings PLIMSOLL_IN_PATH=examples
sarif=$tmp/run/temp/plimsoll.sarif
[ "$rc" -eq 1 ] && printf '%s\n' "$out" | grep -qx "sarif-file=$sarif" && printf '%s\n' "$out" | grep -qx 'exit-code=1'
result findings-fail-after-sarif $? "exit $rc, outputs [$out]"
grep -q '"ruleId": *"PL1100"' "$sarif" 2>/dev/null
result sarif-written $? "no PL1100 result in $sarif"
printf '%s\n' "$log" | grep -q '^::warning file=examples/Dockerfile,line=11,'
result annotations $? "no ::warning annotation for examples/Dockerfile:11 in the log"
esc=$(printf '\033')
printf '%s\n' "$log" | sed "s/$esc\[[0-9;]*m//g" | grep -q '^examples/Dockerfile:11:42: warning\[PL1100 apt-get-unpinned\]' &&
    printf '%s\n' "$log" | grep -q "$esc\["
result text-log-in-colour $? "no coloured text report in the log"
printf '%s\n' "$summary" | grep -q '^# Container verification'
result job-summary $? "no checklist in the job summary"

step threshold PLIMSOLL_IN_PATH=examples PLIMSOLL_IN_FAILURE_THRESHOLD=none PLIMSOLL_IN_SUMMARY=false \
    PLIMSOLL_IN_ANNOTATE=false PLIMSOLL_IN_FORMAT=json PLIMSOLL_IN_SARIF_FILE="$tmp/run/reports/p.sarif"
[ "$rc" -eq 0 ] && [ -s "$tmp/run/reports/p.sarif" ] && [ -z "$summary" ] &&
    ! printf '%s\n' "$log" | grep -q '^::' && printf '%s\n' "$log" | grep -q '"findings"'
result threshold-none-and-switches $? "exit $rc; summary [$summary]"

step ignore PLIMSOLL_IN_PATH=examples "PLIMSOLL_IN_IGNORE=PL1100, user-missing
DL3042" PLIMSOLL_IN_ANNOTATE=false PLIMSOLL_IN_SUMMARY=false
! grep -q '"ruleId": *"PL1100"\|"ruleId": *"PL1002"' "$tmp/run/temp/plimsoll.sarif" && [ "$rc" -eq 1 ]
result ignore-list $? "exit $rc; PL1100 or PL1002 still reported"

# an input is data, never script text
# shellcheck disable=SC2016
step injection 'PLIMSOLL_IN_PATH=$(touch pwned) `touch pwned2` examples' 'PLIMSOLL_IN_IGNORE=;touch pwned3'
# shellcheck disable=SC2016
[ ! -e pwned ] && [ ! -e '$(touch' ] && [ ! -e pwned2 ] && [ ! -e pwned3 ] && [ "$rc" -eq 2 ] &&
    printf '%s\n' "$out" | grep -qx 'exit-code=2' && ! printf '%s\n' "$out" | grep -q sarif-file
result inputs-not-evaluated $? "exit $rc; outputs [$out]"
rm -f pwned pwned2 pwned3

step bad-flag PLIMSOLL_IN_PATH=examples PLIMSOLL_IN_STAGED=yes
[ "$rc" -eq 2 ] && printf '%s\n' "$log" | grep -q "^::error title=plimsoll::input staged must be true or false"
result bad-boolean $? "exit $rc: $log"
step bad-format PLIMSOLL_IN_PATH=examples PLIMSOLL_IN_FORMAT=html PLIMSOLL_IN_FAILURE_THRESHOLD=none
[ "$rc" -eq 2 ]
result bad-format $? "exit $rc"

if ! python3 -c 'import yaml' 2>/dev/null; then
    echo "SKIP action-yml (python3 with PyYAML is not installed)"
    exit 0
fi
python3 - action.yml .github/workflows/plimsoll.yml tools/github-action.sh >"$tmp/py" 2>&1 <<'PY'
import re, sys, yaml
action = yaml.safe_load(open(sys.argv[1]))
flow = yaml.safe_load(open(sys.argv[2]))
script = open(sys.argv[3]).read()
bad = []
inputs = action["inputs"]
runs = action["runs"]
if runs.get("using") != "composite":
    bad.append("not a composite action")
steps = runs["steps"]
ids = {s.get("id") for s in steps}
for s in steps:
    if "run" in s:
        if "shell" not in s:
            bad.append("step without shell: %s" % s.get("name"))
        if "${{" in s["run"]:
            bad.append("expression inside a script: %s" % s.get("name"))
text = open(sys.argv[1]).read()
for ref in set(re.findall(r"inputs\.([A-Za-z0-9_-]+)", text)):
    if ref not in inputs:
        bad.append("undeclared input " + ref)
check = [s for s in steps if s.get("id") == "check"][0]
env = check.get("env", {})
for name, spec in inputs.items():
    var = "PLIMSOLL_IN_" + name.upper().replace("-", "_")
    if env.get(var) != "${{ inputs.%s }}" % name:
        bad.append("input %s is not passed as %s" % (name, var))
    if var not in script:
        bad.append("input %s (%s) is not read by the script" % (name, var))
    if "description" not in spec:
        bad.append("input %s has no description" % name)
for var in set(re.findall(r"PLIMSOLL_IN_[A-Z_]+", script)):
    if var not in env:
        bad.append("the script reads %s, which the action does not set" % var)
for name, spec in action["outputs"].items():
    m = re.fullmatch(r"\$\{\{ steps\.([a-z-]+)\.outputs\.([a-z-]+) \}\}", spec["value"])
    if not m or m.group(1) not in ids or "%s=" % m.group(2) not in script:
        bad.append("output %s is not set by a step" % name)
job = list(flow["jobs"].values())[0]
uses = [s for s in job["steps"] if s.get("uses") == "./"]
up = [s for s in job["steps"] if str(s.get("uses", "")).startswith("github/codeql-action/upload-sarif@")]
if not uses or not up:
    bad.append("the workflow does not run ./ and upload-sarif")
else:
    for k in uses[0].get("with", {}):
        if k not in inputs:
            bad.append("the workflow passes an unknown input " + k)
    if "steps.%s.outputs.sarif-file" % uses[0]["id"] not in up[0]["with"]["sarif_file"]:
        bad.append("upload-sarif does not read the sarif-file output")
    if "cancelled()" not in str(up[0].get("if", "")):
        bad.append("upload-sarif is skipped when plimsoll fails the job")
if job.get("permissions", {}).get("security-events") != "write":
    bad.append("the job cannot upload to code scanning (security-events: write)")
print("\n".join(bad))
sys.exit(1 if bad else 0)
PY
result yml-consistent $? "$(cat "$tmp/py")"
