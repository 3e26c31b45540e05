#include "report/fhir.hpp"

#include <fmt/format.h>

#include <cctype>
#include <functional>
#include <nlohmann/json.hpp>

#include "practice/safety.hpp"

namespace velum::report {
namespace {

using json = nlohmann::json;

constexpr std::size_t kHexDigits = 32;
constexpr std::string_view kLoincSystem = "http://loinc.org";
constexpr std::string_view kCategorySystem = "http://terminology.hl7.org/CodeSystem/observation-category";

std::string region_site(journal::Region region) {
  switch (region) {
    case journal::Region::kSoftPalate:
      return "Soft palate";
    case journal::Region::kNasopharynx:
      return "Nasopharynx";
    case journal::Region::kThroat:
      return "Throat";
    case journal::Region::kNose:
      return "Nose";
    case journal::Region::kFaceJaw:
      return "Face and jaw";
    case journal::Region::kEars:
      return "Ears";
  }
  return "Unspecified";
}

bool is_hex_id(std::string_view id) {
  if (id.size() != kHexDigits) return false;
  for (char c : id) {
    if (!std::isxdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

// Two independent 64-bit hashes of the text, so any record id maps to a stable
// id of UUID form (not an RFC 4122 random UUID; FHIR only needs the form).
std::string derived_hex(std::string_view text) {
  const std::size_t a = std::hash<std::string_view>{}(text);
  const std::string salted = std::string(text) + "#velum";
  const std::size_t b = std::hash<std::string>{}(salted);
  return fmt::format("{:016x}{:016x}", static_cast<unsigned long long>(a),
                     static_cast<unsigned long long>(b));
}

std::string urn(std::string_view uuid) { return fmt::format("urn:uuid:{}", uuid); }

json pain_observation(const journal::CheckIn& c, journal::Region region, int value,
                      const std::string& patient_urn) {
  const std::string id = uuid_from_id(fmt::format("{}-{}", c.id, journal::to_string(region)));
  json obs{
      {"resourceType", "Observation"},
      {"id", id},
      {"status", "final"},
      {"category",
       json::array(
           {{{"coding",
              json::array({{{"system", kCategorySystem}, {"code", "survey"}, {"display", "Survey"}}})}}})},
      {"code",
       {{"coding",
         json::array({{{"system", kLoincSystem},
                       {"code", kLoincPainSeverity},
                       {"display", "Pain severity - 0-10 verbal numeric rating [Score] - Reported"}}})},
        {"text", "Pain severity (0-10), self-reported"}}},
      {"subject", {{"reference", patient_urn}}},
      {"effectiveDateTime", journal::to_iso8601(c.taken_at)},
      {"valueInteger", value},
      {"bodySite", {{"text", region_site(region)}}},
  };
  if (!c.note.empty()) obs["note"] = json::array({{{"text", c.note}}});
  return json{{"fullUrl", urn(id)}, {"resource", obs}};
}

json procedure(const journal::SessionRecord& s, const std::string& patient_urn) {
  const std::string id = uuid_from_id(s.id);
  // FHIR EventStatus: a stopped or interrupted session is "stopped"; one still running "in-progress".
  std::string status = "in-progress";
  if (s.outcome) status = *s.outcome == journal::SessionOutcome::kCompleted ? "completed" : "stopped";
  json proc{{"resourceType", "Procedure"},
            {"id", id},
            {"status", status},
            {"code",
             {{"text", fmt::format("Self-administered intra-oral soft-palate and nasopharynx release "
                                   "(velum routine {}, stage {})",
                                   s.routine_id, s.stage)}}},
            {"subject", {{"reference", patient_urn}}}};
  json period{{"start", journal::to_iso8601(s.started_at)}};
  if (s.ended_at) period["end"] = journal::to_iso8601(*s.ended_at);
  proc["performedPeriod"] = period;
  if (s.stop_reason) {
    const std::string reason =
        s.stop_reason->signal || s.stop_reason->interrupted
            ? std::string(practice::find_stop_choice(journal::stop_reason_spelling(*s.stop_reason))->label)
            : (s.stop_reason->text.empty() ? std::string("other") : s.stop_reason->text);
    proc["statusReason"] = {{"text", reason}};
  } else if (s.outcome == journal::SessionOutcome::kInterrupted) {
    proc["statusReason"] = {{"text", "Interrupted before it ended (the program closed)"}};
  }
  json notes = json::array();
  notes.push_back(
      {{"text", fmt::format("Breath pattern {}; recorded {}.", s.pattern,
                            s.source == journal::SessionSource::kGuided ? "as guided by velum"
                                                                        : "afterwards by the person")}});
  if (s.pain) notes.push_back({{"text", fmt::format("Overall pain during the session: {} of 10.", *s.pain)}});
  proc["note"] = notes;
  return json{{"fullUrl", urn(id)}, {"resource", proc}};
}

}  // namespace

std::string uuid_from_id(std::string_view id) {
  std::string hex;
  if (is_hex_id(id)) {
    for (char c : id) hex += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  } else {
    hex = derived_hex(id);
  }
  return fmt::format("{}-{}-{}-{}-{}", hex.substr(0, 8), hex.substr(8, 4), hex.substr(12, 4),
                     hex.substr(16, 4), hex.substr(20, 12));
}

std::string export_fhir(const journal::JournalData& data, const FhirOptions& options,
                        const journal::Timestamp& generated_at) {
  const std::string patient_id =
      uuid_from_id(options.pseudonym.empty() ? std::string("velum-pseudonym") : options.pseudonym);
  const std::string patient_urn = urn(patient_id);
  json entries = json::array();
  json patient{{"resourceType", "Patient"},
               {"id", patient_id},
               {"active", true},
               {"meta",
                {{"tag", json::array({{{"code", "pseudonymous"},
                                       {"display", "No name or contact details: a random pseudonym"}}})}}}};
  entries.push_back({{"fullUrl", patient_urn}, {"resource", patient}});
  for (const auto& c : data.checkins) {
    if (c.user_id != options.user_id) continue;
    for (std::size_t r = 0; r < journal::kRegionCount; ++r) {
      if (c.pain[r])
        entries.push_back(pain_observation(c, static_cast<journal::Region>(r), *c.pain[r], patient_urn));
    }
  }
  for (const auto& s : data.sessions) {
    if (s.user_id == options.user_id) entries.push_back(procedure(s, patient_urn));
  }
  json bundle{{"resourceType", "Bundle"},
              {"id", uuid_from_id(derived_hex(journal::to_iso8601(generated_at) + patient_id))},
              {"type", "collection"},
              {"timestamp", journal::to_iso8601(generated_at)},
              {"entry", entries}};
  // Stored text that is not UTF-8 (kept by older versions) must not stop an export.
  return bundle.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

}  // namespace velum::report
