// SPDX-License-Identifier: Apache-2.0
#include "api/visibility.hpp"

#include "api/views.hpp"
#include "auth/policy.hpp"
#include "core/codec.hpp"

#include <type_traits>

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

void DropSecrets(nlohmann::json& j) {
  if (j.is_object()) {
    j.erase("password_hash");
    for (auto& [key, value] : j.items()) DropSecrets(value);
  } else if (j.is_array()) {
    for (auto& value : j) DropSecrets(value);
  }
}

}  // namespace

bool VisibleTo(const core::Event& event, const core::State& state, const core::User& user) {
  const bool admin = user.role == core::Role::kAdmin;
  return std::visit(
      [&](const auto& b) -> bool {
        using T = std::decay_t<decltype(b)>;
        if constexpr (std::is_same_v<T, core::IncidentReported> ||
                      std::is_same_v<T, core::IncidentStatusChanged> ||
                      std::is_same_v<T, core::IncidentLevelChanged>) {
          return SeesIncident(state, user, b.id);
        } else if constexpr (std::is_same_v<T, core::IncidentsMerged>) {
          return SeesIncident(state, user, b.duplicate) || SeesIncident(state, user, b.into);
        } else if constexpr (std::is_same_v<T, core::UnitDispatched>) {
          return SeesIncident(state, user, b.incident) || SeesUnit(state, user, b.unit);
        } else if constexpr (std::is_same_v<T, core::UnitStatusChanged> ||
                             std::is_same_v<T, core::UnitPositionReported>) {
          return SeesUnit(state, user, b.unit);
        } else if constexpr (std::is_same_v<T, core::PlanActivated> ||
                             std::is_same_v<T, core::TaskUpdated> ||
                             std::is_same_v<T, core::TaskEscalated> ||
                             std::is_same_v<T, core::IncidentShared> ||
                             std::is_same_v<T, core::IncidentUnshared> ||
                             std::is_same_v<T, core::IncidentPhotoAttached>) {
          return SeesIncident(state, user, b.incident);
        } else if constexpr (std::is_same_v<T, core::AlertPublished> ||
                             std::is_same_v<T, core::AlertCancelled>) {
          return true;  // warnings are public
        } else if constexpr (std::is_same_v<T, core::ReadingRecorded> ||
                             std::is_same_v<T, core::SensorLevelChanged>) {
          // Monitoring is region-wide situational data (the river upstream matters downstream),
          // readable by everyone like the sensors themselves (GET /api/v1/sensors).
          return true;
        } else {
          return admin;  // the region itself, users
        }
      },
      event.body);
}

nlohmann::json EventJson(const core::Event& event) {
  nlohmann::json data;
  if (const auto* photo = std::get_if<core::IncidentPhotoAttached>(&event.body)) {
    // Up to 2 MiB of photo would crowd the stream and the log pages out: the bytes are left out
    // (never even copied) and the photo's own URL given instead.
    data = {{"incident", photo->incident.value()},
            {"photo", photo->photo},
            {"media_type", photo->media_type},
            {"size", photo->size},
            {"sha256", photo->sha256},
            {"url", PhotoUrl(photo->incident, photo->photo)}};
  } else {
    nlohmann::json payload = nlohmann::json::parse(core::EncodePayload(event), nullptr, false);
    data = payload.is_object() ? payload["data"] : nlohmann::json(nullptr);
    DropSecrets(data);
  }
  return {{"seq", event.seq},
          {"at", TimeJson(event.at)},
          {"type", std::string(core::TypeOf(event.body))},
          {"actor", event.actor},
          {"data", data}};
}

}  // namespace elink::api
