// SPDX-License-Identifier: Apache-2.0
// Fuzzes the API's request body reader (api/json_input.hpp): the input is a request body.
// Invariants: Parse returns an object or kInvalidArgument about "body", never throws; what it
// accepts nlohmann also reads as an object (the reference), with no key twice and nesting within
// the limit. Every reader, asked for every key of the object (and a missing one), either fails with
// kInvalidArgument naming that field or returns exactly the reference's value, within the bounds it
// was given: strings valid UTF-8 without control characters, integers and numbers in range, times
// that read back the same when written as RFC 3339. Finish passes once every key was read and
// names a field when one was not. Nested objects are walked the same way.
#include "api/json_input.hpp"
#include "fuzz.hpp"
#include "util/text.hpp"

#include <nlohmann/json.hpp>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

namespace elink::fuzz {

namespace {

using nlohmann::json;

void CheckFailure(const Status& s, const std::string& field) {
  ELINK_FUZZ_CHECK(s.code() == StatusCode::kInvalidArgument);
  // The error names the field or something below it ("units[2]", "location.lat").
  ELINK_FUZZ_CHECK(s.field().rfind(field, 0) == 0);
}

bool CleanText(const std::string& s, std::size_t max_bytes) {
  if (s.size() > max_bytes || !IsValidUtf8(s)) return false;
  for (const char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if ((u < 0x20 && c != '\t' && c != '\n') || u == 0x7f) return false;
  }
  return true;
}

// `t` as RFC 3339 in UTC with milliseconds; empty outside the years 0000-9999.
std::string Rfc3339(TimePoint t) {
  const auto days = std::chrono::floor<std::chrono::days>(t);
  const std::chrono::year_month_day ymd(days);
  const std::chrono::hh_mm_ss<Millis> hms(t - days);
  const int year = static_cast<int>(ymd.year());
  if (year < 0 || year > 9999) return {};
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02d.%03dZ", year,
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                static_cast<int>(hms.hours().count()), static_cast<int>(hms.minutes().count()),
                static_cast<int>(hms.seconds().count()),
                static_cast<int>(hms.subseconds().count()));
  return buf;
}

constexpr std::int64_t kMin = -1000;
constexpr std::int64_t kMax = 1000;

// A JSON integer or integral number within [kMin, kMax].
bool SmallInteger(const json& v) {
  if (v.is_number_unsigned()) return v.get<std::uint64_t>() <= static_cast<std::uint64_t>(kMax);
  if (v.is_number_integer()) return v.get<std::int64_t>() >= kMin && v.get<std::int64_t>() <= kMax;
  if (v.is_number_float()) {
    const double d = v.get<double>();
    return std::isfinite(d) && d == std::floor(d) && d >= kMin && d <= kMax;
  }
  return false;
}

void Walk(const api::JsonObject& obj, const json& ref, const std::string& prefix, int depth) {
  for (const auto& [key, v] : ref.items()) {
    const std::string field = prefix + key;
    {
      api::JsonObject o = obj;
      ELINK_FUZZ_CHECK(o.Has(key));
      std::string s;
      const Status st = o.String(key, &s, true, 64);
      if (st.ok()) {
        ELINK_FUZZ_CHECK(v.is_string() && s == v.get<std::string>() && CleanText(s, 64));
      } else {
        CheckFailure(st, field);
        ELINK_FUZZ_CHECK(!v.is_string() || !CleanText(v.get<std::string>(), 64));
      }
    }
    {
      api::JsonObject o = obj;
      std::int64_t n = 0;
      const Status st = o.Int(key, &n, true, kMin, kMax);
      ELINK_FUZZ_CHECK(st.ok() == SmallInteger(v));
      if (st.ok()) {
        ELINK_FUZZ_CHECK(static_cast<double>(n) == v.get<double>());
      } else {
        CheckFailure(st, field);
      }
    }
    {
      api::JsonObject o = obj;
      double d = 0;
      const Status st = o.Double(key, &d, true, -1e6, 1e6);
      if (st.ok()) {
        ELINK_FUZZ_CHECK(v.is_number() && std::isfinite(d) && d >= -1e6 && d <= 1e6);
        ELINK_FUZZ_CHECK(d == v.get<double>());
      } else {
        CheckFailure(st, field);
      }
    }
    {
      api::JsonObject o = obj;
      bool b = false;
      const Status st = o.Bool(key, &b, true);
      ELINK_FUZZ_CHECK(st.ok() == v.is_boolean());
      if (st.ok()) ELINK_FUZZ_CHECK(b == v.get<bool>());
      if (!st.ok()) CheckFailure(st, field);
    }
    {
      api::JsonObject o = obj;
      TimePoint t{};
      const Status st = o.Time(key, &t, true);
      if (st.ok()) {
        ELINK_FUZZ_CHECK(v.is_string());
        // Written back in UTC, it reads as the same instant.
        const std::string text = Rfc3339(t);
        if (!text.empty()) {
          auto back = api::JsonObject::Parse(json{{"t", text}}.dump());
          ELINK_FUZZ_CHECK(back.ok());
          TimePoint again{};
          ELINK_FUZZ_CHECK(back->Time("t", &again, true).ok());
          ELINK_FUZZ_CHECK(again == t);
        }
      } else {
        CheckFailure(st, field);
      }
    }
    {
      api::JsonObject o = obj;
      std::vector<std::string> items;
      const Status st = o.StringArray(key, &items, true, 8, 32);
      if (st.ok()) {
        ELINK_FUZZ_CHECK(v.is_array() && v.size() == items.size() && items.size() <= 8);
        for (std::size_t i = 0; i < items.size(); ++i) {
          ELINK_FUZZ_CHECK(v[i].is_string() && v[i].get<std::string>() == items[i]);
          ELINK_FUZZ_CHECK(CleanText(items[i], 32));
        }
      } else {
        CheckFailure(st, field);
      }
    }
    {
      api::JsonObject o = obj;
      std::vector<std::int64_t> items;
      const Status st = o.IntArray(key, &items, true, 8, kMin, kMax);
      if (st.ok()) {
        ELINK_FUZZ_CHECK(v.is_array() && v.size() == items.size() && items.size() <= 8);
        for (std::size_t i = 0; i < items.size(); ++i) {
          ELINK_FUZZ_CHECK(SmallInteger(v[i]) &&
                           static_cast<double>(items[i]) == v[i].get<double>());
        }
      } else {
        CheckFailure(st, field);
      }
    }
    {
      api::JsonObject o = obj;
      auto sub = o.Object(key, true);
      ELINK_FUZZ_CHECK(sub.ok() == v.is_object());
      if (sub.ok()) {
        if (depth < 4) Walk(*sub, v, field + ".", depth + 1);
      } else {
        CheckFailure(sub.status(), field);
      }
    }
    {
      api::JsonObject o = obj;
      auto subs = o.ObjectArray(key, true, 8);
      if (subs.ok()) {
        ELINK_FUZZ_CHECK(v.is_array() && v.size() == subs->size() && subs->size() <= 8);
        for (std::size_t i = 0; i < subs->size() && depth < 4; ++i) {
          ELINK_FUZZ_CHECK(v[i].is_object());
          Walk((*subs)[i], v[i], field + "[" + std::to_string(i) + "].", depth + 1);
        }
      } else {
        CheckFailure(subs.status(), field);
      }
    }
  }
  // A field that is not there: required fails naming it, optional leaves the output alone.
  const std::string missing = "\x01 not a key";
  if (!ref.contains(missing)) {
    api::JsonObject o = obj;
    std::int64_t n = 42;
    CheckFailure(o.Int(missing, &n, true, kMin, kMax), prefix + missing);
    ELINK_FUZZ_CHECK(o.Int(missing, &n, false, kMin, kMax).ok() && n == 42);
    ELINK_FUZZ_CHECK(o.Object(missing, false).ok());
  }
  // Finish: every key read passes; one key left unread is named.
  api::JsonObject all = obj;
  api::JsonObject but_one = obj;
  bool first = true;
  for (const auto& [key, v] : ref.items()) {
    std::string ignored;
    (void)all.String(key, &ignored, false);
    if (!first) (void)but_one.String(key, &ignored, false);
    first = false;
  }
  ELINK_FUZZ_CHECK(all.Finish().ok());
  if (!ref.empty()) {
    const Status st = but_one.Finish();
    ELINK_FUZZ_CHECK(st.code() == StatusCode::kInvalidArgument);
  }
}

}  // namespace

int JsonInputOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view body = AsText(data, size);
  auto strict = api::JsonObject::Parse(body, false);
  auto lenient = api::JsonObject::Parse(body, true);
  if (!strict.ok()) {
    ELINK_FUZZ_CHECK(strict.status().code() == StatusCode::kInvalidArgument);
    ELINK_FUZZ_CHECK(strict.status().field() == "body");
    // Only a blank body is read differently when empty bodies are allowed.
    ELINK_FUZZ_CHECK(lenient.ok() == IsBlank(body));
    return 0;
  }
  ELINK_FUZZ_CHECK(lenient.ok());
  const json ref = json::parse(body, nullptr, /*allow_exceptions=*/false);
  ELINK_FUZZ_CHECK(!ref.is_discarded() && ref.is_object());
  ELINK_FUZZ_CHECK(body.find('\0') == std::string_view::npos);
  // What was accepted can be written back and read again (the server echoes fields in errors).
  const std::string dumped = ref.dump();
  auto again = api::JsonObject::Parse(dumped);
  ELINK_FUZZ_CHECK(again.ok());
  Walk(*strict, ref, "", 0);
  return 0;
}

}  // namespace elink::fuzz

#ifdef ELINK_FUZZ_MAIN
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return elink::fuzz::JsonInputOneInput(data, size);
}
#endif
