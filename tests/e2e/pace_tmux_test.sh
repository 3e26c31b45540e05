#!/usr/bin/env bash
# Runs `velum pace` in a real terminal (a detached tmux session): the phases
# appear, p pauses, space stops (as in `velum session`), q quits, and the
# terminal is back in cooked mode after.
# Usage: pace_tmux_test.sh PATH/TO/velum
set -euo pipefail

velum="${1:?usage: pace_tmux_test.sh PATH/TO/velum}"
command -v tmux >/dev/null || { echo "SKIP: tmux is not installed"; exit 77; }

session="velum-pace-$$"
socket="velum-e2e-$$"  # a private server, so the test never touches a user's tmux
tmux_() { tmux -L "$socket" "$@"; }
cleanup() { tmux_ kill-server 2>/dev/null || true; }
trap cleanup EXIT

fail() {
  echo "FAIL: $1"
  echo "--- pane ---"
  tmux_ capture-pane -p -t "$session" || true
  exit 1
}

# Waits up to $2 seconds for the pane to contain the text $1.
wait_for() {
  local text="$1" limit="$2" waited=0
  until tmux_ capture-pane -p -t "$session" | grep -qF -- "$text"; do
    sleep 0.2
    waited=$((waited + 1))
    [[ $waited -ge $((limit * 5)) ]] && return 1
  done
  return 0
}

tmux_ -f /dev/null new-session -d -s "$session" -x 80 -y 24 "bash --norc --noprofile"
tmux_ send-keys -t "$session" "PS1='ready\$ '; clear" Enter
wait_for "ready\$" 5 || fail "the shell did not start"

tmux_ send-keys -t "$session" "'$velum' pace --audio none --minutes 0.2 --pattern box; echo exit=\$?" Enter
wait_for "Breathe in" 5 || fail "the inhale was not shown"
wait_for "Box breathing" 1 || fail "the pattern's name was not shown"
wait_for "breaths/min" 1 || fail "the breathing rate was not shown"
wait_for "Hold" 6 || fail "the hold after the inhale was not shown"

wait_for "p pause, space or q stop" 1 || fail "the key help was not shown"
tmux_ send-keys -t "$session" "p"
wait_for "Paused" 3 || fail "p did not pause"
paused_at=$(tmux_ capture-pane -p -t "$session" | grep -oE '[0-9]+:[0-9]{2} /' | head -1)
sleep 1.5
still=$(tmux_ capture-pane -p -t "$session" | grep -oE '[0-9]+:[0-9]{2} /' | head -1)
[[ "$paused_at" == "$still" ]] || fail "time moved while paused ($paused_at, then $still)"

tmux_ send-keys -t "$session" "p"
resumed=0
for _ in 1 2 3 4 5 6 7 8 9 10; do
  sleep 0.2
  if ! tmux_ capture-pane -p -t "$session" | grep -qF "Paused"; then resumed=1; break; fi
done
[[ $resumed -eq 1 ]] || fail "p did not resume"

tmux_ send-keys -t "$session" " "
wait_for "exit=0" 3 || fail "space did not stop with exit code 0"

tmux_ send-keys -t "$session" "clear; '$velum' pace --audio none --minutes 0.2; echo again=\$?" Enter
wait_for "Breathe in" 5 || fail "the pacer did not start again"
tmux_ send-keys -t "$session" "q"
wait_for "again=0" 3 || fail "q did not quit with exit code 0"

# The terminal is cooked again: stty reports canonical mode and echo on.
tmux_ send-keys -t "$session" "stty -a | tr ' ' '\n' | grep -xE -- '-?(icanon|echo)' | tr '\n' ' '; echo" Enter
wait_for "icanon echo" 3 || fail "the terminal was left in raw mode"
tmux_ capture-pane -p -t "$session" | grep -qE -- '-icanon|-echo ' && fail "the terminal was left in raw mode"

# SIGTERM while running also restores the terminal. The pacer runs in the
# foreground of the pane's shell; it is that shell's only child.
tmux_ send-keys -t "$session" "clear; '$velum' pace --audio none --minutes 1; echo code=\$?" Enter
wait_for "Breathe in" 5 || fail "the second pacer did not start"
shell_pid=$(tmux_ display-message -p -t "$session" '#{pane_pid}')
pacer_pid=$(pgrep -P "$shell_pid" | head -1)
[[ -n "$pacer_pid" ]] || fail "could not find the running pacer"
kill -TERM "$pacer_pid"
wait_for "code=143" 5 || fail "SIGTERM did not end the pacer with code 143"
tmux_ send-keys -t "$session" "stty -a | tr ' ' '\n' | grep -xE -- '-?(icanon|echo)' | tr '\n' ' '; echo" Enter
sleep 0.5
tmux_ capture-pane -p -t "$session" | grep -qE -- '-icanon|-echo ' && fail "SIGTERM left the terminal in raw mode"

echo "PASS: pace runs, pauses with p, stops with space or q and restores the terminal"
