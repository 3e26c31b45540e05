// Check-ins: GET and POST /api/v1/checkins, PUT and DELETE /checkins/{id}.

#include <fmt/format.h>

#include <algorithm>

#include "server/routes/routes.hpp"

namespace velum::server::routes {
namespace {

json checkin_json(const journal::CheckIn& checkin) {
  json pain = json::object();
  for (std::size_t i = 0; i < journal::kRegionCount; ++i) {
    if (checkin.pain[i])
      pain[std::string(journal::to_string(static_cast<journal::Region>(i)))] = *checkin.pain[i];
  }
  auto optional = [](const std::optional<int>& value) { return value ? json(*value) : json(nullptr); };
  return {{"id", checkin.id},
          {"taken_at", journal::to_iso8601(checkin.taken_at)},
          {"date", journal::to_date_text(journal::local_date(checkin.taken_at))},
          {"pain", pain},
          {"calm", optional(checkin.calm)},
          {"nasal", optional(checkin.nasal_breathing_ease)},
          {"hydration", optional(checkin.hydration_glasses)},
          {"note", checkin.note}};
}

std::variant<journal::CheckIn, Failure> checkin_from(const json& body, journal::Timestamp now) {
  journal::CheckIn checkin;
  checkin.id = journal::new_record_id();
  checkin.taken_at = now;
  Fields fields{body, "", std::nullopt};
  if (const auto pain = body.find("pain"); pain != body.end() && !pain->is_null()) {
    if (!pain->is_object()) {
      return Failure{kBadRequest, "pain",
                     fmt::format("pain must be an object of region: rating, got {}", shown_json(*pain)),
                     "for example \"pain\": {\"throat\": 3}"};
    }
    Fields regions{*pain, "pain.", std::nullopt};
    for (const auto& [name, value] : pain->items()) {
      const auto region = journal::parse_region(name);
      if (!region) {
        const auto close = journal::closest_spelling(name, journal::region_spellings());
        std::string known;
        for (auto spelling : journal::region_spellings())
          known += (known.empty() ? "" : ", ") + std::string(spelling);
        return Failure{kUnprocessable, "pain." + shown(name), fmt::format("unknown region '{}'", shown(name)),
                       close ? fmt::format("did you mean '{}'?", *close) : "regions are " + known};
      }
      checkin.pain_in(*region) = regions.integer(name, journal::kMinRating, journal::kMaxRating);
      if (regions.failure) return *regions.failure;
    }
  }
  checkin.calm = fields.integer("calm", journal::kMinRating, journal::kMaxRating);
  checkin.nasal_breathing_ease = fields.integer("nasal", journal::kMinRating, journal::kMaxRating);
  checkin.hydration_glasses = fields.integer("hydration", 0, journal::kMaxHydrationGlasses);
  checkin.note = fields.text("note").value_or("");
  if (fields.failure) return *fields.failure;
  const bool anything =
      std::any_of(checkin.pain.begin(), checkin.pain.end(), [](auto& p) { return p.has_value(); }) ||
      checkin.calm || checkin.nasal_breathing_ease || checkin.hydration_glasses || !checkin.note.empty();
  if (!anything) {
    return Failure{kUnprocessable, "body", "a check-in needs at least one value",
                   "for example {\"pain\": {\"throat\": 3}, \"calm\": 7}"};
  }
  return checkin;
}

}  // namespace

void add_checkin_routes(RouteTable& table, const RouteContext& context) {
  auto& journal = context.journal;
  table.add("GET", "/api/v1/checkins", [&journal](const RouteCall& call) {
    auto query = page_query(call.request);
    if (auto* failure = std::get_if<Failure>(&query)) return reply(*failure);
    auto held = journal.hold();
    auto page = held.store.checkins_page(std::get<journal::PageQuery>(query));
    if (!page) return reply(store_failure(page.error()));
    json list = json::array();
    for (const auto& checkin : page->records) list.push_back(checkin_json(checkin));
    return reply(kOk, {{"checkins", list}, {"next_cursor", next_cursor(page->next)}});
  });

  table.add("POST", "/api/v1/checkins", [&journal](const RouteCall& call) {
    auto held = journal.hold();
    return with_object(call.request, [&](const json& body) {
      auto built = checkin_from(body, held.now);
      if (auto* failure = std::get_if<Failure>(&built)) return reply(*failure);
      const auto& checkin = std::get<journal::CheckIn>(built);
      if (auto saved = held.store.add_checkin(checkin); !saved) return reply(store_failure(saved.error()));
      return reply(kCreated, checkin_json(checkin));
    });
  });

  table.add("PUT", "/api/v1/checkins/{id}", [&journal](const RouteCall& call) {
    const auto& checkin_id = call.parameter("id");
    auto held = journal.hold();
    auto checkins = held.store.checkins(journal::Query{});
    if (!checkins) return reply(store_failure(checkins.error()));
    const auto original =
        std::find_if(checkins->begin(), checkins->end(),
                     [&](const journal::CheckIn& checkin) { return checkin.id == checkin_id; });
    if (original == checkins->end()) {
      return reply(Failure{kNotFound, "id", fmt::format("there is no check-in with id {}", checkin_id),
                           "GET /api/v1/checkins lists the stored ones"});
    }
    return with_object(call.request, [&](const json& body) {
      // An edit keeps the entry's identity and the moment it was taken; only
      // the ratings and the note change.
      auto built = checkin_from(body, original->taken_at);
      if (auto* failure = std::get_if<Failure>(&built)) return reply(*failure);
      auto& checkin = std::get<journal::CheckIn>(built);
      checkin.id = original->id;
      checkin.user_id = original->user_id;
      if (auto saved = held.store.update_checkin(checkin); !saved) return reply(store_failure(saved.error()));
      return reply(kOk, checkin_json(checkin));
    });
  });

  table.add("DELETE", "/api/v1/checkins/{id}", [&journal](const RouteCall& call) {
    auto held = journal.hold();
    if (auto deleted = held.store.delete_checkin(std::string(journal::kDefaultUser), call.parameter("id"));
        !deleted) {
      return reply(store_failure(deleted.error(), "id"));
    }
    return reply(kNoContent, std::string());
  });
}

}  // namespace velum::server::routes
