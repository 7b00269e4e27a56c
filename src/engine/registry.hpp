#pragma once
// The registry: the one place that knows every domain of a center, one line each (Domains). From
// the domains' lists it makes the command and event types the engine handles (CommandBody,
// EventBody), and it routes each to its domain: a command to its Decide, an event to its Apply,
// and both ways through the log's JSON by the event's field list. It checks at compile time that
// every event says who may see it, has a code and a field list, and that no two share a code.
// Adding a domain: CONTRIBUTING.md, "A domain is a folder".

#include "auth/domain.hpp"
#include "core/domain.hpp"
#include "core/state.hpp"
#include "core/visibility.hpp"
#include "dispatch/domain.hpp"
#include "engine/journal.hpp"
#include "region/domain.hpp"
#include "tasks/domain.hpp"
#include "units/domain.hpp"
#include "util/clock.hpp"
#include "util/status.hpp"
#include "warning/domain.hpp"

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace elink::engine {

// Every domain of a center. Order is the order of their events in EventBody; append new ones.
using Domains = core::TypeList<region::Domain, dispatch::Domain, units::Domain, tasks::Domain,
                               auth::Domain, warning::Domain, journal::Domain>;

// The domains' commands and events by name, for code that speaks to all of them (tests, tools):
// `using namespace elink::engine::domains;`. A new domain is added here too.
namespace domains {
using namespace elink::auth;             // NOLINT(google-build-using-namespace)
using namespace elink::dispatch;         // NOLINT(google-build-using-namespace)
using namespace elink::engine::journal;  // NOLINT(google-build-using-namespace)
using namespace elink::region;           // NOLINT(google-build-using-namespace)
using namespace elink::tasks;            // NOLINT(google-build-using-namespace)
using namespace elink::units;            // NOLINT(google-build-using-namespace)
using namespace elink::warning;          // NOLINT(google-build-using-namespace)
}  // namespace domains

namespace internal {

template <typename... Lists>
struct Concat;
template <typename... A>
struct Concat<core::TypeList<A...>> {
  using type = core::TypeList<A...>;
};
template <typename... A, typename... B, typename... Rest>
struct Concat<core::TypeList<A...>, core::TypeList<B...>, Rest...>
    : Concat<core::TypeList<A..., B...>, Rest...> {};

template <typename List>
struct AsVariant;
template <typename... T>
struct AsVariant<core::TypeList<T...>> {
  using type = std::variant<T...>;
};

template <typename DomainList>
struct AllOf;
template <typename... D>
struct AllOf<core::TypeList<D...>> {
  using events = typename Concat<typename D::Events...>::type;
  using commands = typename Concat<typename D::Commands...>::type;
};

}  // namespace internal

// Every command, and every event, of every domain.
using CommandBody = internal::AsVariant<internal::AllOf<Domains>::commands>::type;
using EventBody = internal::AsVariant<internal::AllOf<Domains>::events>::type;

// The envelope of an event: its position in the log, its time, who caused it and the client's
// request id, with its body.
struct Event {
  std::uint64_t seq = 0;  // 1-based position in the log
  TimePoint at{};         // from the engine's clock when the event was made
  std::string actor;      // user or system component that caused it
  std::string
      request_id;  // the client's id for the command, for tracing and idempotency; may be empty
  EventBody body;
  friend auto operator<=>(const Event&, const Event&) = default;
};

// The body's code in the log, e.g. "incident_reported".
std::string_view TypeOf(const EventBody& body);

// Who may see the event (its own WhoSees).
core::Visibility WhoSees(const EventBody& body);

// Applies one event to `state` through its domain's Apply. The event must follow the last applied
// one (seq == last_seq() + 1) and be consistent with the state (the engine decided it before
// logging). kCorruption, leaving the state unchanged, when it is not: a log that does not replay
// is a damaged log.
Status Apply(core::State& state, const Event& event);

// The event's payload in the log: {"actor":..,"request_id":..,"data":{...}}, compact and
// deterministic (same event → same bytes).
std::string EncodePayload(const Event& event);
// Strict: a wrong type, a missing or unknown field, an unknown code or event type gives
// kCorruption "event <seq> (<type>): <field>: <what>"; it never throws.
Result<Event> DecodeEvent(std::uint64_t seq, TimePoint at, std::string_view type,
                          std::string_view payload);

// The event's data as people may see it (the API's stream and log pages): its fields without the
// secret ones, built from the event itself.
nlohmann::json DataForPeople(const EventBody& body);

}  // namespace elink::engine
