#pragma once
// Strict reading of JSON request bodies: an object whose fields are read one by one with their
// type and limits, then unknown fields refused. Every error is kInvalidArgument naming the field
// ("units[2]", "location.lat") with a reason a client developer can act on.

#include "util/clock.hpp"
#include "util/status.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace elink::api {

// Longest text field accepted unless a route says otherwise.
inline constexpr std::size_t kMaxTextBytes = 4000;

class JsonObject {
 public:
  // Parses `body` as one JSON object. kInvalidArgument ("body") for malformed JSON, another type
  // at the top level, or an empty body when `allow_empty` is false (an empty body then reads as
  // {}).
  static Result<JsonObject> Parse(std::string_view body, bool allow_empty = false);

  // Each reader marks the field as read. Required readers fail on a missing field; optional ones
  // leave the output unchanged. Strings must be valid UTF-8 without control characters other
  // than tab and newline, at most `max_bytes`.
  Status String(std::string_view name, std::string* out, bool required,
                std::size_t max_bytes = kMaxTextBytes);
  Status Int(std::string_view name, std::int64_t* out, bool required, std::int64_t min,
             std::int64_t max);
  Status Double(std::string_view name, double* out, bool required, double min, double max);
  Status Bool(std::string_view name, bool* out, bool required);
  // An RFC 3339 date-time string with an explicit offset ("2026-07-01T08:30:00Z",
  // "2026-07-01T16:30:00.250+08:00"); fractions beyond milliseconds are cut.
  Status Time(std::string_view name, TimePoint* out, bool required);
  // An array of strings, each as String(), at most `max_items`.
  Status StringArray(std::string_view name, std::vector<std::string>* out, bool required,
                     std::size_t max_items, std::size_t max_bytes = 200);
  // An array of integers within [min, max], at most `max_items`.
  Status IntArray(std::string_view name, std::vector<std::int64_t>* out, bool required,
                  std::size_t max_items, std::int64_t min, std::int64_t max);
  // A nested object (e.g. "location"); its errors name "name.field".
  Result<JsonObject> Object(std::string_view name, bool required);
  // An array of objects, at most `max_items`; their errors name "name[i].field".
  Result<std::vector<JsonObject>> ObjectArray(std::string_view name, bool required,
                                              std::size_t max_items);
  [[nodiscard]] bool Has(std::string_view name) const;

  // kInvalidArgument naming the first field no reader asked for.
  [[nodiscard]] Status Finish() const;

 private:
  JsonObject(nlohmann::json j, std::string prefix);
  const nlohmann::json* Take(std::string_view name);
  [[nodiscard]] std::string Path(std::string_view name) const;

  nlohmann::json j_;
  std::string prefix_;  // "location." for a nested object
  std::vector<std::string> read_;
};

}  // namespace elink::api
