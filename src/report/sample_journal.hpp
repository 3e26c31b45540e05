#pragma once
// A synthetic, deterministic journal for tests, benchmarks and demonstrations:
// a baseline, then practice with pain easing, one flare, and a daylight-saving change.

#include <chrono>
#include <cstdint>
#include <vector>

#include "journal/store.hpp"

namespace velum::report {

struct SampleSpec {
  std::chrono::sys_days first_day{std::chrono::year{2026} / 2 / 2};  // a Monday
  int baseline_days = 14;                                            // check-ins only, no session
  int practice_days = 70;  // 12 weeks in all with the default baseline
  std::vector<journal::Region> regions{journal::Region::kSoftPalate, journal::Region::kNasopharynx,
                                       journal::Region::kThroat};
  int flare_day = 56;  // days after the first day; 0 = no flare
  int flare_days = 4;
  double flare_extra_pain = 3.0;
  // Local offset before and from `dst_day` (CET → CEST on 2026-03-29).
  std::chrono::minutes offset_before{60};
  std::chrono::minutes offset_after{120};
  std::chrono::sys_days dst_day{std::chrono::year{2026} / 3 / 29};
  double missing_share = 0.05;        // share of days without a check-in
  double second_checkin_share = 0.2;  // share of days with a morning check-in too
  std::uint64_t seed = 7;
};

// Builds the journal: a clear safety screen on the first day, one evening
// check-in most days (pain per region, calm, nasal breathing), sessions Monday
// to Friday at 21:00 local from the end of the baseline (stage 1, 2 from week 3
// of practice, 3 from week 6) with three rated steps each, and one session
// stopped for sharp pain on the first day of the flare. Every id is fresh.
// Deterministic apart from the ids. Thread-safe.
journal::JournalData make_sample_journal(const SampleSpec& spec = {});

}  // namespace velum::report
