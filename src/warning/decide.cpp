// SPDX-License-Identifier: Apache-2.0
#include "core/messages.hpp"
#include "warning/domain.hpp"
#include "warning/messages.hpp"
#include "warning/monitoring.hpp"

#include <cmath>
#include <string>

namespace elink::warning {

using Events = std::vector<Emitted>;

Result<Events> Decide(const core::DecideContext& ctx, const PublishAlert& c) {
  const core::AlertContent& a = c.content;
  ELINK_RETURN_IF_ERROR(core::GetOrg(ctx.state, a.org, "org").status());
  const struct {
    const char* field;
    const core::Name* text;
    std::size_t max_bytes;
  } texts[] = {{"event", &a.event, core::kMaxShortText},
               {"headline", &a.headline, core::kMaxShortText},
               {"description", &a.description, core::kMaxLongText},
               {"instruction", &a.instruction, core::kMaxLongText},
               {"area.description", &a.area.description, core::kMaxShortText}};
  for (const auto& t : texts) {
    ELINK_RETURN_IF_ERROR(core::CheckText(std::string(t.field) + ".zh", t.text->zh, t.max_bytes));
    ELINK_RETURN_IF_ERROR(core::CheckText(std::string(t.field) + ".en", t.text->en, t.max_bytes));
  }
  if (a.headline.zh.empty() && a.headline.en.empty()) {
    return Status::InvalidArgument("headline", msg::kNeededInALanguage);
  }
  if (a.area.description.zh.empty() && a.area.description.en.empty()) {
    return Status::InvalidArgument("area.description", msg::kNeededInALanguage);
  }
  ELINK_RETURN_IF_ERROR(core::ValidateLatLon(a.area.center).WithFieldPrefix("area.center"));
  if (!(a.area.radius_km > 0 && a.area.radius_km <= 1000)) {
    return Status::InvalidArgument("area.radius_km", core::msg::kWithinOpenLow, 0, 1000);
  }
  if (a.expires <= ctx.now || a.expires > ctx.now + std::chrono::hours(24 * 7)) {
    return Status::InvalidArgument("expires", msg::kExpiresWithin);
  }
  if (a.incident) {
    ELINK_RETURN_IF_ERROR(core::GetIncident(ctx.state, *a.incident, "incident").status());
  }
  return Events{AlertPublished{ctx.state.next_alert_id(), a}};
}

Result<Events> Decide(const core::DecideContext& ctx, const CancelAlert& c) {
  const core::Alert* alert = ctx.state.FindAlert(c.alert);
  if (alert == nullptr) {
    return Status::NotFound(msg::kNoAlert, c.alert.value()).At("alert");
  }
  if (alert->cancelled_at) {
    return Status::FailedPrecondition(msg::kCancelledAlready).At("alert");
  }
  if (!alert->IsActive(ctx.now)) return Status::FailedPrecondition(msg::kExpired).At("alert");
  ELINK_RETURN_IF_ERROR(core::CheckText("reason", c.reason, core::kMaxLongText));
  return Events{AlertCancelled{c.alert, c.reason}};
}

Result<Events> Decide(const core::DecideContext& ctx, const RecordReading& c) {
  const core::SensorState* sensor = ctx.state.FindSensor(c.sensor);
  if (sensor == nullptr) {
    return Status::NotFound(msg::kNoSensor, c.sensor.value().substr(0, 64)).At("sensor");
  }
  if (!std::isfinite(c.value)) return Status::InvalidArgument("value", msg::kFinite);
  if (c.at > ctx.now + kMaxReadingAhead) {
    return Status::InvalidArgument("at", msg::kAhead);
  }
  const core::SensorTrack& track = sensor->Track(c.exercise);
  if (!track.readings.empty() && c.at <= track.readings.back().at) {
    return Status::FailedPrecondition(msg::kNotNewer, FormatTime(track.readings.back().at))
        .At("at");
  }
  const Assessment a = Assess(sensor->sensor, track.readings, c.at, c.value);
  Events events{ReadingRecorded{c.sensor, c.at, c.value, a.level, c.exercise}};
  if (a.level != track.level) {
    events.emplace_back(
        SensorLevelChanged{c.sensor, track.level, a.level, a.reason.zh, a.reason.en, c.exercise});
  }
  return events;
}

}  // namespace elink::warning
