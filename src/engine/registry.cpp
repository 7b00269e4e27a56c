// SPDX-License-Identifier: Apache-2.0
#include "engine/registry.hpp"

#include "core/json_codec.hpp"

#include <array>
#include <cstddef>
#include <string>
#include <type_traits>
#include <utility>

namespace elink::engine {

namespace {

using core::json::Json;

// What every event type must have: a code, a field list, and who may see it.
template <typename E>
concept RegisteredEvent = requires {
  { E::kType } -> std::convertible_to<std::string_view>;
}
&&core::HasOwnFields<E>&& core::SaysWhoSees<E>;

template <typename... E>
constexpr bool AllRegistered(std::variant<E...>* /*tag*/) {
  return (RegisteredEvent<E> && ...);
}
static_assert(AllRegistered(static_cast<EventBody*>(nullptr)),
              "every event needs kType, Fields() and WhoSees() (core/fields.hpp, "
              "core/visibility.hpp)");

template <typename... E>
constexpr bool CodesAreUnique(std::variant<E...>* /*tag*/) {
  constexpr std::array<std::string_view, sizeof...(E)> codes{E::kType...};
  for (std::size_t i = 0; i < codes.size(); ++i) {
    for (std::size_t j = i + 1; j < codes.size(); ++j) {
      if (codes[i] == codes[j]) return false;
    }
  }
  return true;
}
static_assert(CodesAreUnique(static_cast<EventBody*>(nullptr)), "two events share a kType");

// The domain's Apply for one body, found by argument-dependent lookup in the body's namespace.
template <typename Body>
Status ApplyBody(core::StateWriter& w, const core::EventMeta& meta, const Body& b) {
  return Apply(w, meta, b);
}

template <std::size_t... I>
bool IsKnownType(std::string_view type, std::index_sequence<I...> /*alternatives*/) {
  return ((type == std::variant_alternative_t<I, EventBody>::kType) || ...);
}

// Decodes `data` as the body type whose kType is `type`.
template <std::size_t I = 0>
Status DecodeBody(std::string_view type, const Json& data, EventBody& body) {
  if constexpr (I == std::variant_size_v<EventBody>) {
    return core::json::Bad("unknown event type '" + core::json::Printable(type) + "'");
  } else {
    using Body = std::variant_alternative_t<I, EventBody>;
    if (type != Body::kType) return DecodeBody<I + 1>(type, data, body);
    return core::json::FromJson(data, body.emplace<I>());
  }
}

}  // namespace

std::string_view TypeOf(const EventBody& body) {
  return std::visit([](const auto& b) { return std::decay_t<decltype(b)>::kType; }, body);
}

core::Visibility WhoSees(const EventBody& body) {
  return std::visit([](const auto& b) { return b.WhoSees(); }, body);
}

Status Apply(core::State& state, const Event& event) {
  const core::EventMeta meta{event.seq, event.at, event.actor, TypeOf(event.body)};
  if (event.seq != state.last_seq() + 1) {
    return core::NotApplicable(meta, "expected event " + std::to_string(state.last_seq() + 1));
  }
  if (event.seq > 1 && !state.has_region() &&
      !std::holds_alternative<region::RegionImported>(event.body)) {
    return core::NotApplicable(meta, "the center has no region yet");
  }
  core::StateWriter writer(state);
  ELINK_RETURN_IF_ERROR(
      std::visit([&](const auto& b) { return ApplyBody(writer, meta, b); }, event.body));
  writer.Applied(event.seq, event.at);
  return {};
}

std::string EncodePayload(const Event& event) {
  Json j = Json::object();
  j["actor"] = event.actor;
  j["request_id"] = event.request_id;
  j["data"] = std::visit([](const auto& body) { return core::json::ToJson(body); }, event.body);
  return core::json::Dump(j);
}

Result<Event> DecodeEvent(std::uint64_t seq, TimePoint at, std::string_view type,
                          std::string_view payload) {
  Event event;
  event.seq = seq;
  event.at = at;
  const std::string context =
      "event " + std::to_string(seq) + " (" + core::json::Printable(type) + ")";
  // Checked before parsing so that the message does not blame a field of a payload nobody read.
  if (!IsKnownType(type, std::make_index_sequence<std::variant_size_v<EventBody>>())) {
    return Status::Corruption(context + ": unknown event type");
  }
  Status status = core::json::ParseAndDecode(context, payload, [&](const Json& j) -> Status {
    if (!j.is_object()) return core::json::WrongType("object", j);
    core::json::ObjectReader reader(j);
    ELINK_RETURN_IF_ERROR(reader.Read("actor", event.actor));
    ELINK_RETURN_IF_ERROR(reader.Read("request_id", event.request_id));
    const Json* data = reader.Find("data");
    if (data == nullptr) return core::json::Bad("missing").WithFieldPrefix("data");
    ELINK_RETURN_IF_ERROR(DecodeBody(type, *data, event.body).WithFieldPrefix("data"));
    return reader.Finish();
  });
  if (!status.ok()) return status;
  return event;
}

nlohmann::json DataForPeople(const EventBody& body) {
  return std::visit(
      [](const auto& b) { return core::json::ToJson(b, core::json::Audience::kPeople); }, body);
}

}  // namespace elink::engine
