// SPDX-License-Identifier: Apache-2.0
#include "api/visibility.hpp"

#include "api/views.hpp"
#include "auth/policy.hpp"

#include <variant>

namespace elink::api {

namespace {

bool SeesIncident(const core::State& state, const core::User& user, const core::IncidentId& id) {
  const core::Incident* inc = state.FindIncident(id);
  return inc != nullptr && auth::CanSeeIncident(state, user, *inc);
}

bool SeesUnit(const core::State& state, const core::User& user, const core::UnitId& id) {
  const core::Unit* unit = state.FindUnit(id);
  return unit != nullptr && auth::CanSeeUnit(state, user, *unit);
}

}  // namespace

bool VisibleTo(const engine::Event& event, const core::State& state, const core::User& user) {
  const core::Visibility v = engine::WhoSees(event.body);
  switch (v.kind) {
    case core::Visibility::Kind::kEveryone: return true;
    case core::Visibility::Kind::kAdmins: return user.role == core::Role::kAdmin;
    case core::Visibility::Kind::kSubjects: break;
  }
  for (const auto& incident : v.incidents) {
    if (incident && SeesIncident(state, user, *incident)) return true;
  }
  return v.unit && SeesUnit(state, user, *v.unit);
}

nlohmann::json EventJson(const engine::Event& event) {
  nlohmann::json data;
  if (const auto* photo = std::get_if<dispatch::IncidentPhotoAttached>(&event.body)) {
    // Up to 2 MiB of photo would crowd the stream and the log pages out: the bytes are left out
    // (never even copied) and the photo's own URL given instead.
    data = {{"incident", photo->incident.value()},
            {"photo", photo->photo},
            {"media_type", photo->media_type},
            {"size", photo->size},
            {"sha256", photo->sha256},
            {"url", PhotoUrl(photo->incident, photo->photo)}};
  } else {
    data = engine::DataForPeople(event.body);
  }
  return {{"seq", event.seq},
          {"at", TimeJson(event.at)},
          {"type", std::string(engine::TypeOf(event.body))},
          {"actor", event.actor},
          {"data", data}};
}

}  // namespace elink::api
