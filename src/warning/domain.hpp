#pragma once
// The warning domain (监测预警、预警信息发布): public warnings published and cancelled, sensor
// readings rated by the monitoring rules (monitoring.hpp), CAP 1.2 documents (cap.hpp).
// Registered in engine/registry.hpp.

#include "core/domain.hpp"
#include "warning/commands.hpp"
#include "warning/events.hpp"

#include <chrono>
#include <variant>
#include <vector>

namespace elink::warning {

// How far a reading's time may be ahead of the engine's clock (a sensor's clock runs a little
// fast; more is a wrong clock, whose readings would block every true one after them).
inline constexpr std::chrono::minutes kMaxReadingAhead{5};

struct Domain {
  using Commands = core::TypeList<PublishAlert, CancelAlert, RecordReading>;
  using Events =
      core::TypeList<AlertPublished, AlertCancelled, ReadingRecorded, SensorLevelChanged>;
};

using Emitted = std::variant<AlertPublished, AlertCancelled, ReadingRecorded, SensorLevelChanged>;

// The refusals each command's comment lists: kInvalidArgument naming the field, kNotFound for an
// unknown alert, sensor or incident, kFailedPrecondition for a state that does not allow it.
Result<std::vector<Emitted>> Decide(const core::DecideContext& ctx, const PublishAlert& c);
Result<std::vector<Emitted>> Decide(const core::DecideContext& ctx, const CancelAlert& c);
Result<std::vector<Emitted>> Decide(const core::DecideContext& ctx, const RecordReading& c);

// kCorruption (core::NotApplicable) when the event does not fit the state.
Status Apply(core::StateWriter& w, const core::EventMeta& e, const AlertPublished& b);
Status Apply(core::StateWriter& w, const core::EventMeta& e, const AlertCancelled& b);
Status Apply(core::StateWriter& w, const core::EventMeta& e, const ReadingRecorded& b);
Status Apply(core::StateWriter& w, const core::EventMeta& e, const SensorLevelChanged& b);

}  // namespace elink::warning
