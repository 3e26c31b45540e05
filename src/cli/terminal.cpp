// The terminal helpers of terminal.hpp (moved out of pace.cpp unchanged so the
// pacer and the guided session share them).

#include "cli/terminal.hpp"

#include <poll.h>
#include <unistd.h>

namespace velum::cli {

volatile std::sig_atomic_t g_stop_signal = 0;

namespace {
extern "C" void on_stop_signal(int signal_number) { g_stop_signal = signal_number; }
}  // namespace

StopSignals::StopSignals() {
  struct sigaction action {};
  action.sa_handler = on_stop_signal;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, &old_int_);
  sigaction(SIGTERM, &action, &old_term_);
}

StopSignals::~StopSignals() {
  sigaction(SIGINT, &old_int_, nullptr);
  sigaction(SIGTERM, &old_term_, nullptr);
}

RawTerminal::RawTerminal() {
  if (!isatty(STDIN_FILENO) || tcgetattr(STDIN_FILENO, &saved_) != 0) return;
  termios raw = saved_;
  raw.c_lflag &= ~static_cast<tcflag_t>(ICANON | ECHO);  // ISIG stays: Ctrl-C still sends SIGINT
  raw.c_cc[VMIN] = 1;
  raw.c_cc[VTIME] = 0;
  active_ = tcsetattr(STDIN_FILENO, TCSANOW, &raw) == 0;
}

RawTerminal::~RawTerminal() {
  if (active_) tcsetattr(STDIN_FILENO, TCSANOW, &saved_);
}

std::optional<char> TerminalKeys::wait_for_key(std::chrono::milliseconds timeout) {
  pollfd fd{STDIN_FILENO, POLLIN, 0};
  const int ready = poll(ended_ ? nullptr : &fd, ended_ ? 0 : 1, static_cast<int>(timeout.count()));
  if (ready <= 0) return std::nullopt;  // timeout, or a signal arrived
  char key = 0;
  if (read(STDIN_FILENO, &key, 1) != 1) {
    ended_ = true;
    return std::nullopt;
  }
  return key;
}

}  // namespace velum::cli
