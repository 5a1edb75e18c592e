#!/usr/bin/env bash
# The check step of the GitHub Action (action.yml). Its inputs arrive as
# environment variables (PLIMSOLL_IN_*), so no input is ever spliced into
# script text. It writes the SARIF report first, then prints the pull-request
# annotations (`github` format), the report in the chosen format and the
# Markdown checklist for the job summary, and exits with plimsoll's status:
# 0 clean, 1 findings at or above the threshold, 2 usage or input error.
set -uo pipefail

bin=${PLIMSOLL_BIN:?PLIMSOLL_BIN names the plimsoll binary}
exec 3>&1 # the log, even while a report goes to a file
fail() {
    echo "::error title=plimsoll::$*" >&3
    echo "exit-code=2" >>"${GITHUB_OUTPUT:-/dev/null}"
    exit 2
}
# a true/false input
flag() {
    case "$2" in
    true | '') [ "$2" = true ] ;;
    false) return 1 ;;
    *) fail "input $1 must be true or false, not '$2'" ;;
    esac
}

args=()
[ -n "${PLIMSOLL_IN_CONFIG:-}" ] && args+=(--config "$PLIMSOLL_IN_CONFIG")
[ -n "${PLIMSOLL_IN_PRESET:-}" ] && args+=(--preset "$PLIMSOLL_IN_PRESET")
[ -n "${PLIMSOLL_IN_FAILURE_THRESHOLD:-}" ] && args+=(--failure-threshold "$PLIMSOLL_IN_FAILURE_THRESHOLD")
# lists: rule names are split at whitespace and commas, paths at whitespace,
# build arguments (whose values may hold spaces) one per line
read -r -d '' -a words < <(printf '%s' "${PLIMSOLL_IN_IGNORE:-}" | tr ',' ' ')
for w in ${words[@]+"${words[@]}"}; do args+=(--ignore "$w"); done
read -r -d '' -a words < <(printf '%s' "${PLIMSOLL_IN_SELECT:-}" | tr ',' ' ')
for w in ${words[@]+"${words[@]}"}; do args+=(--select "$w"); done
read -r -d '' -a words < <(printf '%s' "${PLIMSOLL_IN_RULES:-}")
for w in ${words[@]+"${words[@]}"}; do args+=(--rules "$w"); done
while IFS= read -r line; do
    [ -n "$line" ] && args+=(--build-arg "$line")
done <<<"${PLIMSOLL_IN_BUILD_ARGS:-}"
flag staged "${PLIMSOLL_IN_STAGED:-false}" && args+=(--staged)
[ -n "${PLIMSOLL_IN_CHANGED_SINCE:-}" ] && args+=(--changed-since "$PLIMSOLL_IN_CHANGED_SINCE")
read -r -d '' -a extra < <(printf '%s' "${PLIMSOLL_IN_ARGS:-}")
read -r -d '' -a paths < <(printf '%s' "${PLIMSOLL_IN_PATH:-}")
[ ${#paths[@]} -gt 0 ] || paths=(.)
format=${PLIMSOLL_IN_FORMAT:-text}
flag annotate "${PLIMSOLL_IN_ANNOTATE:-true}" && annotate=1 || annotate=0
flag summary "${PLIMSOLL_IN_SUMMARY:-true}" && summary=1 || summary=0

# run FORMAT [OPTIONS]: plimsoll on the paths; `--` so a path cannot be an option
run() {
    local f=$1
    shift
    "$bin" ${args[@]+"${args[@]}"} ${extra[@]+"${extra[@]}"} --format "$f" "$@" -- "${paths[@]}"
}

sarif=${PLIMSOLL_IN_SARIF_FILE:-${RUNNER_TEMP:-/tmp}/plimsoll.sarif}
mkdir -p "$(dirname "$sarif")" || fail "cannot create the directory of $sarif"
run sarif --output "$sarif"
rc=$?
[ "$rc" -ge 2 ] && fail "plimsoll stopped with exit status $rc (usage error, unreadable path or invalid config); see the log above"
echo "sarif-file=$sarif" >>"${GITHUB_OUTPUT:-/dev/null}"

# the other reports say the same, so their status 1 adds nothing; a 2 (an
# unknown format) still stops the step
again() {
    run "$@"
    local r=$?
    [ "$r" -ge 2 ] && fail "plimsoll --format $1 stopped with exit status $r; see the log above"
    return 0
}
[ "$annotate" = 1 ] && again github
if [ "$format" != github ] || [ "$annotate" = 0 ]; then
    if [ "$format" = text ]; then again text --color always; else again "$format"; fi
fi
if [ "$summary" = 1 ] && [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
    again checklist >>"$GITHUB_STEP_SUMMARY"
fi
echo "exit-code=$rc" >>"${GITHUB_OUTPUT:-/dev/null}"
exit "$rc"
