#pragma once
// Decide: turns a command into the events it causes, checking it against the current state, by
// its domain's Decide (engine/registry.hpp routes it). A pure function of (state, command, now):
// no I/O, no clock reads, so the engine stays deterministic and every rule can be tested without a
// log.

#include "core/domain.hpp"
#include "core/state.hpp"
#include "engine/commands.hpp"
#include "engine/registry.hpp"
#include "util/clock.hpp"
#include "util/status.hpp"

#include <vector>

namespace elink::engine {

// The event bodies `command` causes, in order, or why it is refused: kInvalidArgument (bad input,
// naming the field), kNotFound (unknown incident or unit), kFailedPrecondition (the state does
// not allow it, e.g. dispatching a unit that is on scene elsewhere, or any command but the
// region's import before a region is loaded).
// `grids` finds an incident's grid with a spatial index; without it every grid is scanned.
Result<std::vector<EventBody>> Decide(const core::State& state, const CommandBody& command,
                                      TimePoint now, const core::GridFinder* grids = nullptr);

}  // namespace elink::engine
