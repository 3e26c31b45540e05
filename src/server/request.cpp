#include "server/request.hpp"

#include <nlohmann/json.hpp>

namespace velum::server {

std::string error_body(const std::string& field, const std::string& message, const std::string& hint) {
  using nlohmann::json;
  return json{
      {"error",
       {{"field", field.empty() ? json(nullptr) : json(field)}, {"message", message}, {"hint", hint}}}}
      .dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace velum::server
