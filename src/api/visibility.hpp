#pragma once
// Which events a user may see (the event log route and the live stream use the same rule) and
// their JSON form. An event about an incident is visible with the incident, one about a unit with
// the unit; reference and user events only to administrators. Secrets are never written out.

#include "core/events.hpp"
#include "core/state.hpp"

#include <nlohmann/json.hpp>

namespace elink::api {

bool VisibleTo(const core::Event& event, const core::State& state, const core::User& user);

// {seq, at, type, actor, data}; password hashes removed, and a photo's bytes replaced by its URL.
nlohmann::json EventJson(const core::Event& event);

}  // namespace elink::api
