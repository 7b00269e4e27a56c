#pragma once
// The warning domain's commands: public warnings published and withdrawn, sensor readings.

#include "core/model.hpp"
#include "util/clock.hpp"

#include <string>

namespace elink::warning {

// Publishes a public warning (预警信息发布). Refused when the organisation does not exist, the
// headline is empty in both languages, the area is not a circle of 0 < r <= 1000 km around a
// valid point, the expiry is not within the next 7 days, or the incident does not exist.
struct PublishAlert {
  core::AlertContent content;
};

// Withdraws an active warning. Refused when it is cancelled already or has expired.
struct CancelAlert {
  core::AlertId alert;
  std::string reason;
};

// Monitoring (监测预警): one sensor reading. Decide rates it (monitoring.hpp) and makes
// reading_recorded, then sensor_level_changed when the level moves. Refused: unknown sensor,
// non-finite value, a reading not newer than the track's last, or one more than
// kMaxReadingAhead after now. `exercise`: a drill's reading, on the sensor's exercise track.
struct RecordReading {
  core::SensorId sensor;
  TimePoint at{};
  double value = 0;
  bool exercise = false;
};

}  // namespace elink::warning
