#!/usr/bin/env bash
# kill -9 in the middle of `velum session` (in a real terminal): the next start
# says the previous session was interrupted, and the steps that had ended before
# the kill are in the journal.
# Usage: session_kill_test.sh PATH/TO/velum
set -euo pipefail

velum="${1:?usage: session_kill_test.sh PATH/TO/velum}"
command -v tmux >/dev/null || { echo "SKIP: tmux is not installed"; exit 77; }
command -v python3 >/dev/null || { echo "SKIP: python3 is not installed"; exit 77; }

session="velum-kill-$$"
# shellcheck source=session_helpers.sh
source "$(dirname "$0")/session_helpers.sh"

tmux_ -f /dev/null new-session -d -s "$session" -x 100 -y 40 "bash --norc --noprofile"
tmux_ send-keys -t "$session" "export VELUM_DATA='$data'; PS1='ready\$ '; clear" Enter
wait_for "ready\$" 5 || fail "the shell did not start"

# Stage 1 at 10x: each step lasts 1.5-2 s, so step 3 is on screen long enough
# to kill the process there, after two steps were committed.
tmux_ send-keys -t "$session" "'$velum' session core-nasopharynx --speed 10 --audio none; echo code=\$?" Enter
wait_for "Are your nails clipped short?" 5 || fail "the checklist did not start"
for _ in 1 2 3 4 5 6; do tmux_ send-keys -t "$session" y; done
wait_for "STEP 3 OF 5" 15 || fail "the third step was not reached"
shell_pid=$(tmux_ display-message -p -t "$session" '#{pane_pid}')
velum_pid=$(pgrep -P "$shell_pid" | head -1)
[[ -n "$velum_pid" ]] || fail "could not find the running session"
kill -9 "$velum_pid"
wait_for "code=137" 5 || fail "kill -9 did not end the session"

tmux_ send-keys -t "$session" "stty sane; clear; '$velum' session core-nasopharynx --speed 60 --audio none; echo again=\$?" Enter
wait_for "was interrupted before it ended" 5 || fail "the next start did not report the interrupted session"
wait_for "with the 2 steps you finished" 1 || fail "the interrupted session's two committed steps were not reported"
wait_for "Are your nails clipped short?" 3 || fail "the new session did not go on to its checklist"
tmux_ send-keys -t "$session" n
wait_for "again=1" 3 || fail "a 'no' on nails did not keep the session from starting"

"$velum" export --json - | python3 -c '
import json, sys
data = json.load(sys.stdin)
sessions = data["sessions"]
assert len(sessions) == 1, sessions
assert sessions[0]["outcome"] == "interrupted", sessions[0]
steps = sorted((s for s in data["step_results"] if s["session_id"] == sessions[0]["id"]), key=lambda s: s["index"])
assert [s["step_id"] for s in steps] == ["settle", "find-border"], steps
assert all(abs(s["planned_seconds"] - s["actual_seconds"]) < 1e-6 for s in steps), steps
' || fail "the journal does not hold the interrupted session with its two steps"
echo "PASS: kill -9 leaves an interrupted session with its committed steps, reported at the next start"
