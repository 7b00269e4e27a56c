// SPDX-License-Identifier: Apache-2.0
#include "core/codec.hpp"

#include "core/json_codec.hpp"

#include <string>
#include <string_view>
#include <tuple>

namespace elink::core {

using json::Json;

namespace {

// A snapshot written by this build; DecodeState rejects any other so that an old binary never
// misreads a newer snapshot as a damaged one or, worse, as a valid one.
// 5: incidents have photos (IncidentPhoto). 6: sensors with their live and exercise tracks
// (SensorState). An older snapshot is not read: the engine replays the log instead (engine.cpp,
// Recover), which rebuilds the sensors from the region_imported event.
constexpr int kStateFormat = 6;

}  // namespace

// Friend of State (state.hpp): the only code outside State that sees its private fields.
struct StateCodec {
  static constexpr auto Fields() {
    return std::tuple{F("last_seq", &State::last_seq_),
                      F("last_event_at", &State::last_event_at_),
                      F("region_id", &State::region_id_),
                      F("region_name", &State::region_name_),
                      F("next_incident_id", &State::next_incident_id_),
                      F("orgs", &State::orgs_),
                      F("grids", &State::grids_),
                      F("stations", &State::stations_),
                      F("units", &State::units_),
                      F("plans", &State::plans_),
                      F("incidents", &State::incidents_),
                      F("users", &State::users_),
                      F("next_alert_id", &State::next_alert_id_),
                      F("alerts", &State::alerts_),
                      F("sensors", &State::sensors_)};
  }
};

namespace json {
template <>
inline constexpr auto kFields<State> = StateCodec::Fields();
}  // namespace json

std::string EncodeState(const State& state) {
  Json j = json::ToJson(state);
  j["format"] = kStateFormat;
  return json::Dump(j);
}

Result<State> DecodeState(std::string_view text) {
  State state;
  Status status = json::ParseAndDecode("state snapshot", text, [&](const Json& j) -> Status {
    if (!j.is_object()) return json::WrongType("object", j);
    json::ObjectReader reader(j);
    int format = 0;
    // Read first: a snapshot of another format is reported as such, not as its first odd field.
    ELINK_RETURN_IF_ERROR(reader.Read("format", format));
    if (format != kStateFormat) {
      return json::Bad("unsupported version " + std::to_string(format) + " (this build reads " +
                       std::to_string(kStateFormat) + ")")
          .WithFieldPrefix("format");
    }
    ELINK_RETURN_IF_ERROR(reader.ReadAll(state));
    return reader.Finish();
  });
  if (!status.ok()) return status;
  return state;
}

std::string EncodeRegion(const Region& region) { return json::Dump(json::ToJson(region)); }

namespace {

constexpr std::string_view kBase64Alphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

// The value of a base64 character, or -1.
int Base64Value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

}  // namespace

std::string EncodeBase64(std::string_view bytes) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  std::size_t i = 0;
  const auto at = [&](std::size_t k) {
    return static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[k]));
  };
  for (; i + 3 <= bytes.size(); i += 3) {
    const std::uint32_t v = at(i) << 16 | at(i + 1) << 8 | at(i + 2);
    out += kBase64Alphabet[v >> 18 & 63];
    out += kBase64Alphabet[v >> 12 & 63];
    out += kBase64Alphabet[v >> 6 & 63];
    out += kBase64Alphabet[v & 63];
  }
  if (const std::size_t rest = bytes.size() - i; rest > 0) {
    const std::uint32_t v = at(i) << 16 | (rest == 2 ? at(i + 1) << 8 : 0);
    out += kBase64Alphabet[v >> 18 & 63];
    out += kBase64Alphabet[v >> 12 & 63];
    out += rest == 2 ? kBase64Alphabet[v >> 6 & 63] : '=';
    out += '=';
  }
  return out;
}

std::optional<std::string> DecodeBase64(std::string_view text) {
  if (text.size() % 4 != 0) return std::nullopt;
  std::string out;
  out.reserve(text.size() / 4 * 3);
  for (std::size_t i = 0; i < text.size(); i += 4) {
    const bool last = i + 4 == text.size();
    std::array<int, 4> v{};
    int pad = 0;
    for (int k = 0; k < 4; ++k) {
      const char c = text[i + static_cast<std::size_t>(k)];
      const auto at = static_cast<std::size_t>(k);
      if (c == '=' && last && k >= 2) {
        v[at] = 0;
        ++pad;
        continue;
      }
      if (pad > 0) return std::nullopt;  // a character after '='
      v[at] = Base64Value(c);
      if (v[at] < 0) return std::nullopt;
    }
    const auto n = static_cast<std::uint32_t>(v[0] << 18 | v[1] << 12 | v[2] << 6 | v[3]);
    out += static_cast<char>(n >> 16 & 0xFF);
    if (pad == 2) {
      if ((n & 0xFFFF) != 0) return std::nullopt;  // unused bits must be zero
      break;
    }
    out += static_cast<char>(n >> 8 & 0xFF);
    if (pad == 1) {
      if ((n & 0xFF) != 0) return std::nullopt;
      break;
    }
    out += static_cast<char>(n & 0xFF);
  }
  return out;
}

}  // namespace elink::core
