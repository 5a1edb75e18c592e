#!/bin/sh
# The GitLab CI template: its job's commands run as the runner would run them
# (before_script then script, in one bash with -eo pipefail, the job's
# variables in the environment) on a copy of examples/, with plimsoll already
# on PATH as in the plimsoll image; the Code Quality report it declares as an
# artifact must exist and hold the findings, and the job must fail on them.
# Prints ok/FAIL/SKIP lines (see tests/run.sh).
bin=${PLIMSOLL_BIN:-build/asan/plimsoll}
case "$bin" in /*) ;; *) bin=$(pwd)/$bin ;; esac
template=templates/plimsoll.gitlab-ci.yml
if ! python3 -c 'import yaml' 2>/dev/null; then
    echo "SKIP gitlab-template (python3 with PyYAML is not installed)"
    exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/bin" "$tmp/home"
ln -s "$bin" "$tmp/bin/plimsoll"
cp -r examples "$tmp/project"

python3 - "$template" "$tmp" <<'PY' >"$tmp/py" 2>&1
import shlex, sys, yaml
job = yaml.safe_load(open(sys.argv[1]))["plimsoll"]
tmp = sys.argv[2]
bad = []
report = job.get("artifacts", {}).get("reports", {}).get("codequality")
if not report:
    bad.append("no artifacts:reports:codequality")
if job.get("artifacts", {}).get("when") != "always":
    bad.append("the report is not kept when the job fails (artifacts:when: always)")
if job.get("image", {}).get("entrypoint") != [""]:
    bad.append("the image's entrypoint is not reset")
with open(tmp + "/job.sh", "w") as f:
    for k, v in job["variables"].items():
        f.write("export %s=%s\n" % (k, shlex.quote(str(v))))
    f.write("export PLIMSOLL_PATHS=.\n")
    for line in job["before_script"] + job["script"]:
        f.write(line.rstrip("\n") + "\n")
with open(tmp + "/report-name", "w") as f:
    f.write(report or "")
print("\n".join(bad))
sys.exit(1 if bad else 0)
PY
if [ $? -eq 0 ]; then echo "ok gitlab-template-shape"; else echo "FAIL gitlab-template-shape"; sed 's/^/  /' "$tmp/py"; fi

(cd "$tmp/project" && env PATH="$tmp/bin:$PATH" HOME="$tmp/home" CI_PROJECT_DIR="$tmp/project" NO_COLOR=1 \
    bash -eo pipefail "$tmp/job.sh" >"$tmp/log" 2>&1)
rc=$?
report=$tmp/project/$(cat "$tmp/report-name")
[ "$rc" -eq 1 ] && echo "ok gitlab-job-fails-on-findings" ||
    { echo "FAIL gitlab-job-fails-on-findings (exit status $rc)"; tail -5 "$tmp/log" | sed 's/^/  /'; }
python3 - "$report" "$tmp/project" <<'PY' >"$tmp/py" 2>&1
import json, os, sys
issues = json.load(open(sys.argv[1]))
assert isinstance(issues, list) and issues, "no issue in the report"
for i in issues:
    for k in ("description", "check_name", "fingerprint", "severity"):
        assert i.get(k), "an issue without " + k
    path = i["location"]["path"]  # relative to the project, as GitLab wants
    assert not path.startswith(("/", "./")) and os.path.exists(os.path.join(sys.argv[2], path)), path
    assert i["location"]["lines"]["begin"] >= 1
assert any(i["check_name"] == "PL1100" for i in issues), "PL1100 is missing"
PY
if [ $? -eq 0 ]; then echo "ok gitlab-code-quality-report"; else echo "FAIL gitlab-code-quality-report"; sed 's/^/  /' "$tmp/py"; fi
grep -q "^\[safe\]" "$tmp/home/.gitconfig" 2>/dev/null && grep -q "directory = $tmp/project" "$tmp/home/.gitconfig" &&
    echo "ok gitlab-safe-directory" || echo "FAIL gitlab-safe-directory"
