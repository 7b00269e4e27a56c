#pragma once
// The warning domain's events: public warnings and monitoring readings. Each is a fact in the past
// tense with its code in the log (kType), its field list (core/fields.hpp) and who may see it:
// everyone signed in, since warnings are public and monitoring is region-wide situational data (the
// river upstream matters downstream), readable like the sensors themselves.

#include "core/domain.hpp"
#include "core/fields.hpp"
#include "core/model.hpp"
#include "core/visibility.hpp"
#include "util/clock.hpp"

#include <string>
#include <string_view>
#include <tuple>

namespace elink::warning {

// A public warning was published (its id is the state's next_alert_id; sent = the event's time,
// sender = its actor).
struct AlertPublished {
  static constexpr std::string_view kType = "alert_published";
  core::AlertId id;
  core::AlertContent content;

  static constexpr auto Fields() {
    return std::tuple{core::F("id", &AlertPublished::id),
                      core::F("content", &AlertPublished::content)};
  }
  [[nodiscard]] core::Visibility WhoSees() const { return core::Visibility::Everyone(); }
  void ContributeTo(core::CommandResult& r) const { r.alert = id; }
  friend auto operator<=>(const AlertPublished&, const AlertPublished&) = default;
};

// Withdrawn before it expired (CAP msgType "Cancel").
struct AlertCancelled {
  static constexpr std::string_view kType = "alert_cancelled";
  core::AlertId id;
  std::string reason;

  static constexpr auto Fields() {
    return std::tuple{core::F("id", &AlertCancelled::id),
                      core::F("reason", &AlertCancelled::reason)};
  }
  [[nodiscard]] core::Visibility WhoSees() const { return core::Visibility::Everyone(); }
  friend auto operator<=>(const AlertCancelled&, const AlertCancelled&) = default;
};

// A sensor's reading, with the level it puts the sensor at (the rules of monitoring.hpp, applied
// when the command was decided). `exercise`: a drill's reading, on the sensor's exercise track,
// which never moves the real level.
struct ReadingRecorded {
  static constexpr std::string_view kType = "reading_recorded";
  core::SensorId sensor;
  TimePoint at{};  // when it was measured
  double value = 0;
  core::SensorLevel level = core::SensorLevel::kNone;
  bool exercise = false;

  static constexpr auto Fields() {
    return std::tuple{
        core::F("sensor", &ReadingRecorded::sensor), core::F("at", &ReadingRecorded::at),
        core::F("value", &ReadingRecorded::value), core::F("level", &ReadingRecorded::level),
        core::F("exercise", &ReadingRecorded::exercise)};
  }
  [[nodiscard]] core::Visibility WhoSees() const { return core::Visibility::Everyone(); }
  void ContributeTo(core::CommandResult& r) const { r.level = level; }
  friend auto operator<=>(const ReadingRecorded&, const ReadingRecorded&) = default;
};

// The reading just recorded (in the same command) moved the sensor's level on the track named by
// `exercise`; the reason is for people, in both languages.
struct SensorLevelChanged {
  static constexpr std::string_view kType = "sensor_level_changed";
  core::SensorId sensor;
  core::SensorLevel from = core::SensorLevel::kNone;
  core::SensorLevel to = core::SensorLevel::kNone;
  std::string reason_zh;
  std::string reason_en;
  bool exercise = false;

  static constexpr auto Fields() {
    return std::tuple{core::F("sensor", &SensorLevelChanged::sensor),
                      core::F("from", &SensorLevelChanged::from),
                      core::F("to", &SensorLevelChanged::to),
                      core::F("reason_zh", &SensorLevelChanged::reason_zh),
                      core::F("reason_en", &SensorLevelChanged::reason_en),
                      core::F("exercise", &SensorLevelChanged::exercise)};
  }
  [[nodiscard]] core::Visibility WhoSees() const { return core::Visibility::Everyone(); }
  friend auto operator<=>(const SensorLevelChanged&, const SensorLevelChanged&) = default;
};

}  // namespace elink::warning
