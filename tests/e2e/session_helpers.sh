# Shared by the session end-to-end tests (sourced, not run): a private tmux
# server, a fresh journal with a clear safety screen, and waits on the pane.
# The sourcing script sets $velum and $session first.

socket="velum-e2e-$$"  # a private server, so the tests never touch a user's tmux
data="$(mktemp -d)"
tmux_() { tmux -L "$socket" "$@"; }
cleanup() { tmux_ kill-server 2>/dev/null || true; rm -rf "$data"; }
trap cleanup EXIT

fail() {
  echo "FAIL: $1"
  echo "--- pane ---"
  tmux_ capture-pane -p -S -60 -t "$session" || true
  exit 1
}

# Waits up to $2 seconds for the pane (with some history) to contain the text $1.
wait_for() {
  local text="$1" limit="$2" waited=0
  until tmux_ capture-pane -p -S -60 -t "$session" | grep -qF -- "$text"; do
    sleep 0.05
    waited=$((waited + 1))
    [[ $waited -ge $((limit * 20)) ]] && return 1
  done
  return 0
}

# Waits for a regular expression on the visible screen.
wait_for_re() {
  local pattern="$1" limit="$2" waited=0
  until tmux_ capture-pane -p -t "$session" | grep -qE -- "$pattern"; do
    sleep 0.05
    waited=$((waited + 1))
    [[ $waited -ge $((limit * 20)) ]] && return 1
  done
  return 0
}

export VELUM_DATA="$data"
"$velum" screen --answers "recent-surgery-or-injury=no,bleeding-risk=no,active-infection=no,lump-sore-or-bleeding=no,weight-loss-or-hoarseness=no,swallowing-or-breathing=no,fainting-with-gagging=no,pregnancy-with-nausea=no,seizure-disorder=no" >/dev/null
