#pragma once
// The journal as a FHIR R4 Bundle (JSON) for clinical systems: a pseudonymous
// Patient, pain ratings as Observations (LOINC 72514-3 with the body site), sessions as Procedures.

#include <string>

#include "journal/store.hpp"

namespace velum::report {

inline constexpr std::string_view kLoincPainSeverity = "72514-3";

struct FhirOptions {
  // The Patient's id: a random pseudonym (32 hex digits or a UUID), never a
  // name. Callers pass the journal's own (Store::pseudonym) so every export of
  // one journal names the same Patient.
  std::string pseudonym;
  std::string user_id{journal::kDefaultUser};
};

// A Bundle of type "collection" holding the Patient, one Observation per pain
// rating (check-ins, per region) and one Procedure per session, each entry with
// a urn:uuid fullUrl and references by that urn. Times carry their local offset.
// Pure; thread-safe.
std::string export_fhir(const journal::JournalData& data, const FhirOptions& options,
                        const journal::Timestamp& generated_at);

// "0a1b2c3d-..." from 32 hex digits (a journal record id); other text is turned
// into a name-derived id of the same form so references stay valid. Thread-safe.
std::string uuid_from_id(std::string_view id);

}  // namespace velum::report
