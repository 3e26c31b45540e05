#include "server/json_body.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <vector>

#include "base/utf8.hpp"

namespace velum::server {
namespace {

using nlohmann::json;
constexpr int kNumberOverflow = 406;  // nlohmann's out_of_range id for 1e400

// Line and column (1-based) of byte `offset` in `text`.
std::pair<int, int> line_and_column(std::string_view text, std::size_t offset) {
  int line = 1;
  int column = 1;
  for (std::size_t i = 0; i < std::min(offset, text.size()); ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return {line, column};
}

// Builds the document with the library's own DOM builder and keeps, beside
// it, where the parse is (the key or index path) and how deep, so it can stop
// at the depth limit and name the field of an error.
class BoundedSax {
 public:
  explicit BoundedSax(json& root) : dom_(root, false) {}

  bool null() { return value_done(dom_.null()); }
  bool boolean(bool value) { return value_done(dom_.boolean(value)); }
  bool number_integer(json::number_integer_t value) { return value_done(dom_.number_integer(value)); }
  bool number_unsigned(json::number_unsigned_t value) { return value_done(dom_.number_unsigned(value)); }
  bool number_float(json::number_float_t value, const json::string_t& text) {
    return value_done(dom_.number_float(value, text));
  }
  bool string(json::string_t& value) { return value_done(dom_.string(value)); }
  bool binary(json::binary_t& value) { return value_done(dom_.binary(value)); }
  bool start_object(std::size_t size) { return open(false) && dom_.start_object(size); }
  bool key(json::string_t& name) {
    frames_.back().key = name;
    return dom_.key(name);
  }
  bool end_object() { return close(dom_.end_object()); }
  bool start_array(std::size_t size) { return open(true) && dom_.start_array(size); }
  bool end_array() { return close(dom_.end_array()); }
  bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception& error) {
    error_position_ = position;
    error_id_ = error.id;
    error_field_ = path();
    return false;
  }

  bool too_deep() const { return too_deep_; }
  std::optional<std::size_t> error_position() const { return error_position_; }
  int error_id() const { return error_id_; }
  const std::string& error_field() const { return error_field_; }

 private:
  struct Frame {
    bool array = false;
    std::string key;        // the member being read, in an object
    std::size_t index = 0;  // the item being read, in an array
  };

  bool open(bool array) {
    if (frames_.size() >= kMaxJsonDepth) {
      too_deep_ = true;
      error_field_ = path();
      return false;
    }
    frames_.push_back(Frame{array, {}, 0});
    return true;
  }
  bool close(bool ok) {
    frames_.pop_back();
    return value_done(ok);
  }
  // After a value: the next one in an array has the next index; in an object,
  // no key until the next one is read.
  bool value_done(bool ok) {
    if (!frames_.empty()) {
      if (frames_.back().array) {
        ++frames_.back().index;
      } else {
        frames_.back().key.clear();
      }
    }
    return ok;
  }
  // "pain.throat", "sensations[2]"; empty at the top level.
  std::string path() const {
    std::string out;
    for (const auto& frame : frames_) {
      if (frame.array) {
        out += fmt::format("[{}]", frame.index);
      } else if (!frame.key.empty()) {
        out += (out.empty() ? "" : ".") + printable_excerpt(frame.key);
      } else {
        break;
      }
    }
    return out;
  }

  nlohmann::detail::json_sax_dom_parser<json> dom_;
  std::vector<Frame> frames_;
  bool too_deep_ = false;
  std::optional<std::size_t> error_position_;
  int error_id_ = 0;
  std::string error_field_;
};

}  // namespace

std::variant<json, JsonBodyError> parse_json_object(std::string_view body) {
  if (body.empty())
    return JsonBodyError{"body", "the request has no body", "send a JSON object, for example {}"};
  json parsed;
  BoundedSax sax(parsed);
  const bool complete = json::sax_parse(body, &sax, json::input_format_t::json, true, false);
  if (sax.too_deep()) {
    return JsonBodyError{
        sax.error_field().empty() ? "body" : sax.error_field(),
        fmt::format("the body nests lists or objects more than {} levels deep", kMaxJsonDepth),
        "send a flat JSON object as docs/api.md shows"};
  }
  if (!complete || sax.error_position()) {
    // The position counts bytes read, and points just past the one that broke the parse.
    const auto position = sax.error_position().value_or(body.size());
    const auto [line, column] = line_and_column(body, position == 0 ? 0 : position - 1);
    const auto field = sax.error_field().empty() ? std::string("body") : sax.error_field();
    if (const auto bad = first_invalid_utf8(body); bad && *bad < position) {
      return JsonBodyError{
          field, fmt::format("{} is not valid UTF-8 text (line {}, column {})", field, line, column),
          "send text encoded as UTF-8"};
    }
    if (sax.error_id() == kNumberOverflow) {
      return JsonBodyError{
          field, fmt::format("{} holds a number too large to use (line {}, column {})", field, line, column),
          "send an ordinary number, such as 7"};
    }
    return JsonBodyError{"body", fmt::format("the body is not valid JSON (line {}, column {})", line, column),
                         "check the quotes, commas and brackets near that place"};
  }
  if (!parsed.is_object()) {
    return JsonBodyError{"body", fmt::format("the body is JSON {}, not an object", parsed.type_name()),
                         "send a JSON object such as {\"calm\": 7}"};
  }
  return parsed;
}

std::string shown_json(const json& value) {
  return printable_excerpt(value.dump(-1, ' ', false, json::error_handler_t::replace));
}

}  // namespace velum::server
