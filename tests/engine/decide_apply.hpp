#pragma once
// Runs a command as the engine would, without a log: Decide against the state, then Apply each
// event. A refused command leaves the state as it was.

#include "engine/decide.hpp"

#include <vector>

namespace elink::testing {

// `made`, when given, receives the events the command made.
inline Status DecideAndApply(core::State& state, const engine::CommandBody& command, TimePoint now,
                             std::vector<core::EventBody>* made = nullptr) {
  auto events = engine::Decide(state, command, now);
  if (!events.ok()) return events.status();
  if (made != nullptr) *made = *events;
  for (auto& body : *events) {
    const core::Event e{state.last_seq() + 1, now, "tester", "", std::move(body)};
    ELINK_RETURN_IF_ERROR(state.Apply(e));
  }
  return {};
}

}  // namespace elink::testing
