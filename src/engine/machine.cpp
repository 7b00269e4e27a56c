#include "engine/machine.hpp"

#include "engine/decide.hpp"
#include "util/check.hpp"

#include <spdlog/spdlog.h>

#include <utility>
#include <variant>

namespace elink::engine {

Machine::Machine(core::State state) : state_(std::move(state)) { RebuildGridLocator(); }

// Grids come with the region and do not change after it, so the index is built once per region.
// A region whose polygons the index refuses falls back to scanning every grid.
void Machine::RebuildGridLocator() {
  grids_.reset();
  if (state_.grids().size() == 0) return;
  Result<GridLocator> built = GridLocator::Build(state_);
  if (built.ok()) {
    grids_ = std::move(built).value();
  } else {
    spdlog::warn("grid index not built, scanning grids instead: {}", built.status().ToString());
  }
}

Result<Reply> Machine::Step(const Command& command, TimePoint now, std::vector<Event>& events) {
  ELINK_ASSIGN_OR_RETURN(auto bodies,
                         Decide(state_, command.body, now, grids_ ? &*grids_ : nullptr));
  Reply reply;
  core::CommandResult created;
  std::uint64_t seq = state_.last_seq();
  for (auto& body : bodies) {
    Event e{++seq, now, command.actor, command.request_id, std::move(body)};
    const Status applied = Apply(state_, e);
    // Decide checked everything Apply checks; a mismatch is a bug, not bad input.
    ELINK_CHECK(applied.ok()) << "decided event does not apply: " << applied.ToString();
    std::visit(
        [&](const auto& b) {
          if constexpr (requires { b.ContributeTo(created); }) b.ContributeTo(created);
        },
        e.body);
    if (std::holds_alternative<region::RegionImported>(e.body)) RebuildGridLocator();
    if (reply.first_seq == 0) reply.first_seq = e.seq;
    reply.last_seq = e.seq;
    events.push_back(std::move(e));
  }
  reply.incident = created.incident;
  reply.alert = created.alert;
  reply.level = created.level;
  return reply;
}

}  // namespace elink::engine
