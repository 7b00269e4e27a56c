#pragma once
// Who may see an event in the API's event stream and log pages. Every event type says it
// (`core::Visibility WhoSees() const`), and the engine's registry refuses at compile time an event
// without it: everyone signed in (warnings, monitoring), administrators only (the region, users),
// or whoever sees one of the incidents or units the event names (auth/policy.hpp's jurisdiction).
// Which of an event's fields are secret is said by its field list (core/fields.hpp, FSecret).

#include "core/model.hpp"

#include <array>
#include <concepts>
#include <optional>

namespace elink::core {

struct Visibility {
  enum class Kind { kEveryone, kAdmins, kSubjects };
  Kind kind = Kind::kAdmins;
  // kSubjects: seen by whoever sees any one of these.
  std::array<std::optional<IncidentId>, 2> incidents;
  std::optional<UnitId> unit;

  static Visibility Everyone() { return {Kind::kEveryone, {}, {}}; }
  static Visibility Admins() { return {Kind::kAdmins, {}, {}}; }
  static Visibility Incident(const IncidentId& id) { return {Kind::kSubjects, {id, {}}, {}}; }
  static Visibility Incidents(const IncidentId& a, const IncidentId& b) {
    return {Kind::kSubjects, {a, b}, {}};
  }
  static Visibility Unit(const UnitId& id) { return {Kind::kSubjects, {}, id}; }
  static Visibility IncidentOrUnit(const IncidentId& incident, const UnitId& unit) {
    return {Kind::kSubjects, {incident, {}}, unit};
  }
};

// An event type that says who sees it.
template <typename E>
concept SaysWhoSees = requires(const E& e) {
  { e.WhoSees() } -> std::same_as<Visibility>;
};

}  // namespace elink::core
