// GET /api/v1/history: per local day the pain ratings, check-in and session
// counts, every session, and the voice measures' daily means (the History page).

#include "journal/history.hpp"
#include "common/voice_json.hpp"
#include "server/routes/routes.hpp"

namespace velum::server::routes {
namespace {

// The history's voice part: which measures there are, and per local day the
// number of voice sessions and the mean of each measure taken that day.
json voice_history_json(const std::vector<journal::VoiceSession>& sessions) {
  json days = json::array();
  for (const auto& day : journal::summarize_voice_days(sessions)) {
    json means = json::object();
    for (std::size_t i = 0; i < journal::kVoiceMeasureCount; ++i) {
      if (day.mean[i])
        means[std::string(journal::to_string(static_cast<journal::VoiceMeasure>(i)))] = *day.mean[i];
    }
    days.push_back(
        {{"date", journal::to_date_text(day.date)}, {"sessions", day.session_count}, {"means", means}});
  }
  return {{"measures", std::vector<std::string>(journal::voice_measure_spellings().begin(),
                                                journal::voice_measure_spellings().end())},
          {"days", days}};
}

ApiResponse history(Journal& journal) {
  auto held = journal.hold();
  auto& store = held.store;
  auto checkins = store.checkins(journal::Query{});
  if (!checkins) return reply(store_failure(checkins.error()));
  auto sessions = store.sessions(journal::Query{});
  if (!sessions) return reply(store_failure(sessions.error()));
  json days = json::array();
  for (const auto& day : journal::summarize_days(*checkins, *sessions)) {
    json pain = json::object();
    for (std::size_t i = 0; i < journal::kRegionCount; ++i) {
      if (day.pain[i]) pain[std::string(journal::to_string(static_cast<journal::Region>(i)))] = *day.pain[i];
    }
    days.push_back({{"date", journal::to_date_text(day.date)},
                    {"pain", pain},
                    {"checkins", day.checkin_count},
                    {"sessions", day.session_count}});
  }
  json session_list = json::array();
  for (const auto& session : *sessions) session_list.push_back(session_json(session));
  auto voice_sessions = store.voice_sessions(std::string(journal::kDefaultUser), {});
  if (!voice_sessions) return reply(store_failure(voice_sessions.error()));
  return reply(kOk, {{"regions", std::vector<std::string>(journal::region_spellings().begin(),
                                                          journal::region_spellings().end())},
                     {"days", days},
                     {"sessions", session_list},
                     {"voice", voice_history_json(*voice_sessions)}});
}

}  // namespace

void add_history_routes(RouteTable& table, const RouteContext& context) {
  auto& journal = context.journal;
  table.add("GET", "/api/v1/history", [&journal](const RouteCall&) { return history(journal); });
}

}  // namespace velum::server::routes
