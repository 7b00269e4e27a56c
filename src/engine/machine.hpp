#pragma once
// Machine: the engine's step without its log, queue or thread. It decides a command against the
// state (decide.hpp), numbers and applies the events, and keeps the grid index. The Engine runs
// one behind its durable log; the simulator runs one directly on a simulated clock, so that a
// simulation goes through exactly the rules of live service.

#include "core/state.hpp"
#include "engine/commands.hpp"
#include "engine/grid_locator.hpp"
#include "engine/registry.hpp"
#include "util/clock.hpp"
#include "util/status.hpp"

#include <optional>
#include <vector>

namespace elink::engine {

class Machine {
 public:
  explicit Machine(core::State state);

  [[nodiscard]] const core::State& state() const { return state_; }

  // Decides `command` at `now`, applies its events to the state and appends them to `events`.
  // Refused commands change nothing and return Decide's status.
  Result<Reply> Step(const Command& command, TimePoint now, std::vector<Event>& events);

 private:
  void RebuildGridLocator();

  core::State state_;
  std::optional<GridLocator> grids_;
};

}  // namespace elink::engine
