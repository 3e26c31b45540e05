// render_to_file: measure (pass 1, libebur128), then write (pass 2, libsndfile)
// to a temporary file beside the target, renamed into place only on success.

#include <ebur128.h>
#include <fcntl.h>
#include <fmt/format.h>
#include <sndfile.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <functional>
#include <limits>
#include <system_error>

#include "audio/detail/ebur128_on_demand.hpp"
#include "audio/detail/true_peak.hpp"
#include "audio/render.hpp"

namespace velum::audio {
namespace {

constexpr std::size_t kFileBlockFrames = 4096;
// The written file is quantized after the gain; this margin keeps its true
// peak under the ceiling whatever the rounding (16-bit steps are ~-90 dBFS).
constexpr double kPeakMarginDb = 0.02;
constexpr double kMinGainDb = -60;
constexpr double kMaxGainDb = 24;
constexpr mode_t kFileMode = 0644;
// libsndfile's clipping conversion costs as much per sample as the rest of
// the write (measured: 508 M instructions against 231 M for the five-minute
// session) and can only act on samples at or beyond full scale. Below this
// measured output peak it never would: the renderer's float product (mix x
// gain x fade <= 1) rounds by a relative 1e-7. The plain conversion scales by
// 32767 instead of 32768 (0.0003 dB quieter, one LSB on some samples), far
// inside kPeakMarginDb and the loudness tolerance.
constexpr double kClipCannotActBelow = 0.999;

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

// libsndfile's format code for the file's extension and the sample format.
Result<int> format_for(const std::string& extension, SampleFormat sample_format) {
  int subtype = SF_FORMAT_PCM_16;
  if (sample_format == SampleFormat::kPcm24) subtype = SF_FORMAT_PCM_24;
  if (sample_format == SampleFormat::kFloat) subtype = SF_FORMAT_FLOAT;
  if (extension == ".wav") return SF_FORMAT_WAV | subtype;
  if (extension == ".flac") {
    if (sample_format == SampleFormat::kFloat) {
      return Error{"FLAC cannot hold floating-point samples", "use .wav for float output, or 16/24-bit FLAC"};
    }
    return SF_FORMAT_FLAC | subtype;
  }
  if (extension == ".ogg") return SF_FORMAT_OGG | SF_FORMAT_VORBIS;
  return Error{extension.empty() ? "the output file has no extension"
                                 : fmt::format("unsupported output format '{}'", extension),
               "end the file name with .wav, .flac or .ogg"};
}

double to_db(double linear) {
  return linear > 0 ? 20 * std::log10(linear) : -std::numeric_limits<double>::infinity();
}

struct Loudness {
  double integrated_lufs = -std::numeric_limits<double>::infinity();
  double true_peak_dbtp = -std::numeric_limits<double>::infinity();
  double sample_peak = 0;  // linear, at 0 dB gain
  std::optional<Error> error;
};

// libebur128 forms a gating block every 100 ms of input (its own rounding) and
// drops blocks below the -70 LUFS absolute gate. Once a meter has been fed this
// many 100 ms hops of digital silence, its 400 ms window and the K-weighting
// filters hold nothing audible, so further silence would only add gated-out
// blocks: skipping it in whole hops keeps the block grid and the result.
constexpr practice::SampleIndex kSettleHops = 6;

practice::SampleIndex hop_frames(int sample_rate_hz) { return (sample_rate_hz + 5) / 10; }

// Every channel carries the same mix, so measuring channel 0 as "dual mono"
// gives the stereo loudness at half the cost. Loudness needs every sample; the
// true peak (libebur128's 4x oversampling, most of the cost when metered
// everywhere) is measured only where it can be the maximum (detail/true_peak.hpp),
// which gives the same value.
Loudness measure(SessionRenderer& renderer) {
  Loudness result;
  const auto channels = static_cast<std::size_t>(renderer.channels());
  ebur128_state* state =
      ebur128_init(1, static_cast<unsigned long>(renderer.sample_rate_hz()), EBUR128_MODE_I);
  auto peak_meter = detail::SelectiveTruePeak::create(renderer.sample_rate_hz());
  if (state == nullptr || !peak_meter) {
    if (state != nullptr) ebur128_destroy(&state);
    result.error = detail::ebur128_load_error().value_or(
        Error{ErrorCode::kInternal, "could not start the loudness meter"});
    return result;
  }
  if (channels == 2) ebur128_set_channel(state, 0, EBUR128_DUAL_MONO);
  const practice::SampleIndex hop = hop_frames(renderer.sample_rate_hz());
  std::vector<float> mono(kFileBlockFrames);
  practice::SampleIndex silence_fed = 0;  // zeros at the end of what the meter has seen
  renderer.rewind(0);
  while (!renderer.finished()) {
    const practice::SampleIndex quiet = renderer.silent_frames_ahead();
    if (silence_fed >= kSettleHops * hop && quiet >= hop) {
      const practice::SampleIndex skipped = quiet / hop * hop;
      renderer.skip_silence(skipped);
      peak_meter->add_silence(skipped);
      continue;
    }
    const std::size_t frames = renderer.render_one_channel(mono);
    std::size_t trailing_zeros = 0;
    while (trailing_zeros < frames && mono[frames - 1 - trailing_zeros] == 0.0F) ++trailing_zeros;
    silence_fed = trailing_zeros == frames ? silence_fed + static_cast<practice::SampleIndex>(frames)
                                           : static_cast<practice::SampleIndex>(trailing_zeros);
    ebur128_add_frames_float(state, mono.data(), frames);
    peak_meter->add(std::span<const float>(mono.data(), frames));
  }
  double loudness = 0;
  if (ebur128_loudness_global(state, &loudness) == EBUR128_SUCCESS) result.integrated_lufs = loudness;
  result.true_peak_dbtp = to_db(peak_meter->true_peak());
  result.sample_peak = peak_meter->sample_peak();
  ebur128_destroy(&state);
  return result;
}

}  // namespace

Result<FileReport> render_to_file(const practice::Timeline& timeline, const std::filesystem::path& path,
                                  const FileSettings& settings, PhraseCache* phrases) {
  namespace fs = std::filesystem;
  FileReport report;
  auto fail = [](std::string message, std::string hint) {
    return Error{std::move(message), std::move(hint)};
  };

  const auto format = format_for(lower(path.extension().string()), settings.format);
  if (!format) return format.error();
  std::error_code ec;
  if (fs::is_directory(path, ec)) {
    return fail(fmt::format("'{}' is a folder", path.string()), "give a file name such as session.wav");
  }
  if (fs::exists(path, ec) && !settings.force) {
    return fail(fmt::format("'{}' already exists", path.string()),
                "choose another name, or use --force to replace it");
  }
  const fs::path folder = path.has_parent_path() ? path.parent_path() : fs::path(".");
  if (!fs::is_directory(folder, ec)) {
    return fail(fmt::format("the folder '{}' does not exist", folder.string()),
                "create it first or choose another folder");
  }

  // The temporary file comes first: an unwritable folder is reported before
  // any work. mkstemp gives a unique name in the same folder, so rename() is atomic.
  // Built by append: GCC 12 at -O3 flags `"." + string + "..."` with a false -Wrestrict.
  std::string hidden_name(".");
  hidden_name.append(path.filename().string()).append(".velum-XXXXXX");
  std::string temp_name = (folder / hidden_name).string();
  const int fd = mkstemp(temp_name.data());
  if (fd < 0) {
    return fail(fmt::format("cannot write in the folder '{}': {}", folder.string(), std::strerror(errno)),
                "choose a folder you can write to");
  }
  fchmod(fd, kFileMode);
  const fs::path temp_path(temp_name);
  auto discard = [&temp_path] {
    std::error_code ignored;
    fs::remove(temp_path, ignored);
  };
  // Until libsndfile owns the descriptor, failures close it here. The guard
  // also covers an unexpected exception, so no temporary file outlives us.
  bool fd_owned = true;
  bool finished = false;
  auto abandon = [&] {
    if (fd_owned) close(fd);
    fd_owned = false;
    discard();
  };
  struct Guard {
    std::function<void()> on_exit;
    ~Guard() { on_exit(); }
  } guard{[&] {
    if (!finished) abandon();
  }};

  auto created = SessionRenderer::create(timeline, settings.render, phrases);
  if (!created) {
    abandon();
    return created.error();
  }
  SessionRenderer& renderer = **created;
  std::vector<float> block(kFileBlockFrames * static_cast<std::size_t>(renderer.channels()));

  double gain_db = settings.render.gain_db;
  bool may_clip = true;  // without a measurement the peak is unknown
  if (settings.normalize) {
    const Loudness loudness = measure(renderer);
    if (loudness.error) {
      abandon();
      return *loudness.error;
    }
    report.measured_lufs = loudness.integrated_lufs;
    if (std::isfinite(loudness.integrated_lufs)) {
      gain_db = settings.target_lufs - loudness.integrated_lufs;
      const double peak_room = settings.max_true_peak_dbtp - kPeakMarginDb - loudness.true_peak_dbtp;
      if (gain_db > peak_room) {
        gain_db = peak_room;
        report.limited_by_peak = true;
      }
      gain_db = std::clamp(gain_db, kMinGainDb, kMaxGainDb);
    } else {
      gain_db = 0;  // silence: nothing to scale
    }
    report.output_lufs = loudness.integrated_lufs + gain_db;
    report.output_true_peak_dbtp = loudness.true_peak_dbtp + gain_db;
    may_clip = !(loudness.sample_peak * std::pow(10.0, gain_db / 20) < kClipCannotActBelow);
  }
  report.gain_db = gain_db;
  renderer.rewind(gain_db);

  SF_INFO info{};
  info.samplerate = renderer.sample_rate_hz();
  info.channels = renderer.channels();
  info.format = *format;
  SNDFILE* file = sf_open_fd(fd, SFM_WRITE, &info, SF_TRUE);
  if (file == nullptr) {
    const std::string why = sf_strerror(nullptr);
    abandon();
    return fail(fmt::format("cannot write '{}': {}", path.string(), why), "");
  }
  // Out-of-range floats must saturate, not wrap: a safety net wherever the
  // measured peak does not already rule it out.
  fd_owned = false;
  if (may_clip) sf_command(file, SFC_SET_CLIPPING, nullptr, SF_TRUE);
  const std::string title = !settings.title.empty()        ? settings.title
                            : !timeline.routine_id.empty() ? timeline.routine_id
                                                           : std::string("velum breath pacer");
  sf_set_string(file, SF_STR_TITLE, title.c_str());
  sf_set_string(file, SF_STR_SOFTWARE, "velum");

  while (!renderer.finished()) {
    const std::size_t frames = renderer.render(block);
    const auto count = static_cast<sf_count_t>(frames);
    if (sf_writef_float(file, block.data(), count) != count) {
      const std::string why = sf_strerror(file);
      sf_close(file);
      discard();
      return fail(fmt::format("writing '{}' failed: {}", path.string(), why), "check the free disk space");
    }
    report.frames += count;
  }
  if (sf_close(file) != 0) {
    discard();
    return fail(fmt::format("finishing '{}' failed", path.string()), "check the free disk space");
  }
  fs::rename(temp_path, path, ec);
  finished = true;
  if (ec) {
    discard();
    return fail(fmt::format("cannot move the finished file to '{}': {}", path.string(), ec.message()), "");
  }
  return report;
}

}  // namespace velum::audio
