// SessionRenderer: everything that allocates or can fail happens in create();
// render() only walks precomputed, sorted placements and mixes them.

#include "audio/render.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numbers>

#include "audio/speech.hpp"

namespace velum::audio {
namespace {

using practice::SampleIndex;

constexpr double kMinGainDb = -60;
constexpr double kMaxGainDb = 24;
constexpr double kMinDuckDb = -40;
constexpr double kDuckRampSeconds = 0.06;   // tones fade under speech over this
constexpr double kGuideFadeSeconds = 0.25;  // the breath guide fades in and out this gently
constexpr double kFinalFadeSeconds = 0.05;  // anything still ringing at the end fades, never cut
constexpr float kSpeechGain = 0.8F;         // speech sits a little below full scale before loudness targeting

float db_to_linear(double db) { return static_cast<float>(std::pow(10.0, db / 20.0)); }

SampleIndex seconds_to_samples(double seconds, int rate) {
  return std::max<SampleIndex>(1, std::llround(seconds * rate));
}

std::optional<ToneKind> tone_for(const practice::Event& event) {
  using practice::EventKind;
  switch (event.kind) {
    case EventKind::kBell:
      switch (event.bell) {
        case practice::BellKind::kStepChange:
          return ToneKind::kStepBell;
        case practice::BellKind::kMidway:
          return ToneKind::kMidwayBell;
        case practice::BellKind::kClosing:
          return ToneKind::kClosingBell;
      }
      return std::nullopt;
    case EventKind::kPhase:
      if (event.phase == practice::BreathPhase::kInhale) return ToneKind::kInhale;
      if (event.phase == practice::BreathPhase::kExhale) return ToneKind::kExhale;
      return std::nullopt;  // holds are marked by the silence itself
    case EventKind::kRepetition:
      return ToneKind::kRepetition;
    case EventKind::kHoldStart:
      return ToneKind::kHoldStart;
    case EventKind::kHoldEnd:
      return ToneKind::kHoldEnd;
    default:
      return std::nullopt;  // step/preparation/session markers sound through their bells and cues
  }
}

}  // namespace

Result<std::unique_ptr<SessionRenderer>> SessionRenderer::create(const practice::Timeline& timeline,
                                                                 const RenderSettings& settings,
                                                                 PhraseCache* phrases) {
  auto fail = [](std::string message, std::string hint) {
    return Error{std::move(message), std::move(hint)};
  };
  if (timeline.sample_rate_hz < practice::kMinSampleRateHz ||
      timeline.sample_rate_hz > practice::kMaxSampleRateHz) {
    return fail(fmt::format("sample rate {} Hz is out of range", timeline.sample_rate_hz),
                fmt::format("use a rate between {} and {} Hz, such as 44100 or 48000",
                            practice::kMinSampleRateHz, practice::kMaxSampleRateHz));
  }
  if (timeline.total_samples < 0) return fail("the timeline has a negative length", "");
  if (settings.channels < 1 || settings.channels > kMaxChannels) {
    return fail(fmt::format("{} channels is not supported", settings.channels), "use 1 (mono) or 2 (stereo)");
  }
  if (!(settings.gain_db >= kMinGainDb && settings.gain_db <= kMaxGainDb)) {
    return fail(fmt::format("gain {} dB is out of range", settings.gain_db),
                fmt::format("use a gain between {} and {} dB", kMinGainDb, kMaxGainDb));
  }
  if (!(settings.duck_db >= kMinDuckDb && settings.duck_db <= 0)) {
    return fail(fmt::format("ducking {} dB is out of range", settings.duck_db),
                fmt::format("use a value between {} and 0 dB", kMinDuckDb));
  }
  if (settings.voice && phrases != nullptr && phrases->sample_rate() != timeline.sample_rate_hz) {
    return fail(fmt::format("the phrase cache is at {} Hz but the session is at {} Hz",
                            phrases->sample_rate(), timeline.sample_rate_hz),
                "build the phrase cache at the session's sample rate");
  }
  const bool speak =
      settings.voice && std::any_of(timeline.events.begin(), timeline.events.end(), [](const auto& e) {
        return e.kind == practice::EventKind::kCue && !e.text.empty();
      });
  if (speak && phrases == nullptr) {
    return fail("spoken cues are on but no speech engine was given", "turn the voice off or provide a voice");
  }

  const int rate = timeline.sample_rate_hz;
  std::unique_ptr<SessionRenderer> r(new SessionRenderer());
  r->sample_rate_hz_ = rate;
  r->channels_ = settings.channels;
  r->total_samples_ = timeline.total_samples;
  r->gain_ = db_to_linear(settings.gain_db);
  r->duck_gain_ = db_to_linear(settings.duck_db);
  r->guide_ = settings.breath_guide;
  r->duck_ramp_samples_ = seconds_to_samples(kDuckRampSeconds, rate);
  r->guide_fade_samples_ = seconds_to_samples(kGuideFadeSeconds, rate);
  r->final_fade_samples_ = seconds_to_samples(kFinalFadeSeconds, rate);
  r->bank_ = make_tone_bank(settings.sound_set, rate);

  for (const auto& event : timeline.events) {
    if (event.sample < 0 || event.sample >= timeline.total_samples) continue;
    if (event.kind == practice::EventKind::kCue) {
      if (!speak || event.text.empty()) continue;
      auto phrase = phrases->get(event.text);
      if (!phrase) return phrase.error();
      r->placements_.push_back({event.sample, **phrase, kSpeechGain, true});
      r->phrase_buffers_.push_back(std::move(*phrase));
      continue;
    }
    if (event.kind == practice::EventKind::kPhase && event.duration_samples > 0) {
      r->guide_segments_.push_back(
          {event.sample, event.sample + event.duration_samples, event.phase, false, false});
    }
    if (auto kind = tone_for(event))
      r->placements_.push_back({event.sample, r->bank_.tone(*kind), 1.0F, false});
  }
  std::stable_sort(r->placements_.begin(), r->placements_.end(),
                   [](const Placement& a, const Placement& b) { return a.start < b.start; });

  // Merge speech spans whose ducking ramps would touch, so each sample is in at most one.
  for (const auto& p : r->placements_) {
    if (!p.speech) continue;
    const SampleIndex end = p.start + static_cast<SampleIndex>(p.samples.size());
    if (!r->duck_intervals_.empty() &&
        p.start - r->duck_ramp_samples_ <= r->duck_intervals_.back().end + r->duck_ramp_samples_) {
      r->duck_intervals_.back().end = std::max(r->duck_intervals_.back().end, end);
    } else {
      r->duck_intervals_.push_back({p.start, end});
    }
  }

  auto& guide = r->guide_segments_;
  std::stable_sort(guide.begin(), guide.end(),
                   [](const auto& a, const auto& b) { return a.start < b.start; });
  for (std::size_t i = 0; i < guide.size(); ++i) {
    guide[i].end = std::min(guide[i].end, timeline.total_samples);
    if (i + 1 < guide.size()) guide[i].end = std::min(guide[i].end, guide[i + 1].start);
    guide[i].run_start = i == 0 || guide[i - 1].end != guide[i].start;
    guide[i].run_end = i + 1 == guide.size() || guide[i + 1].start != guide[i].end;
  }

  r->tones_.assign(kChunkFrames, 0.0F);
  r->speech_.assign(kChunkFrames, 0.0F);
  return r;
}

void SessionRenderer::rewind(double gain_db) {
  position_ = 0;
  gain_ = db_to_linear(std::clamp(gain_db, kMinGainDb, kMaxGainDb));
  next_placement_ = 0;
  next_duck_ = 0;
  next_guide_ = 0;
  guide_phase_ = 0;
  active_count_ = 0;
  dropped_sounds_ = 0;
}

practice::SampleIndex SessionRenderer::silent_frames_ahead() const noexcept {
  if (position_ >= total_samples_ || active_count_ > 0) return 0;
  SampleIndex next = total_samples_;
  if (next_placement_ < placements_.size()) next = std::min(next, placements_[next_placement_].start);
  if (guide_) {
    for (std::size_t g = next_guide_; g < guide_segments_.size(); ++g) {
      if (guide_segments_[g].end <= position_) continue;
      next = std::min(next, guide_segments_[g].start);
      break;
    }
  }
  return std::max<SampleIndex>(0, next - position_);
}

void SessionRenderer::skip_silence(practice::SampleIndex frames) noexcept {
  position_ += std::clamp<SampleIndex>(frames, 0, silent_frames_ahead());
}

std::size_t SessionRenderer::render(std::span<float> interleaved) noexcept {
  const auto channels = static_cast<std::size_t>(channels_);
  const std::size_t frames = interleaved.size() / channels;
  const SampleIndex session_frames_before =
      std::clamp<SampleIndex>(total_samples_ - position_, 0, static_cast<SampleIndex>(frames));
  std::size_t done = 0;
  while (done < frames) {
    const std::size_t n = std::min(kChunkFrames, frames - done);
    render_mono(tones_.data(), n);
    float* out = interleaved.data() + done * channels;
    if (channels == 1) {
      std::copy_n(tones_.data(), n, out);
    } else {
      for (std::size_t i = 0; i < n; ++i) {
        out[2 * i] = tones_[i];
        out[2 * i + 1] = tones_[i];
      }
    }
    done += n;
  }
  // A trailing partial frame (size not a multiple of channels) stays silent.
  std::fill(interleaved.begin() + static_cast<std::ptrdiff_t>(frames * channels), interleaved.end(), 0.0F);
  return static_cast<std::size_t>(session_frames_before);
}

std::size_t SessionRenderer::render_one_channel(std::span<float> mono) noexcept {
  const std::size_t frames = mono.size();
  const SampleIndex session_frames_before =
      std::clamp<SampleIndex>(total_samples_ - position_, 0, static_cast<SampleIndex>(frames));
  for (std::size_t done = 0; done < frames;) {
    const std::size_t n = std::min(kChunkFrames, frames - done);
    render_mono(mono.data() + done, n);
    done += n;
  }
  return static_cast<std::size_t>(session_frames_before);
}

// Mixes frames [position_, position_ + n) into `out` (which may alias tones_).
void SessionRenderer::render_mono(float* out, std::size_t n) noexcept {
  const SampleIndex block_start = position_;
  const SampleIndex block_end = position_ + static_cast<SampleIndex>(n);
  position_ = block_end;
  float* tones = tones_.data();
  float* speech = speech_.data();
  if (block_start >= total_samples_) {
    std::fill_n(out, n, 0.0F);
    return;
  }
  std::fill_n(tones, n, 0.0F);
  bool speaking = false;  // speech_ is cleared only for blocks that have speech

  while (next_placement_ < placements_.size() && placements_[next_placement_].start < block_end) {
    if (active_count_ < kMaxActive) {
      active_[active_count_++] = next_placement_;
    } else {
      ++dropped_sounds_;
    }
    ++next_placement_;
  }
  // Mix in start order and keep that order when removing, so the float sums
  // (and hence the output bytes) do not depend on the block size.
  std::size_t kept = 0;
  for (std::size_t a = 0; a < active_count_; ++a) {
    const Placement& p = placements_[active_[a]];
    const SampleIndex end = p.start + static_cast<SampleIndex>(p.samples.size());
    const SampleIndex from = std::max(p.start, block_start);
    const SampleIndex to = std::min(end, block_end);
    if (p.speech && !speaking) {
      std::fill_n(speech, n, 0.0F);
      speaking = true;
    }
    float* dst = p.speech ? speech : tones;
    const float* src = p.samples.data() + (from - p.start);
    float* d = dst + (from - block_start);
    for (SampleIndex s = from; s < to; ++s) *d++ += p.gain * *src++;
    if (end > block_end) active_[kept++] = active_[a];
  }
  active_count_ = kept;

  if (guide_) {
    while (next_guide_ < guide_segments_.size() && guide_segments_[next_guide_].end <= block_start)
      ++next_guide_;
    for (std::size_t g = next_guide_; g < guide_segments_.size() && guide_segments_[g].start < block_end;
         ++g) {
      const GuideSegment& seg = guide_segments_[g];
      const SampleIndex from = std::max(seg.start, block_start);
      const SampleIndex to = std::min(seg.end, block_end);
      const double length = static_cast<double>(seg.end - seg.start);
      const bool rising =
          seg.phase == practice::BreathPhase::kInhale || seg.phase == practice::BreathPhase::kHoldIn;
      for (SampleIndex s = from; s < to; ++s) {
        double progress = static_cast<double>(s - seg.start) / length;
        if (seg.phase == practice::BreathPhase::kHoldIn) progress = 1;
        if (seg.phase == practice::BreathPhase::kHoldOut) progress = 1;  // falling shape at its end: low
        const GuidePoint point = guide_point(progress, rising);
        double amplitude = point.amplitude;
        if (seg.run_start && s - seg.start < guide_fade_samples_) {
          amplitude *= raised_cosine_rise(s - seg.start, guide_fade_samples_);
        }
        if (seg.run_end && seg.end - 1 - s < guide_fade_samples_) {
          amplitude *= raised_cosine_rise(seg.end - 1 - s, guide_fade_samples_);
        }
        guide_phase_ += point.frequency_hz / sample_rate_hz_;
        guide_phase_ -= std::floor(guide_phase_);
        tones[s - block_start] +=
            static_cast<float>(amplitude * std::sin(2 * std::numbers::pi * guide_phase_));
      }
    }
  }

  const SampleIndex ramp = duck_ramp_samples_;
  while (next_duck_ < duck_intervals_.size() && duck_intervals_[next_duck_].end + ramp <= block_start)
    ++next_duck_;
  for (std::size_t k = next_duck_; k < duck_intervals_.size() && duck_intervals_[k].start - ramp < block_end;
       ++k) {
    const Interval& iv = duck_intervals_[k];
    const SampleIndex from = std::max(iv.start - ramp, block_start);
    const SampleIndex to = std::min(iv.end + ramp, block_end);
    for (SampleIndex s = from; s < to; ++s) {
      double depth = 1;  // 1 = fully ducked
      if (s < iv.start) depth = raised_cosine_rise(s - (iv.start - ramp), ramp);
      if (s >= iv.end) depth = raised_cosine_rise(iv.end + ramp - 1 - s, ramp);
      tones[s - block_start] *= static_cast<float>(1 - (1 - duck_gain_) * depth);
    }
  }

  const SampleIndex fade_from = total_samples_ - final_fade_samples_;
  if (block_end <= fade_from) {
    // Most blocks: no fade and no end inside, so a plain loop the compiler vectorizes.
    if (speaking) {
      for (std::size_t i = 0; i < n; ++i) out[i] = (tones[i] + speech[i]) * gain_;
    } else {
      for (std::size_t i = 0; i < n; ++i) out[i] = tones[i] * gain_;
    }
    return;
  }
  if (!speaking) std::fill_n(speech, n, 0.0F);
  for (std::size_t i = 0; i < n; ++i) {
    const SampleIndex s = block_start + static_cast<SampleIndex>(i);
    float value = (tones[i] + speech[i]) * gain_;
    if (s >= total_samples_) {
      value = 0;
    } else if (s >= fade_from) {
      value *= static_cast<float>(raised_cosine_rise(total_samples_ - 1 - s, final_fade_samples_));
    }
    out[i] = value;
  }
}

}  // namespace velum::audio
