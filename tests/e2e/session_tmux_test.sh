#!/usr/bin/env bash
# Runs `velum session` in a real terminal (a detached tmux session) against a
# fresh journal: a core-routine session stopped in the middle with a reason,
# then one completed and rated (the journal export must show both), then one
# stopped with space for a harmless interruption, which pauses nothing.
# Usage: session_tmux_test.sh PATH/TO/velum
set -euo pipefail

velum="${1:?usage: session_tmux_test.sh PATH/TO/velum}"
command -v tmux >/dev/null || { echo "SKIP: tmux is not installed"; exit 77; }
command -v python3 >/dev/null || { echo "SKIP: python3 is not installed"; exit 77; }

session="velum-session-$$"
# shellcheck source=session_helpers.sh
source "$(dirname "$0")/session_helpers.sh"

tmux_ -f /dev/null new-session -d -s "$session" -x 100 -y 40 "bash --norc --noprofile"
tmux_ send-keys -t "$session" "export VELUM_DATA='$data'; PS1='ready\$ '; clear" Enter
wait_for "ready\$" 5 || fail "the shell did not start"

# ---- 1: paused, then stopped in the middle -----------------------------------
# At 10x each step of stage 1 is on screen for 1.5-2 s: long enough to see it
# on a loaded machine, where one look at the pane can take a quarter second.
tmux_ send-keys -t "$session" "'$velum' session core-nasopharynx --speed 10 --audio none; echo exit=\$?" Enter
wait_for "Are your nails clipped short?" 5 || fail "the checklist did not start"
for _ in 1 2 3 4 5 6; do tmux_ send-keys -t "$session" y; done
wait_for "STEP 2 OF 5: FIND THE PALATE BORDER" 15 || fail "the second step was not shown"
tmux_ send-keys -t "$session" p
wait_for "PAUSED" 3 || fail "p did not pause"
left=$(tmux_ capture-pane -p -t "$session" | grep -oE 'Session [0-9]+:[0-9]{2} left')
sleep 1
[[ "$left" == "$(tmux_ capture-pane -p -t "$session" | grep -oE 'Session [0-9]+:[0-9]{2} left')" ]] ||
  fail "time went on while paused"
tmux_ send-keys -t "$session" p
sleep 0.3
tmux_ send-keys -t "$session" s
wait_for "What happened?" 3 || fail "s did not stop the session"
wait_for "Something else" 1 || fail "the stop reasons were not listed"
tmux_ send-keys -t "$session" 1
wait_for "A few words to add" 2 || fail "no room for a few words"
tmux_ send-keys -t "$session" -l "at the uvula"
tmux_ send-keys -t "$session" Enter
wait_for "The session stopped and is saved in your journal (sharp-pain)" 3 || fail "the stop was not confirmed"
wait_for "Check that your nails are short" 1 || fail "the after-stop advice was not shown"
wait_for "exit=0" 3 || fail "the stopped session did not end with exit code 0"

# ---- 2: completed and rated --------------------------------------------------
tmux_ send-keys -t "$session" "clear; '$velum' session --speed 60 --audio none; echo exit=\$?" Enter
wait_for "Are your nails clipped short?" 5 || fail "the second checklist did not start"
for _ in 1 2 3 4 5 6; do tmux_ send-keys -t "$session" y; done
wait_for "SESSION COMPLETE" 10 || fail "the session did not run to its end"
wait_for "pain 0-9" 3 || fail "the ratings were not asked"
# Settle and withdraw have no sensations to pick; the steps between get pain 2,
# 3 and 10 with some of their expected sensations.
tmux_ send-keys -t "$session" Enter
wait_for "Find the palate border: pain" 2 || fail "the second step was not rated next"
tmux_ send-keys -t "$session" 2 1 Enter
tmux_ send-keys -t "$session" 3 1 2 Enter
tmux_ send-keys -t "$session" t Enter
tmux_ send-keys -t "$session" Enter
wait_for "Go on with the aftercare routine now" 3 || fail "aftercare was not offered"
tmux_ send-keys -t "$session" n
wait_for "velum session aftercare" 2 || fail "how to start aftercare later was not said"
wait_for "highest pain 10/10" 1 || fail "the summary did not show the highest pain"
wait_for "Noticed: More saliva, Gagging" 1 || fail "the summary did not list the sensations"
wait_for "exit=0" 3 || fail "the completed session did not end with exit code 0"

# ---- the journal --------------------------------------------------------------
"$velum" export --json - | python3 -c '
import json, sys
data = json.load(sys.stdin)
sessions = data["sessions"]
steps = data["step_results"]
assert len(sessions) == 2, sessions
stopped = [s for s in sessions if s["outcome"] == "stopped"]
done = [s for s in sessions if s["outcome"] == "completed"]
assert len(stopped) == 1 and len(done) == 1, sessions
print("stopped:", json.dumps(stopped[0].get("stop_reason")), stopped[0].get("stop_text", ""))
text = json.dumps(stopped[0])
assert "sharp-pain" in text and "at the uvula" in text, stopped[0]
mine = sorted((s for s in steps if s["session_id"] == done[0]["id"]), key=lambda s: s["index"])
assert [s["pain"] for s in mine] == [0, 2, 3, 10, 0], mine
assert mine[1]["sensations"] == ["salivation"], mine[1]
assert len(mine[2]["sensations"]) == 2, mine[2]
for s in mine:
    assert abs(s["planned_seconds"] - s["actual_seconds"]) < 1e-6, s
cut = [s for s in steps if s["session_id"] == stopped[0]["id"]]
assert len(cut) == 2 and cut[0]["step_id"] == "settle", cut
assert cut[1]["step_id"] == "find-border" and cut[1]["actual_seconds"] != cut[1]["planned_seconds"], cut  # cut short, and lengthened by the pause
print("ok:", len(cut), "steps before the stop;", [s["pain"] for s in mine])
' || fail "the journal export does not show the two sessions as expected"

# ---- 3: stopped with space because the phone rang -----------------------------
tmux_ send-keys -t "$session" "clear; '$velum' session core-nasopharynx --speed 10 --audio none; echo exit=\$?" Enter
wait_for "Are your nails clipped short?" 5 || fail "the third checklist did not start"
for _ in 1 2 3 4 5 6; do tmux_ send-keys -t "$session" y; done
wait_for "s or space stop" 5 || fail "the key help was not shown"
tmux_ send-keys -t "$session" Space
wait_for "What happened?" 3 || fail "space did not stop the session"
wait_for "8  Interrupted, nothing wrong" 1 || fail "the harmless interruption was not offered"
tmux_ send-keys -t "$session" 8
wait_for "A few words to add" 2 || fail "no room for a few words"
tmux_ send-keys -t "$session" Enter
wait_for "saved in your journal (interrupted)" 3 || fail "the interruption was not saved as such"
wait_for "does not hold back your plan" 1 || fail "the calm advice for an interruption was not shown"
wait_for "exit=0" 3 || fail "the interrupted session did not end with exit code 0"

"$velum" plan --json | grep -q '"paused": false' || fail "one stop paused progression"
echo "PASS: a session stops at once with its reason, another completes with ratings, both in the journal"
