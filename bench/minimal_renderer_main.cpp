// `minimal_renderer OUT.wav SECONDS [RATE]`: the peer renderer as a program,
// timed by bench/render-compare beside `velum render`.

#include <cstdio>
#include <cstdlib>
#include <string>

#include "minimal_renderer.hpp"

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: minimal_renderer OUT.wav SECONDS [RATE]\n");
    return 2;
  }
  const int seconds = std::atoi(argv[2]);
  const int rate = argc > 3 ? std::atoi(argv[3]) : 48000;
  if (seconds <= 0 || rate <= 0) {
    std::fprintf(stderr, "minimal_renderer: SECONDS and RATE must be positive\n");
    return 2;
  }
  return velum::bench::write_minimal_session(argv[1], seconds, rate) ? 0 : 1;
}
