// SPDX-License-Identifier: Apache-2.0
#include "engine/decide.hpp"

#include "engine/messages.hpp"

#include <utility>
#include <variant>

namespace elink::engine {

namespace {

// The domain's Decide for one command, found by argument-dependent lookup in its namespace, with
// the events it declares widened to every event.
template <typename Cmd>
Result<std::vector<EventBody>> DecideIn(const core::DecideContext& ctx, const Cmd& command) {
  auto decided = Decide(ctx, command);
  if (!decided.ok()) return decided.status();
  std::vector<EventBody> events;
  events.reserve(decided->size());
  for (auto& e : *decided) {
    std::visit([&](auto&& body) { events.emplace_back(std::move(body)); }, std::move(e));
  }
  return events;
}

}  // namespace

Result<std::vector<EventBody>> Decide(const core::State& state, const CommandBody& command,
                                      TimePoint now, const core::GridFinder* grids) {
  if (!state.has_region() && !std::holds_alternative<region::ImportRegion>(command)) {
    return Status::FailedPrecondition(msg::kNoRegion);
  }
  const core::DecideContext ctx{state, now, grids};
  return std::visit([&](const auto& c) { return DecideIn(ctx, c); }, command);
}

}  // namespace elink::engine
