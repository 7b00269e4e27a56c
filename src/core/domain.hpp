#pragma once
// What a domain module (region/, units/, tasks/, dispatch/, warning/, auth/) builds on: its
// commands are decided against the State with a DecideContext into the events it declares, and
// each event is applied through a StateWriter. The engine knows a domain by one line in
// engine/registry.hpp; a domain's folder holds its commands, events (with their field lists and
// visibility), decisions and application side by side. How to add one: CONTRIBUTING.md.

#include "core/event_meta.hpp"
#include "core/model.hpp"
#include "core/state.hpp"
#include "util/clock.hpp"
#include "util/status.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace elink::core {

// A list of types, for a domain's commands and events.
template <typename... T>
struct TypeList {};

// Limits on free text, in bytes (UTF-8).
inline constexpr std::size_t kMaxShortText = 200;
inline constexpr std::size_t kMaxLongText = 4000;

// Finds the grid that holds a point: the engine's spatial index (engine/grid_locator.hpp), or
// nullptr in a context without one (then State::GridAt scans every grid).
class GridFinder {
 public:
  virtual ~GridFinder() = default;
  [[nodiscard]] virtual const Grid* Locate(const State& state, const LatLon& p) const = 0;
};

// What a decision may read: the state, the engine's clock reading, the grid index.
struct DecideContext {
  const State& state;
  TimePoint now{};
  const GridFinder* grids = nullptr;

  [[nodiscard]] const Grid* GridAt(const LatLon& p) const {
    return grids != nullptr ? grids->Locate(state, p) : state.GridAt(p);
  }
};

// What a command's events tell its caller besides their sequence numbers: the ids they created.
// An event contributes by `void ContributeTo(CommandResult&) const`.
struct CommandResult {
  std::optional<IncidentId> incident;  // the incident a report created
  std::optional<AlertId> alert;        // the alert a publication created
  std::optional<SensorLevel> level;    // the level a reading is at
};

// kInvalidArgument naming `field` when `text` is longer than `max_bytes` or not UTF-8.
Status CheckText(std::string_view field, const std::string& text, std::size_t max_bytes);

// The object a command names in `field`: kNotFound "no incident N" / "no unit 'U'" when absent;
// an unknown organisation is kInvalidArgument (it is a value, not a resource the caller chose).
Result<const Incident*> GetIncident(const State& state, const IncidentId& id,
                                    std::string_view field);
Result<const Unit*> GetUnit(const State& state, const UnitId& id, std::string_view field);
Result<const Organisation*> GetOrg(const State& state, const OrgId& id, std::string_view field);

}  // namespace elink::core
