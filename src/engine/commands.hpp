#pragma once
// Commands: what users and systems ask the engine to do, as its queue carries them: the body (a
// command of one of the domains, engine/registry.hpp), who asks and the client's request id. A
// command is decided against the current state (decide.hpp) and becomes zero or more events; a
// command that is refused changes nothing and its Status says why.

#include "core/domain.hpp"
#include "core/model.hpp"
#include "engine/registry.hpp"

#include <cstdint>
#include <optional>
#include <string>

namespace elink::engine {

struct Command {
  std::string actor;       // who asks: a user name, or a system component ("elink-init")
  std::string request_id;  // the client's id for this command; recorded in every event it makes
  CommandBody body;
};

// What the engine answers once the command's events are durable: their sequence numbers, and
// what they created (each event's ContributeTo).
struct Reply {
  std::uint64_t first_seq = 0;  // 0 when the command made no event
  std::uint64_t last_seq = 0;
  std::optional<core::IncidentId> incident;  // the incident a ReportIncident created
  std::optional<core::AlertId> alert;        // the alert a PublishAlert published
  std::optional<core::SensorLevel> level;    // the level a RecordReading's reading is at
};

}  // namespace elink::engine
