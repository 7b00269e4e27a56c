#pragma once
// Runs a command as the engine would, without a log: Decide against the state, then Apply each
// event. A refused command leaves the state as it was.

#include "engine/decide.hpp"

#include <gtest/gtest.h>

#include <string_view>
#include <vector>

namespace elink::testing {

// `made`, when given, receives the events the command made.
inline Status DecideAndApply(core::State& state, const engine::CommandBody& command, TimePoint now,
                             std::vector<engine::EventBody>* made = nullptr) {
  auto events = engine::Decide(state, command, now);
  if (!events.ok()) return events.status();
  if (made != nullptr) *made = *events;
  for (auto& body : *events) {
    const engine::Event e{state.last_seq() + 1, now, "tester", "", std::move(body)};
    ELINK_RETURN_IF_ERROR(engine::Apply(state, e));
  }
  return {};
}

// Runs a command that must be refused: with `code`, naming `field`, with a message, and leaving
// the state as it was, field for field. Returns the refusal for further checks.
inline Status ExpectRefusedByDecide(core::State& state, const engine::CommandBody& command,
                                    TimePoint now, StatusCode code, std::string_view field) {
  const core::State before = state;
  const Status s = DecideAndApply(state, command, now);
  EXPECT_EQ(s.code(), code) << s.ToString();
  EXPECT_EQ(s.field(), field) << s.ToString();
  EXPECT_FALSE(s.message().empty());
  EXPECT_TRUE(state == before) << "a refused command changed the state";
  return s;
}

}  // namespace elink::testing
