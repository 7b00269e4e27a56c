#pragma once
// What every event carries besides its body, as the domains' Apply functions see it: its number,
// time, actor and type. And the two things every Apply needs: the refusal of an event that does
// not fit the state (a damaged log), and the incident's chronology entry it leaves.

#include "core/model.hpp"
#include "util/clock.hpp"
#include "util/status.hpp"

#include <cstdint>
#include <string>
#include <string_view>

namespace elink::core {

struct EventMeta {
  std::uint64_t seq = 0;
  TimePoint at{};
  std::string_view actor;
  std::string_view type;  // the body's kType
};

// kCorruption "event <seq> (<type>) does not apply: <why>": the engine decided every event it
// logged against the state, so an event that does not fit it comes from a damaged log.
Status NotApplicable(const EventMeta& e, const std::string& why);

// Appends "<seq> <at> <actor> <type> <detail>" to the incident's chronology.
void Chronicle(Incident& incident, const EventMeta& e, std::string detail);

}  // namespace elink::core
