#include "sim/roster.hpp"

#include "core/enums.hpp"

#include <fmt/format.h>
#include <toml++/toml.h>

#include <algorithm>
#include <cctype>
#include <limits>
#include <sstream>

namespace elink::sim {
namespace {

using C = core::Capability;
using T = core::UnitType;

// "RS1" → 1, "E03" → 3: the letters' station number for the unit ids whose number is their
// station's (engines, trucks, rescue squads); nullopt for every other id.
std::optional<int> StationOfId(std::string_view id, std::string_view sf_type) {
  if (sf_type == "ENGINE" || sf_type == "TRUCK") return SfUnitStation(id);
  if (sf_type == "RESCUE SQUAD" && id.size() >= 3 && id.size() <= 5 && id.substr(0, 2) == "RS") {
    int n = 0;
    for (const char c : id.substr(2)) {
      if (!std::isdigit(static_cast<unsigned char>(c))) return std::nullopt;
      n = n * 10 + (c - '0');
    }
    return n;
  }
  return std::nullopt;
}

std::optional<int> AreaNumber(std::string_view area) {
  if (area.empty() || area.size() > 3) return std::nullopt;
  int n = 0;
  for (const char c : area) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return std::nullopt;
    n = n * 10 + (c - '0');
  }
  return n;
}

struct Seen {
  std::string sf_type;
  int als = 0;  // responses flagged ALS
  int responses = 0;
  std::map<int, int> first_in;  // station area → calls it was the first unit dispatched to
  std::map<int, int> in;        // station area → calls
};

// The most frequent key; ties to the lower key. nullopt when empty.
std::optional<int> Mode(const std::map<int, int>& counts) {
  std::optional<int> best;
  int n = 0;
  for (const auto& [k, c] : counts) {
    if (c > n) best = k, n = c;
  }
  return best;
}

// A TOML basic string, quoted and escaped: unit ids and names come from the log.
std::string TomlString(const std::string& s) {
  std::ostringstream out;
  out << toml::value<std::string>(s);
  return out.str();
}

}  // namespace

const std::vector<SfUnitTypeMapping>& SfUnitTypeMappings() {
  static const std::vector<SfUnitTypeMapping> kTable = {
      {"ENGINE", T::kEngine, {C::kFireSuppression, C::kWaterSupply, C::kBasicLifeSupport}},
      {"TRUCK", T::kLadder, {C::kAerial, C::kExtrication, C::kSearchAndRescue}},
      {"MEDIC", T::kAmbulance, {C::kBasicLifeSupport}},
      {"RESCUE SQUAD",
       T::kRescue,
       {C::kExtrication, C::kSearchAndRescue, C::kHighAngleRescue, C::kConfinedSpace,
        C::kWaterRescue}},
      {"PRIVATE",
       T::kAmbulance,
       {C::kBasicLifeSupport},
       true,
       "a private (contract) ambulance, dispatched by SFFD as a BLS ambulance"},
      {"CHIEF",
       T::kCommand,
       {C::kCommand},
       true,
       "a battalion or division chief: elink's command unit"},
      {"RESCUE CAPTAIN",
       T::kCommand,
       {C::kCommand, C::kBasicLifeSupport},
       true,
       "an EMS supervisor (paramedic captain): a command unit with its ALS flag"},
  };
  return kTable;
}

const SfUnitTypeMapping* FindSfUnitType(std::string_view sf_type) {
  for (const SfUnitTypeMapping& m : SfUnitTypeMappings()) {
    if (m.sf_type == sf_type) return &m;
  }
  return nullptr;
}

Result<Roster> RosterFromCalls(const std::vector<Call>& calls, const core::Region& region,
                               const RosterOptions& options) {
  std::map<std::string, Seen> seen;
  for (const Call& call : calls) {
    for (const UnitResponse& u : call.units) {
      Seen& s = seen[u.unit_id];
      if (s.sf_type.empty()) s.sf_type = u.unit_type;
      ++s.responses;
      if (u.als.value_or(false)) ++s.als;
      if (const auto area = AreaNumber(u.station_area)) {
        ++s.in[*area];
        if (u.sequence == 1) ++s.first_in[*area];
      }
    }
  }
  Roster roster;
  // Station number → station id, region's first.
  std::map<int, core::StationId> station_of;
  for (const core::Station& st : region.stations) {
    const std::string& id = st.id.value();
    if (!id.starts_with(options.station_prefix)) continue;
    if (const auto n = AreaNumber(std::string_view(id).substr(options.station_prefix.size()))) {
      station_of[*n] = st.id;
    }
  }
  auto place = [&](int number) -> std::optional<core::StationId> {
    if (const auto it = station_of.find(number); it != station_of.end()) return it->second;
    const auto extra = std::find_if(options.extra_stations.begin(), options.extra_stations.end(),
                                    [&](const Station& s) { return s.number == number; });
    if (extra == options.extra_stations.end()) return std::nullopt;
    core::Station st;
    st.id = core::StationId(fmt::format("{}{:02}", options.station_prefix, number));
    st.name = {fmt::format("第{}消防站", number), fmt::format("Fire Station {}", number)};
    st.kind = core::StationKind::kFireStation;
    st.location = extra->location;
    // The organisation of the nearest fire station of the region: the roster adds stations
    // outside the region's districts, which have no organisation of their own there.
    double best = std::numeric_limits<double>::infinity();
    for (const core::Station& r : region.stations) {
      if (r.kind != core::StationKind::kFireStation) continue;
      const double d = core::HaversineMeters(r.location, st.location);
      if (d < best) best = d, st.org = r.org;
    }
    if (st.org.value().empty()) return std::nullopt;
    roster.approximations.push_back(
        fmt::format("station {}: not in the region; added at {} ({:.5f}, {:.5f}) with the "
                    "organisation of the nearest region station ({})",
                    st.id.value(), extra->name, st.location.lat, st.location.lon, st.org.value()));
    station_of[number] = st.id;
    roster.stations.push_back(st);
    return st.id;
  };
  for (const auto& [id, s] : seen) {
    const SfUnitTypeMapping* m = FindSfUnitType(s.sf_type);
    if (m == nullptr) {
      ++roster.left_out_by_type[s.sf_type];
      roster.left_out.push_back(fmt::format("{} ({}): no elink unit type for it", id, s.sf_type));
      continue;
    }
    std::optional<int> number = StationOfId(id, s.sf_type);
    std::string how;
    if (!number) {
      if ((number = Mode(s.first_in))) {
        how = fmt::format("the station area it answered first in most often ({} of {} calls)",
                          s.first_in.at(*number), s.responses);
      } else if ((number = Mode(s.in))) {
        how = fmt::format("the station area it answered in most often ({} of {} calls)",
                          s.in.at(*number), s.responses);
      }
    }
    std::optional<core::StationId> station;
    if (number) station = place(*number);
    if (!station) {
      ++roster.left_out_by_type[s.sf_type];
      roster.left_out.push_back(
          number ? fmt::format("{} ({}): station {} is neither in the region nor in the stations "
                               "file",
                               id, s.sf_type, *number)
                 : fmt::format("{} ({}): no station area to place it in", id, s.sf_type));
      continue;
    }
    core::Unit unit;
    unit.id = core::UnitId(id);
    unit.type = m->type;
    unit.capabilities = m->capabilities;
    // ALS when most of its responses were flagged ALS (the flag is the crew's of the day).
    const bool als = 2 * s.als > s.responses;
    if (als) unit.capabilities.push_back(C::kAdvancedLifeSupport);
    std::sort(unit.capabilities.begin(), unit.capabilities.end());
    unit.capabilities.erase(std::unique(unit.capabilities.begin(), unit.capabilities.end()),
                            unit.capabilities.end());
    unit.station = *station;
    unit.crew = m->type == T::kCommand ? 1 : m->type == T::kAmbulance ? 2 : 4;
    const std::string type_en(core::CodeOf(m->type));
    unit.name = {fmt::format("{} {}", id, s.sf_type), fmt::format("{} ({})", id, type_en)};
    for (const core::Station& st : region.stations) {
      if (st.id == unit.station) unit.org = st.org;
    }
    for (const core::Station& st : roster.stations) {
      if (st.id == unit.station) unit.org = st.org;
    }
    if (m->approximate) {
      roster.approximations.push_back(
          fmt::format("{} ({}): {} — {}", id, s.sf_type, type_en, m->note));
    }
    if (!how.empty()) {
      roster.approximations.push_back(
          fmt::format("{} ({}): at {} = {}", id, s.sf_type, unit.station.value(), how));
    }
    if (als && s.als < s.responses) {
      roster.approximations.push_back(fmt::format(
          "{} ({}): als from {} of {} responses flagged ALS", id, s.sf_type, s.als, s.responses));
    }
    roster.units.push_back(std::move(unit));
  }
  if (roster.units.empty()) {
    return Status::InvalidArgument("calls", "no unit of the call log could be placed at a station");
  }
  return roster;
}

std::string RosterToml(const Roster& roster, const std::string& source) {
  std::ostringstream out;
  // Comments end at a line break; the texts hold ids and names from the log.
  auto line = [](std::string text) {
    std::replace(text.begin(), text.end(), '\n', ' ');
    std::replace(text.begin(), text.end(), '\r', ' ');
    return text;
  };
  auto comment = [&](const std::string& a) { out << "#   " << line(a) << "\n"; };
  out << "# Units that answered the calls of " << line(source)
      << " (elink validate-sim --roster-out); SF Unit Type → elink type, ALS flag → als.\n";
  out << "# Approximate mappings:\n";
  for (const std::string& a : roster.approximations) comment(a);
  out << "# Left out:\n";
  for (const std::string& a : roster.left_out) comment(a);
  for (const core::Station& st : roster.stations) {
    out << fmt::format("# station to add to stations.toml: {} at {:.6f}, {:.6f} (org {})\n",
                       st.id.value(), st.location.lat, st.location.lon, st.org.value());
  }
  for (const core::Unit& u : roster.units) {
    out << "\n[[units]]\n";
    out << fmt::format("id = {}\nname = {}\nname_en = {}\ntype = \"{}\"\n",
                       TomlString(u.id.value()), TomlString(u.name.zh), TomlString(u.name.en),
                       core::CodeOf(u.type));
    out << "capabilities = [";
    for (std::size_t k = 0; k < u.capabilities.size(); ++k) {
      out << (k ? ", " : "") << '"' << core::CodeOf(u.capabilities[k]) << '"';
    }
    out << fmt::format("]\nstation = {}\ncrew = {}\n", TomlString(u.station.value()), u.crew);
  }
  return out.str();
}

}  // namespace elink::sim
