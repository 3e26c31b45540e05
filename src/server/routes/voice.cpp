// The Voice page: POST /api/v1/voice/analyze (measures of one recording,
// kept in the journal with ?save=1), POST /voice/range (the range profile),
// GET /voice/sessions and DELETE /voice/sessions/{id}.

#include <fmt/format.h>

#include "common/voice_json.hpp"
#include "common/voice_session.hpp"
#include "server/routes/routes.hpp"
#include "voice/analysis.hpp"
#include "voice/input.hpp"
#include "voice/pitch.hpp"
#include "voice/range.hpp"

namespace velum::server::routes {
namespace {

// The page records at most 10 s; a 1 MB body of 8 kHz 16-bit mono holds ~65 s.
constexpr double kMaxUploadSeconds = 120.0;

// POST /api/v1/voice/analyze: the body is an audio file (WAV from the browser).
// The same analysis as `velum voice analyze` and the track of `velum voice pitch`;
// it runs outside the journal lock, which only a save takes, afterwards.
struct VoiceUpload {
  json result;  // the measures, as `velum voice analyze --json` gives them, and the sample rate
  json track;   // {"hop_seconds", "frames"}: for drawing this take, not kept in the journal
};

std::variant<VoiceUpload, Failure> analyze_voice_upload(const std::string& body) {
  constexpr std::string_view kUploadName = "the uploaded recording";
  auto signal = voice::read_mono_bytes(body, kUploadName, kMaxUploadSeconds);
  if (!signal) return Failure{kUnsupportedMedia, "body", signal.error().message, signal.error().hint};
  auto report = voice::analyze_voice(*signal);
  if (!report) return Failure{kUnprocessable, "body", report.error().message, report.error().hint};
  const voice::PitchSettings settings;
  auto track = voice::track_pitch(signal->samples, signal->sample_rate_hz, settings);
  if (!track) return Failure{kUnprocessable, "body", track.error().message, track.error().hint};
  VoiceUpload upload{common::voice_report_json(*report, settings.hop_seconds),
                     common::pitch_track_json(*track, settings.hop_seconds)};
  upload.result["sample_rate_hz"] = signal->sample_rate_hz;
  return upload;
}

// A label for a saved web recording, so the list says where each came from.
constexpr std::string_view kDefaultVoiceSource = "web recording";
constexpr std::size_t kMaxVoiceSourceLength = 200;

// ?from=YYYY-MM-DD&to=YYYY-MM-DD (either optional) as local days.
std::variant<journal::DayRange, Failure> day_range_from(const ApiRequest& request) {
  journal::DayRange range;
  for (const auto& [name, into] : {std::pair{"from", &range.first}, std::pair{"to", &range.last}}) {
    const auto it = request.query.find(name);
    if (it == request.query.end() || it->second.empty()) continue;
    const auto day = journal::parse_date_text(it->second);
    if (!day) {
      return Failure{
          kBadRequest, name,
          fmt::format("{} must be a calendar day written YYYY-MM-DD, got '{}'", name, shown(it->second)),
          fmt::format("for example ?{}=2026-03-14", name)};
    }
    *into = *day;
  }
  return range;
}

// POST /api/v1/voice/range: the body is one audio file holding the range
// takes (the page joins its glides and notes). The same profile as `velum
// voice range --json` (uncalibrated), plus its SVG drawing.
ApiResponse voice_range_upload(const std::string& body) {
  constexpr std::string_view kUploadName = "the uploaded recording";
  auto signal = voice::read_mono_bytes(body, kUploadName, kMaxUploadSeconds);
  if (!signal) return reply(Failure{kUnsupportedMedia, "body", signal.error().message, signal.error().hint});
  auto track = voice::track_pitch(signal->samples, signal->sample_rate_hz, voice::PitchSettings{});
  if (!track) return reply(Failure{kUnprocessable, "body", track.error().message, track.error().hint});
  const voice::Calibration calibration;
  voice::RangeProfileBuilder builder;
  builder.add(*track, voice::frame_levels_db(*signal, *track, calibration));
  const auto profile = builder.build();
  if (profile.cells.empty()) {
    return reply(Failure{kUnprocessable, "body", "no voiced frames found",
                         "glide slowly on 'ah' and hold each note for at least a moment"});
  }
  json out = common::range_profile_json(profile, calibration);
  out["svg"] = voice::range_profile_svg(profile, calibration);
  out["stored"] = false;
  return reply(kOk, out);
}

ApiResponse analyze(Journal& journal, const ApiRequest& request) {
  // The query is checked before the analysis so a typo costs nothing.
  std::optional<Failure> failure;
  const bool save = query_integer(request, "save", 0, 1, failure).value_or(0) == 1;
  if (failure) return reply(*failure);
  std::string source(kDefaultVoiceSource);
  if (const auto it = request.query.find("source"); it != request.query.end() && !it->second.empty()) {
    if (it->second.size() > kMaxVoiceSourceLength) {
      return reply(Failure{kBadRequest, "source",
                           fmt::format("source is {} characters long; at most {} are kept", it->second.size(),
                                       kMaxVoiceSourceLength),
                           "send a shorter label, such as the file name"});
    }
    source = it->second;
  }
  // The analysis runs outside the journal lock, which only a save takes, afterwards.
  auto analysed = analyze_voice_upload(request.body);
  if (auto* analysis_failure = std::get_if<Failure>(&analysed)) return reply(*analysis_failure);
  const auto& upload = std::get<VoiceUpload>(analysed);
  json out = upload.result;
  out.update(upload.track);
  out["stored"] = false;
  if (!save) return reply(kOk, out);
  auto held = journal.hold();
  const auto session =
      common::voice_session_from_result(journal::VoiceTask::kAnalyze, source, upload.result, held.now);
  if (auto saved = held.store.add_voice_session(session); !saved) return reply(store_failure(saved.error()));
  out["stored"] = true;
  out["id"] = session.id;
  return reply(kCreated, out);
}

ApiResponse list_voice_sessions(Journal& journal, const ApiRequest& request) {
  auto range = day_range_from(request);
  if (auto* failure = std::get_if<Failure>(&range)) return reply(*failure);
  auto query = page_query(request);
  if (auto* failure = std::get_if<Failure>(&query)) return reply(*failure);
  auto held = journal.hold();
  auto page =
      held.store.voice_sessions_page(std::get<journal::PageQuery>(query), std::get<journal::DayRange>(range));
  if (!page) return reply(store_failure(page.error()));
  json list = json::array();
  for (const auto& session : page->records) list.push_back(common::voice_session_json(session));
  return reply(kOk, {{"voice_sessions", list}, {"next_cursor", next_cursor(page->next)}});
}

}  // namespace

void add_voice_routes(RouteTable& table, const RouteContext& context) {
  auto& journal = context.journal;
  table.add("POST", "/api/v1/voice/analyze",
            [&journal](const RouteCall& call) { return analyze(journal, call.request); });
  table.add("POST", "/api/v1/voice/range",
            [](const RouteCall& call) { return voice_range_upload(call.request.body); });
  table.add("GET", "/api/v1/voice/sessions",
            [&journal](const RouteCall& call) { return list_voice_sessions(journal, call.request); });
  table.add("DELETE", "/api/v1/voice/sessions/{id}", [&journal](const RouteCall& call) {
    auto held = journal.hold();
    if (auto deleted =
            held.store.delete_voice_session(std::string(journal::kDefaultUser), call.parameter("id"));
        !deleted) {
      return reply(store_failure(deleted.error(), "id"));
    }
    return reply(kNoContent, std::string());
  });
}

}  // namespace velum::server::routes
