#pragma once
// The terminal as the live commands (`velum pace`, `velum session`) use it: keys
// one at a time without echo, Ctrl-C and SIGTERM turned into a flag the loops
// poll, and the terminal always put back as it was.

#include <termios.h>

#include <chrono>
#include <csignal>
#include <optional>

#include "cli/pacer_view.hpp"

namespace velum::cli {

// Set by the signal handler, read by the live loops. A signal handler can only
// reach the program through a global like this one.
extern volatile std::sig_atomic_t g_stop_signal;

// Installs the SIGINT/SIGTERM handler (without SA_RESTART, so a waiting poll()
// wakes) for the lifetime of the object, then puts the old ones back. Main thread only.
class StopSignals {
 public:
  StopSignals();
  ~StopSignals();
  StopSignals(const StopSignals&) = delete;
  StopSignals& operator=(const StopSignals&) = delete;

 private:
  struct sigaction old_int_ {};
  struct sigaction old_term_ {};
};

// Key-at-a-time input without echo while a live command runs; the saved
// terminal settings are put back when this object dies, on every way out of
// the command. Does nothing when standard input is not a terminal. Main thread only.
class RawTerminal {
 public:
  RawTerminal();
  ~RawTerminal();
  RawTerminal(const RawTerminal&) = delete;
  RawTerminal& operator=(const RawTerminal&) = delete;
  bool active() const { return active_; }

 private:
  termios saved_{};
  bool active_ = false;
};

// Keys from standard input, one byte at a time. When input has ended it only
// waits, so a live loop still runs to its end. Main thread only.
class TerminalKeys final : public KeySource {
 public:
  std::optional<char> wait_for_key(std::chrono::milliseconds timeout) override;
  bool ended() const { return ended_; }

 private:
  bool ended_ = false;
};

}  // namespace velum::cli
