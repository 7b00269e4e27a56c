// SPDX-License-Identifier: Apache-2.0
#include "api/json_input.hpp"

#include "api/internal/messages.hpp"
#include "core/messages.hpp"
#include "util/text.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace elink::api {

namespace {

template <typename... A>
Status Bad(const std::string& field, const Message& why, const A&... a) {
  return Status::InvalidArgument(field, why, a...);
}

// The JSON type of `j`, a word of a message ("expected a string, got a boolean").
const Message& TypeName(const nlohmann::json& j) {
  switch (j.type()) {
    case nlohmann::json::value_t::null: return msg::kTypeNull;
    case nlohmann::json::value_t::boolean: return msg::kTypeBoolean;
    case nlohmann::json::value_t::string: return msg::kTypeString;
    case nlohmann::json::value_t::array: return msg::kTypeArray;
    case nlohmann::json::value_t::object: return msg::kTypeObject;
    case nlohmann::json::value_t::number_float: return msg::kTypeDecimal;
    default: return msg::kTypeNumber;
  }
}

Status CheckText(const std::string& field, const std::string& s, std::size_t max_bytes) {
  if (s.size() > max_bytes) return Bad(field, core::msg::kLongerThan, max_bytes);
  if (!IsValidUtf8(s)) return Bad(field, core::msg::kNotUtf8);
  for (const char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if ((u < 0x20 && c != '\t' && c != '\n') || u == 0x7f) {
      return Bad(field, msg::kControlCharacter);
    }
  }
  return {};
}

constexpr int kMaxNesting = 32;

// The deepest nesting of arrays and objects in `body`, brackets inside strings not counted.
int NestingDepth(std::string_view body) {
  int depth = 0;
  int deepest = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < body.size(); ++i) {
    const char c = body[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      deepest = std::max(deepest, ++depth);
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return deepest;
}

std::string Num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

}  // namespace

JsonObject::JsonObject(nlohmann::json j, std::string prefix)
    : j_(std::move(j)), prefix_(std::move(prefix)) {}

Result<JsonObject> JsonObject::Parse(std::string_view body, bool allow_empty) {
  if (IsBlank(body)) {
    if (allow_empty) return JsonObject(nlohmann::json::object(), "");
    return Bad("body", msg::kEmptyBody);
  }
  // nlohmann's lexer takes a NUL byte for the end of input: `{...}\0garbage` would be accepted.
  if (body.find('\0') != std::string_view::npos) return Bad("body", msg::kNulByte);
  // nlohmann parses and destroys iteratively, but copying a value recurses once per level: a
  // body nested 100,000 deep would overflow a server thread's stack when a reader copies it.
  // No request of ours nests more than a few levels.
  if (NestingDepth(body) > kMaxNesting) {
    return Bad("body", msg::kNestedDeeper, kMaxNesting);
  }
  // A key given twice would silently keep the last value; refuse it instead.
  std::vector<std::set<std::string>> keys;
  std::string duplicate;
  const nlohmann::json::parser_callback_t on_event =
      [&](int /*depth*/, nlohmann::json::parse_event_t event, nlohmann::json& parsed) {
        using E = nlohmann::json::parse_event_t;
        if (event == E::object_start) {
          keys.emplace_back();
        } else if (event == E::object_end && !keys.empty()) {
          keys.pop_back();
        } else if (event == E::key && !keys.empty() && parsed.is_string() &&
                   !keys.back().insert(parsed.get<std::string>()).second && duplicate.empty()) {
          duplicate = parsed.get<std::string>();
        }
        return true;
      };
  nlohmann::json j = nlohmann::json::parse(body, on_event, /*allow_exceptions=*/false);
  if (j.is_discarded()) return Bad("body", msg::kNotJson);
  if (!duplicate.empty()) {
    return Bad("body", msg::kKeyTwice, duplicate.substr(0, 64));
  }
  if (!j.is_object()) return Bad("body", msg::kExpectedJsonObject, TypeName(j));
  return JsonObject(std::move(j), "");
}

std::string JsonObject::Path(std::string_view name) const { return prefix_ + std::string(name); }

const nlohmann::json* JsonObject::Take(std::string_view name) {
  const auto it = j_.find(name);
  if (it == j_.end()) return nullptr;
  read_.emplace_back(name);
  return &*it;
}

bool JsonObject::Has(std::string_view name) const { return j_.contains(name); }

Status JsonObject::String(std::string_view name, std::string* out, bool required,
                          std::size_t max_bytes) {
  const nlohmann::json* v = Take(name);
  if (v == nullptr) return required ? Bad(Path(name), core::msg::kRequired) : Status::Ok();
  if (!v->is_string()) return Bad(Path(name), msg::kExpectedString, TypeName(*v));
  const auto& s = v->get_ref<const std::string&>();
  ELINK_RETURN_IF_ERROR(CheckText(Path(name), s, max_bytes));
  *out = s;
  return {};
}

Status JsonObject::Int(std::string_view name, std::int64_t* out, bool required, std::int64_t min,
                       std::int64_t max) {
  const nlohmann::json* v = Take(name);
  if (v == nullptr) return required ? Bad(Path(name), core::msg::kRequired) : Status::Ok();
  std::int64_t n = 0;
  if (v->is_number_integer()) {
    // Unsigned values above INT64_MAX are out of every range we accept.
    if (v->is_number_unsigned() && v->get<std::uint64_t>() > static_cast<std::uint64_t>(max)) {
      return Bad(Path(name), msg::kIntegerWithin, min, max);
    }
    n = v->get<std::int64_t>();
  } else if (v->is_number_float()) {
    const double d = v->get<double>();
    if (!std::isfinite(d) || d != std::floor(d) || d < -9e18 || d > 9e18) {
      return Bad(Path(name), msg::kIntegerWithin, min, max);
    }
    n = static_cast<std::int64_t>(d);
  } else {
    return Bad(Path(name), msg::kExpectedInteger, TypeName(*v));
  }
  if (n < min || n > max) return Bad(Path(name), msg::kIntegerWithin, min, max);
  *out = n;
  return {};
}

Status JsonObject::Double(std::string_view name, double* out, bool required, double min,
                          double max) {
  const nlohmann::json* v = Take(name);
  if (v == nullptr) return required ? Bad(Path(name), core::msg::kRequired) : Status::Ok();
  if (!v->is_number()) return Bad(Path(name), msg::kExpectedNumber, TypeName(*v));
  const double d = v->get<double>();
  if (!std::isfinite(d) || d < min || d > max) {
    return Bad(Path(name), msg::kNumberWithin, Num(min), Num(max));
  }
  *out = d;
  return {};
}

Status JsonObject::Bool(std::string_view name, bool* out, bool required) {
  const nlohmann::json* v = Take(name);
  if (v == nullptr) return required ? Bad(Path(name), core::msg::kRequired) : Status::Ok();
  if (!v->is_boolean()) return Bad(Path(name), msg::kExpectedBoolean, TypeName(*v));
  *out = v->get<bool>();
  return {};
}

namespace {

// `text` as RFC 3339 (section 5.6) date-time; nullopt when it is not one.
std::optional<TimePoint> ParseRfc3339(std::string_view text) {
  std::size_t i = 0;
  const auto digits = [&](std::size_t n, int* out) {
    if (text.size() - i < n) return false;
    int v = 0;
    for (std::size_t k = 0; k < n; ++k, ++i) {
      const char c = text[i];
      if (c < '0' || c > '9') return false;
      v = v * 10 + (c - '0');
    }
    *out = v;
    return true;
  };
  const auto expect = [&](std::string_view any_of) {
    if (i >= text.size() || any_of.find(text[i]) == std::string_view::npos) return false;
    ++i;
    return true;
  };
  int year = 0;
  int month = 0;
  int day = 0;
  int hour = 0;
  int minute = 0;
  int second = 0;
  if (!digits(4, &year) || !expect("-") || !digits(2, &month) || !expect("-") || !digits(2, &day) ||
      !expect("Tt") || !digits(2, &hour) || !expect(":") || !digits(2, &minute) || !expect(":") ||
      !digits(2, &second)) {
    return std::nullopt;
  }
  std::int64_t millis = 0;
  if (i < text.size() && text[i] == '.') {
    ++i;
    std::size_t n = 0;
    for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i, ++n) {
      if (n < 3) millis = millis * 10 + (text[i] - '0');
    }
    if (n == 0) return std::nullopt;
    for (; n < 3; ++n) millis *= 10;
  }
  int offset_minutes = 0;
  if (expect("Zz")) {
    offset_minutes = 0;
  } else if (i < text.size() && (text[i] == '+' || text[i] == '-')) {
    const int sign = text[i] == '-' ? -1 : 1;
    ++i;
    int oh = 0;
    int om = 0;
    if (!digits(2, &oh) || !expect(":") || !digits(2, &om) || oh > 23 || om > 59) {
      return std::nullopt;
    }
    offset_minutes = sign * (oh * 60 + om);
  } else {
    return std::nullopt;
  }
  if (i != text.size() || hour > 23 || minute > 59 || second > 59) return std::nullopt;
  const std::chrono::year_month_day ymd{std::chrono::year(year),
                                        std::chrono::month(static_cast<unsigned>(month)),
                                        std::chrono::day(static_cast<unsigned>(day))};
  if (!ymd.ok()) return std::nullopt;
  return TimePoint(std::chrono::sys_days(ymd)) + std::chrono::hours(hour) +
         std::chrono::minutes(minute - offset_minutes) + std::chrono::seconds(second) +
         Millis(millis);
}

}  // namespace

Status JsonObject::Time(std::string_view name, TimePoint* out, bool required) {
  const nlohmann::json* v = Take(name);
  if (v == nullptr) return required ? Bad(Path(name), core::msg::kRequired) : Status::Ok();
  if (!v->is_string()) return Bad(Path(name), msg::kExpectedString, TypeName(*v));
  const std::optional<TimePoint> t = ParseRfc3339(v->get_ref<const std::string&>());
  if (!t) {
    return Bad(Path(name), msg::kExpectedTime);
  }
  *out = *t;
  return {};
}

Status JsonObject::StringArray(std::string_view name, std::vector<std::string>* out, bool required,
                               std::size_t max_items, std::size_t max_bytes) {
  const nlohmann::json* v = Take(name);
  if (v == nullptr) return required ? Bad(Path(name), core::msg::kRequired) : Status::Ok();
  if (!v->is_array()) return Bad(Path(name), msg::kExpectedArray, TypeName(*v));
  if (v->size() > max_items) {
    return Bad(Path(name), msg::kAtMostItems, max_items);
  }
  std::vector<std::string> items;
  for (std::size_t i = 0; i < v->size(); ++i) {
    const std::string field = Path(name) + "[" + std::to_string(i) + "]";
    const nlohmann::json& e = (*v)[i];
    if (!e.is_string()) return Bad(field, msg::kExpectedString, TypeName(e));
    ELINK_RETURN_IF_ERROR(CheckText(field, e.get_ref<const std::string&>(), max_bytes));
    items.push_back(e.get<std::string>());
  }
  *out = std::move(items);
  return {};
}

Status JsonObject::IntArray(std::string_view name, std::vector<std::int64_t>* out, bool required,
                            std::size_t max_items, std::int64_t min, std::int64_t max) {
  const nlohmann::json* v = Take(name);
  if (v == nullptr) return required ? Bad(Path(name), core::msg::kRequired) : Status::Ok();
  if (!v->is_array()) return Bad(Path(name), msg::kExpectedArray, TypeName(*v));
  if (v->size() > max_items) {
    return Bad(Path(name), msg::kAtMostItems, max_items);
  }
  std::vector<std::int64_t> items;
  for (std::size_t i = 0; i < v->size(); ++i) {
    // Reuse the scalar reader on a one-field object so the rules cannot drift apart.
    JsonObject one(nlohmann::json{{"v", (*v)[i]}}, Path(name) + "[" + std::to_string(i) + "]");
    std::int64_t n = 0;
    const Status s = one.Int("v", &n, true, min, max);
    if (!s.ok()) return Status(s).At(Path(name) + "[" + std::to_string(i) + "]");
    items.push_back(n);
  }
  *out = std::move(items);
  return {};
}

Result<JsonObject> JsonObject::Object(std::string_view name, bool required) {
  const nlohmann::json* v = Take(name);
  if (v == nullptr) {
    if (required) return Bad(Path(name), core::msg::kRequired);
    return JsonObject(nlohmann::json::object(), Path(name) + ".");
  }
  if (!v->is_object()) return Bad(Path(name), msg::kExpectedObject, TypeName(*v));
  return JsonObject(*v, Path(name) + ".");
}

Result<std::vector<JsonObject>> JsonObject::ObjectArray(std::string_view name, bool required,
                                                        std::size_t max_items) {
  const nlohmann::json* v = Take(name);
  if (v == nullptr) {
    if (required) return Bad(Path(name), core::msg::kRequired);
    return std::vector<JsonObject>{};
  }
  if (!v->is_array()) return Bad(Path(name), msg::kExpectedArray, TypeName(*v));
  if (v->size() > max_items) {
    return Bad(Path(name), msg::kAtMostItems, max_items);
  }
  std::vector<JsonObject> out;
  for (std::size_t i = 0; i < v->size(); ++i) {
    const std::string field = Path(name) + "[" + std::to_string(i) + "]";
    if (!(*v)[i].is_object()) return Bad(field, msg::kExpectedObject, TypeName((*v)[i]));
    out.push_back(JsonObject((*v)[i], field + "."));
  }
  return out;
}

Status JsonObject::Finish() const {
  for (const auto& [key, value] : j_.items()) {
    if (std::find(read_.begin(), read_.end(), key) == read_.end()) {
      std::string shown = key.substr(0, 64);
      if (!IsValidUtf8(shown)) shown = "?";
      return Bad(Path(shown), msg::kUnknownField);
    }
  }
  return {};
}

}  // namespace elink::api
