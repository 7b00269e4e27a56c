#pragma once
// `elink unit add|change|retire`: the resource base edited live (region::AddUnit, ChangeUnit,
// RetireUnit) on the center's database, as the API's commanders and administrators do; each edit
// is an event with who (--as) and why (--reason). Like every writing command it holds the
// center's lock, so it refuses to run while a server holds the database (then use the API).

#include "app/i18n.hpp"
#include "engine/engine.hpp"
#include "util/status.hpp"

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>

namespace elink::app {

// The fields of an edit as given on the command line; empty optionals are not given. For an
// addition `name`, `type`, `crew` and `station` are required.
struct UnitEditOptions {
  std::string unit;  // its id
  std::optional<std::string> name;
  std::optional<std::string> name_en;
  std::optional<std::string> type;          // a unit type code
  std::optional<std::string> capabilities;  // comma-separated capability codes ("" for none)
  std::optional<int> crew;
  std::optional<std::string> station;
  std::optional<std::string> org;     // default: the station's organisation
  std::optional<std::string> status;  // addition only: available (default) or out_of_service
  std::optional<std::uint64_t> revision;
  std::string reason;
};

// kInvalidArgument naming the option (a missing required field, a bad code); the engine's codes
// otherwise (kConflict for a taken id or a stale revision, kNotFound for an unknown unit,
// kFailedPrecondition for a retired or committed unit or an edit that changes nothing).
Status RunUnitAdd(engine::Engine& engine, const std::string& actor, const UnitEditOptions& edit,
                  Lang lang, std::ostream& out);
Status RunUnitChange(engine::Engine& engine, const std::string& actor, const UnitEditOptions& edit,
                     Lang lang, std::ostream& out);
Status RunUnitRetire(engine::Engine& engine, const std::string& actor, const std::string& unit,
                     std::optional<std::uint64_t> revision, const std::string& reason, Lang lang,
                     std::ostream& out);

}  // namespace elink::app
