#pragma once
// Field lists: how a struct is spelled as a JSON object, declared once beside the struct and read
// by both the encoder and the decoder (core/json_codec.hpp), so that the two cannot drift apart.
// An event declares its own (`static constexpr auto Fields()`); the model's types have theirs in
// json_codec.hpp; an incident's report has its own beside it (incident_report.hpp). A field's
// member may be a base's (IncidentReported's report fields). A field may be secret (a password
// hash): kept in the log, never shown.

#include <string_view>
#include <tuple>
#include <type_traits>

namespace elink::core {

// One field of a struct: its JSON name and where it lives.
// `omit_empty`: a list added after logs were written (Region::sensors). Empty, it is left out, so
// that the events of older logs read and re-encode as they were; present, it must not be empty
// (one spelling per value).
// `secret`: written to the log and snapshots, left out of everything shown to people (the API's
// event stream and log pages): json_codec.hpp's ToJson(value, Audience::kPeople).
template <typename C, typename M>
struct Field {
  std::string_view name;
  M C::*member;
  bool omit_empty = false;
  bool secret = false;
};

template <typename C, typename M>
constexpr Field<C, M> F(std::string_view name, M C::*member) {
  return {name, member, false, false};
}

template <typename C, typename M>
constexpr Field<C, M> FOmitEmpty(std::string_view name, M C::*member) {
  return {name, member, true, false};
}

template <typename C, typename M>
constexpr Field<C, M> FSecret(std::string_view name, M C::*member) {
  return {name, member, false, true};
}

// The from/to/reason of a status or level change; the subject's field differs per event.
template <typename C>
constexpr auto TransitionFields() {
  return std::tuple{F("from", &C::from), F("to", &C::to), F("reason", &C::reason)};
}

// A type that lists its own fields.
template <typename T>
concept HasOwnFields = requires {
  T::Fields();
};

}  // namespace elink::core
