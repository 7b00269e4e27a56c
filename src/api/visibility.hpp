#pragma once
// Which events a user may see (the event log route and the live stream use the same rule) and
// their JSON form. Each event says who sees it (its WhoSees, core/visibility.hpp): an event about
// an incident is visible with the incident, one about a unit with the unit, warnings and
// monitoring to everyone, reference and user events only to administrators. Secret fields (marked
// in each event's field list) are never written out.

#include "core/state.hpp"
#include "engine/registry.hpp"

#include <nlohmann/json.hpp>

namespace elink::api {

bool VisibleTo(const engine::Event& event, const core::State& state, const core::User& user);

// {seq, at, type, actor, data}: the event's fields without its secret ones, and a photo's bytes
// replaced by its URL.
nlohmann::json EventJson(const engine::Event& event);

}  // namespace elink::api
