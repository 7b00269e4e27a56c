// SPDX-License-Identifier: Apache-2.0
#include "warning/domain.hpp"
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
    return Status::InvalidArgument("headline", "needed in zh-CN or English");
  }
  if (a.area.description.zh.empty() && a.area.description.en.empty()) {
    return Status::InvalidArgument("area.description", "needed in zh-CN or English");
  }
  ELINK_RETURN_IF_ERROR(core::ValidateLatLon(a.area.center).WithFieldPrefix("area.center"));
  if (!(a.area.radius_km > 0 && a.area.radius_km <= 1000)) {
    return Status::InvalidArgument("area.radius_km", "must be within (0, 1000]");
  }
  if (a.expires <= ctx.now || a.expires > ctx.now + std::chrono::hours(24 * 7)) {
    return Status::InvalidArgument("expires", "must be after now and within 7 days");
  }
  if (a.incident) {
    ELINK_RETURN_IF_ERROR(core::GetIncident(ctx.state, *a.incident, "incident").status());
  }
  return Events{AlertPublished{ctx.state.next_alert_id(), a}};
}

Result<Events> Decide(const core::DecideContext& ctx, const CancelAlert& c) {
  const core::Alert* alert = ctx.state.FindAlert(c.alert);
  if (alert == nullptr) {
    return Status::NotFound("no alert " + std::to_string(c.alert.value()), "alert");
  }
  if (alert->cancelled_at) {
    return Status::FailedPrecondition("the alert was cancelled already", "alert");
  }
  if (!alert->IsActive(ctx.now))
    return Status::FailedPrecondition("the alert has expired", "alert");
  ELINK_RETURN_IF_ERROR(core::CheckText("reason", c.reason, core::kMaxLongText));
  return Events{AlertCancelled{c.alert, c.reason}};
}

Result<Events> Decide(const core::DecideContext& ctx, const RecordReading& c) {
  const core::SensorState* sensor = ctx.state.FindSensor(c.sensor);
  if (sensor == nullptr) {
    return Status::NotFound("no sensor '" + c.sensor.value().substr(0, 64) + "'", "sensor");
  }
  if (!std::isfinite(c.value)) return Status::InvalidArgument("value", "must be a finite number");
  if (c.at > ctx.now + kMaxReadingAhead) {
    return Status::InvalidArgument("at", "more than 5 minutes ahead of the server's clock");
  }
  const core::SensorTrack& track = sensor->Track(c.exercise);
  if (!track.readings.empty() && c.at <= track.readings.back().at) {
    return Status::FailedPrecondition(
        "not newer than the sensor's last reading (" + FormatTime(track.readings.back().at) + ")",
        "at");
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
