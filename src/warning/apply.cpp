// SPDX-License-Identifier: Apache-2.0
#include "warning/domain.hpp"

#include <algorithm>
#include <string>
#include <utility>

namespace elink::warning {

using core::NotApplicable;

Status Apply(core::StateWriter& w, const core::EventMeta& e, const AlertPublished& b) {
  if (b.id != w.state().next_alert_id()) {
    return NotApplicable(e, "alert id " + std::to_string(b.id.value()) + " is not the next id " +
                                std::to_string(w.state().next_alert_id().value()));
  }
  if (w.state().FindOrg(b.content.org) == nullptr) {
    return NotApplicable(e, "no organisation " + b.content.org.value());
  }
  core::Alert alert;
  alert.id = b.id;
  alert.content = b.content;
  alert.sent = e.at;
  alert.sender = std::string(e.actor);
  w.alerts().try_emplace(b.id, std::move(alert));
  w.TakeAlertId();
  return {};
}

Status Apply(core::StateWriter& w, const core::EventMeta& e, const AlertCancelled& b) {
  core::Alert* alert = w.FindAlert(b.id);
  if (alert == nullptr) return NotApplicable(e, "no alert " + std::to_string(b.id.value()));
  if (alert->cancelled_at) return NotApplicable(e, "alert already cancelled");
  alert->cancelled_at = e.at;
  alert->cancel_reason = b.reason;
  return {};
}

Status Apply(core::StateWriter& w, const core::EventMeta& e, const ReadingRecorded& b) {
  core::SensorState* sensor = w.FindSensor(b.sensor);
  if (sensor == nullptr) return NotApplicable(e, "no sensor " + b.sensor.value());
  core::SensorTrack& track = b.exercise ? sensor->exercise : sensor->live;
  if (!track.readings.empty() && b.at <= track.readings.back().at) {
    return NotApplicable(e, "reading is not newer than the sensor's last");
  }
  track.readings.push_back(core::Reading{b.at, b.value, b.level});
  // Keep what the rules can need: the retention, or the rise window when it is longer; and never
  // more than kMaxReadingsKept, so that a chatty sensor cannot grow the state.
  std::chrono::minutes keep = core::kReadingRetention;
  if (sensor->sensor.rise) {
    keep = std::max(keep, std::chrono::minutes(sensor->sensor.rise->window_minutes));
  }
  const TimePoint cutoff = b.at - keep;
  const auto first_kept = std::find_if(track.readings.begin(), track.readings.end(),
                                       [&](const core::Reading& r) { return r.at >= cutoff; });
  track.readings.erase(track.readings.begin(), first_kept);
  if (track.readings.size() > core::kMaxReadingsKept) {
    track.readings.erase(
        track.readings.begin(),
        track.readings.end() - static_cast<std::ptrdiff_t>(core::kMaxReadingsKept));
  }
  return {};
}

Status Apply(core::StateWriter& w, const core::EventMeta& e, const SensorLevelChanged& b) {
  core::SensorState* sensor = w.FindSensor(b.sensor);
  if (sensor == nullptr) return NotApplicable(e, "no sensor " + b.sensor.value());
  core::SensorTrack& track = b.exercise ? sensor->exercise : sensor->live;
  if (track.level != b.from) {
    return NotApplicable(e, "sensor level is " + std::string(core::CodeOf(track.level)));
  }
  if (b.from == b.to) return NotApplicable(e, "the level does not change");
  if (track.readings.empty()) return NotApplicable(e, "no reading brought the change");
  track.level = b.to;
  track.level_since = track.readings.back().at;
  track.reason = core::Name{b.reason_zh, b.reason_en};
  return {};
}

}  // namespace elink::warning
