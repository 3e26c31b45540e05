#pragma once
// Internal: the API routes for analysis and downloads (stats, report, export,
// reminders.ics), kept apart from api.cpp so both grow without merge conflicts.

#include <optional>
#include <string_view>

#include "journal/store.hpp"
#include "server/api.hpp"

namespace velum::server::detail {

// True for "stats", "report", "export" and "reminders.ics".
bool is_report_route(std::string_view resource);

// Answers one of those routes (GET only) from `store` at `now`. The caller
// holds the store's lock. Errors carry the usual error body.
ApiResponse report_route(std::string_view resource, const ApiRequest& request, journal::Store& store,
                         const journal::Timestamp& now);

}  // namespace velum::server::detail
