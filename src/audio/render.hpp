#pragma once
// Turning a practice::Timeline into sound: a real-time-safe streaming renderer
// (for live output and files alike) and render_to_file with loudness targeting.

#include <array>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "audio/tones.hpp"
#include "base/result.hpp"
#include "practice/timeline.hpp"

namespace velum::audio {

class PhraseCache;

inline constexpr int kMaxChannels = 2;
inline constexpr double kDefaultDuckDb = -12.0;  // tones under speech: clearly lower, still audible

struct RenderSettings {
  SoundSet sound_set = SoundSet::kSoftBells;
  bool voice = true;                // speak kCue events (needs a PhraseCache)
  bool breath_guide = false;        // continuous tone rising with the inhale, falling with the exhale
  int channels = 2;                 // 1 or 2; every channel carries the same mix
  double gain_db = 0;               // applied to the whole mix, in [-60, 24]
  double duck_db = kDefaultDuckDb;  // tone level while speech plays, in [-40, 0]
};

// Streams one session. Build it (allocating, synthesizing tones and speech),
// then call render() repeatedly from one thread — typically the audio callback.
class SessionRenderer {
 public:
  // The renderer, or why not: bad settings, or a phrase that could not be
  // spoken. `phrases` may be null when settings.voice is false; its sample rate must
  // equal the timeline's. The timeline is copied as needed; nothing borrowed is
  // kept except the phrase buffers, which are shared. Any thread; allocates.
  static Result<std::unique_ptr<SessionRenderer>> create(const practice::Timeline& timeline,
                                                         const RenderSettings& settings,
                                                         PhraseCache* phrases);

  // Fills `interleaved` (frames x channels floats) with the next frames and
  // advances. After the session's end the rest is zero-filled. Returns the
  // number of frames that were inside the session. REAL-TIME SAFE: no
  // allocation, locks, I/O or exceptions. One thread at a time.
  std::size_t render(std::span<float> interleaved) noexcept;
  // The same as render() for a single channel: fills `mono` (frames floats)
  // with the mix every channel carries. Lets a meter skip interleaving and
  // picking one channel back out. Same guarantees and thread rules as render().
  std::size_t render_one_channel(std::span<float> mono) noexcept;

  // Frames from the current position that are certainly digital silence (no
  // sound or breath guide sounding or starting), up to the session's end.
  // Real-time safe; same thread as render().
  practice::SampleIndex silent_frames_ahead() const noexcept;
  // Advances over `frames` of silence without producing them; frames must not
  // exceed silent_frames_ahead(). Lets a loudness meter skip what it would
  // gate out anyway. Real-time safe; same thread as render().
  void skip_silence(practice::SampleIndex frames) noexcept;

  // Back to sample 0 with a new overall gain (dB, [-60, 24]). Not while another
  // thread is inside render().
  void rewind(double gain_db);

  practice::SampleIndex position() const { return position_; }
  practice::SampleIndex total_samples() const { return total_samples_; }
  bool finished() const { return position_ >= total_samples_; }
  int channels() const { return channels_; }
  int sample_rate_hz() const { return sample_rate_hz_; }
  // Sounds that could not play because too many overlapped (0 in practice).
  std::int64_t dropped_sounds() const { return dropped_sounds_; }

  // One placed sound, sorted by start (public for tests and diagnostics).
  struct Placement {
    practice::SampleIndex start = 0;
    std::span<const float> samples;
    float gain = 1;
    bool speech = false;
  };
  std::span<const Placement> placements() const { return placements_; }

 private:
  SessionRenderer() = default;
  void render_mono(float* out, std::size_t frames) noexcept;

  static constexpr std::size_t kMaxActive = 64;
  static constexpr std::size_t kChunkFrames = 1024;

  struct Interval {  // speech ducking: [start, end) plus ramps outside it
    practice::SampleIndex start = 0;
    practice::SampleIndex end = 0;
  };
  struct GuideSegment {
    practice::SampleIndex start = 0;
    practice::SampleIndex end = 0;
    practice::BreathPhase phase = practice::BreathPhase::kInhale;
    bool run_start = false;  // first phase after silence: fade in
    bool run_end = false;    // last phase before silence: fade out
  };

  int sample_rate_hz_ = 0;
  int channels_ = 2;
  practice::SampleIndex total_samples_ = 0;
  practice::SampleIndex position_ = 0;
  float gain_ = 1;
  float duck_gain_ = 1;
  bool guide_ = false;
  practice::SampleIndex duck_ramp_samples_ = 1;
  practice::SampleIndex guide_fade_samples_ = 1;
  practice::SampleIndex final_fade_samples_ = 1;

  ToneBank bank_;
  std::vector<std::shared_ptr<const std::vector<float>>> phrase_buffers_;
  std::vector<Placement> placements_;
  std::vector<Interval> duck_intervals_;
  std::vector<GuideSegment> guide_segments_;

  std::size_t next_placement_ = 0;
  std::size_t next_duck_ = 0;
  std::size_t next_guide_ = 0;
  double guide_phase_ = 0;  // radians / (2 pi), in [0, 1)
  std::array<std::size_t, kMaxActive> active_{};
  std::size_t active_count_ = 0;
  std::int64_t dropped_sounds_ = 0;
  std::vector<float> tones_;   // kChunkFrames scratch
  std::vector<float> speech_;  // kChunkFrames scratch
};

enum class SampleFormat { kDefault, kPcm16, kPcm24, kFloat };

inline constexpr double kDefaultTargetLufs = -18.0;
inline constexpr double kDefaultMaxTruePeakDbtp = -1.0;

struct FileSettings {
  RenderSettings render;
  bool force = false;     // replace an existing file
  bool normalize = true;  // measure, then scale to target_lufs (never above max_true_peak_dbtp)
  double target_lufs = kDefaultTargetLufs;
  double max_true_peak_dbtp = kDefaultMaxTruePeakDbtp;
  SampleFormat format = SampleFormat::kDefault;  // WAV/FLAC: 16-bit; OGG: Vorbis always
  std::string title;                             // written as the file's title tag; empty = the routine id
};

struct FileReport {
  practice::SampleIndex frames = 0;
  double measured_lufs = 0;  // before the gain; -inf for silence
  double gain_db = 0;        // applied
  double output_lufs = 0;    // measured_lufs + gain_db
  double output_true_peak_dbtp = 0;
  bool limited_by_peak = false;  // the target was not reached because of the true-peak ceiling
};

// Renders the whole session to `path`; the extension picks the format (.wav,
// .flac, .ogg). Streams in blocks; writes a temporary file beside `path` and
// renames it, so a failure leaves nothing behind. Refuses an existing path
// unless settings.force. WAV and FLAC files are byte-identical for identical
// input; Ogg files differ in the stream serial number libsndfile draws at
// random. Returns what was measured and applied, or the error (bad settings or
// path, an unwritable folder, a full disk). Any thread; blocking I/O.
Result<FileReport> render_to_file(const practice::Timeline& timeline, const std::filesystem::path& path,
                                  const FileSettings& settings, PhraseCache* phrases);

}  // namespace velum::audio
