// SPDX-License-Identifier: Apache-2.0
#include "sim/travel_check.hpp"
#include "util/file.hpp"

#include <nlohmann/json.hpp>

#include <charconv>
#include <cstdint>
#include <filesystem>

namespace elink::sim {
namespace {

Result<std::string> ReadText(const std::string& path) {
  return ReadWholeFile(path, std::size_t{256} << 20);
}

// A positive whole number ending `s`, or at the start of `s`.
std::optional<int> LeadingNumber(std::string_view s) {
  std::size_t n = 0;
  while (n < s.size() && n < 4 && s[n] >= '0' && s[n] <= '9') ++n;
  if (n == 0 || n > 3) return std::nullopt;
  int v = 0;
  std::from_chars(s.data(), s.data() + n, v);
  return v > 0 ? std::optional<int>(v) : std::nullopt;
}
std::optional<int> TrailingNumber(std::string_view s) {
  std::size_t n = 0;
  while (n < s.size() && s[s.size() - 1 - n] >= '0' && s[s.size() - 1 - n] <= '9') ++n;
  if (n == 0) return std::nullopt;
  return LeadingNumber(s.substr(s.size() - n));
}

}  // namespace

Result<std::vector<Station>> ParseStations(std::string_view text, const std::string& name) {
  const nlohmann::json doc = nlohmann::json::parse(text, nullptr, false);
  if (doc.is_discarded()) return Status::InvalidArgument("stations", name + ": not valid JSON");
  if (!doc.is_object() || !doc.contains("features") || !doc["features"].is_array()) {
    return Status::InvalidArgument("stations", name + ": not a GeoJSON FeatureCollection");
  }
  std::vector<Station> out;
  const nlohmann::json& features = doc["features"];
  for (std::size_t i = 0; i < features.size(); ++i) {
    const nlohmann::json& f = features[i];
    const std::string field = name + ": features[" + std::to_string(i) + "]";
    if (!f.is_object()) return Status::InvalidArgument(field, "not a Feature");
    const nlohmann::json props = f.contains("properties") && f["properties"].is_object()
                                     ? f["properties"]
                                     : nlohmann::json::object();
    std::optional<int> number;
    std::string label;
    if (props.contains("station")) {
      const nlohmann::json& s = props["station"];
      if (s.is_number_integer() && s.get<std::int64_t>() > 0 && s.get<std::int64_t>() < 1000) {
        number = static_cast<int>(s.get<std::int64_t>());
      } else if (s.is_string()) {
        number = LeadingNumber(s.get<std::string>());
      }
      label = "station " + s.dump();
    } else if (props.contains("common_name") && props["common_name"].is_string()) {
      label = props["common_name"].get<std::string>();
      const std::size_t hash = label.find('#');
      if (hash != std::string::npos)
        number = LeadingNumber(std::string_view(label).substr(hash + 1));
    } else if (props.contains("name") && props["name"].is_string()) {
      label = props["name"].get<std::string>();
      number = TrailingNumber(label);
    }
    if (!number) {
      return Status::InvalidArgument(
          field,
          "no station number (property \"station\", \"common_name\" with #N, or a "
          "\"name\" ending in the number)");
    }
    const nlohmann::json* geometry =
        f.contains("geometry") && f["geometry"].is_object() ? &f["geometry"] : nullptr;
    if (geometry == nullptr || geometry->value("type", "") != "Point" ||
        !geometry->contains("coordinates") || !(*geometry)["coordinates"].is_array() ||
        (*geometry)["coordinates"].size() < 2 || !(*geometry)["coordinates"][0].is_number() ||
        !(*geometry)["coordinates"][1].is_number()) {
      return Status::InvalidArgument(field + ".geometry", "must be a Point [lon, lat]");
    }
    const core::LatLon at{(*geometry)["coordinates"][1].get<double>(),
                          (*geometry)["coordinates"][0].get<double>()};
    ELINK_RETURN_IF_ERROR(core::ValidateLatLon(at).WithFieldPrefix(field + ".geometry"));
    for (const Station& s : out) {
      if (s.number == *number) {
        return Status::InvalidArgument(field,
                                       "station " + std::to_string(*number) + " appears twice");
      }
    }
    out.push_back({*number, label, at});
  }
  if (out.empty()) return Status::InvalidArgument("stations", name + ": no stations");
  return out;
}

Result<std::vector<Station>> LoadStations(const std::string& path) {
  ELINK_ASSIGN_OR_RETURN(const std::string text, ReadText(path));
  return ParseStations(text, std::filesystem::path(path).filename().string());
}

std::optional<int> SfUnitStation(std::string_view unit_id) {
  if (unit_id.size() < 2 || (unit_id[0] != 'E' && unit_id[0] != 'T')) return std::nullopt;
  const std::string_view digits = unit_id.substr(1);
  if (digits.size() > 3 || digits.find_first_not_of("0123456789") != std::string_view::npos) {
    return std::nullopt;
  }
  return LeadingNumber(digits);
}

}  // namespace elink::sim
