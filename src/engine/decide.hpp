#pragma once
// Decide: turns a command into the events it causes, checking it against the current state.
// A pure function of (state, command, now): no I/O, no clock reads, so the engine stays
// deterministic and every rule here can be tested without a log.

#include "core/events.hpp"
#include "core/state.hpp"
#include "engine/commands.hpp"
#include "engine/grid_locator.hpp"
#include "util/clock.hpp"
#include "util/status.hpp"

#include <vector>

namespace elink::engine {

// Limits on free text, in bytes (UTF-8).
inline constexpr std::size_t kMaxShortText = 200;
inline constexpr std::size_t kMaxLongText = 4000;
inline constexpr std::size_t kMaxUnitsPerDispatch = 64;
inline constexpr std::size_t kMaxPositionReports = 1000;
// How far a reading's time may be ahead of the engine's clock (a sensor's clock runs a little
// fast; more is a wrong clock, whose readings would block every true one after them).
inline constexpr std::chrono::minutes kMaxReadingAhead{5};

// The event bodies `command` causes, in order, or why it is refused: kInvalidArgument (bad input,
// naming the field), kNotFound (unknown incident or unit), kFailedPrecondition (the state does
// not allow it, e.g. dispatching a unit that is on scene elsewhere).
// `grids` finds an incident's grid with a spatial index; without it every grid is scanned.
Result<std::vector<core::EventBody>> Decide(const core::State& state, const CommandBody& command,
                                            TimePoint now, const GridLocator* grids = nullptr);

}  // namespace elink::engine
