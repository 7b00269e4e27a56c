// SPDX-License-Identifier: Apache-2.0
// Fuzzes the log's decoders. The input is a type, a newline and the text to decode:
//   <event type code>\n<payload>   an event's payload (engine::DecodeEvent)
//   state\n<json>                  a state snapshot (core::DecodeState)
//   base64\n<text>                 a photo's bytes as the log keeps them (core::DecodeBase64)
// Naming the type in the input keeps the corpus valid when event types are added; every
// registered event type has a seed (seeds_test.cpp checks, and writes them).
// Invariants: decoding returns a value or kCorruption, never throws or crashes; what decodes is of
// the type asked for, re-encodes to one spelling and decodes back to the same value; the people's
// view of an event (the stream's) can be written as JSON.
#include "core/codec.hpp"
#include "engine/registry.hpp"
#include "fuzz.hpp"

#include <nlohmann/json.hpp>

#include <string_view>

namespace elink::fuzz {

int CodecOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input = AsText(data, size);
  const std::size_t newline = input.find('\n');
  if (newline == std::string_view::npos) return 0;
  const std::string_view type = input.substr(0, newline);
  const std::string_view text = input.substr(newline + 1);
  if (type == "state") {
    auto state = core::DecodeState(text);
    if (!state.ok()) {
      ELINK_FUZZ_CHECK(state.status().code() == StatusCode::kCorruption);
      return 0;
    }
    const std::string encoded = core::EncodeState(*state);
    auto again = core::DecodeState(encoded);
    ELINK_FUZZ_CHECK(again.ok());
    ELINK_FUZZ_CHECK(*again == *state);
    ELINK_FUZZ_CHECK(core::EncodeState(*again) == encoded);
    return 0;
  }
  if (type == "base64") {
    const auto bytes = core::DecodeBase64(text);
    if (bytes)
      ELINK_FUZZ_CHECK(core::EncodeBase64(*bytes) == text);  // one spelling per byte string
    return 0;
  }
  auto event = engine::DecodeEvent(7, FromUnixMillis(1), type, text);
  if (!event.ok()) {
    ELINK_FUZZ_CHECK(event.status().code() == StatusCode::kCorruption);
    return 0;
  }
  ELINK_FUZZ_CHECK(engine::TypeOf(event->body) == type);
  const std::string encoded = engine::EncodePayload(*event);
  auto again = engine::DecodeEvent(7, FromUnixMillis(1), type, encoded);
  ELINK_FUZZ_CHECK(again.ok());
  ELINK_FUZZ_CHECK(*again == *event);
  ELINK_FUZZ_CHECK(engine::EncodePayload(*again) == encoded);
  (void)engine::WhoSees(event->body);
  try {
    (void)engine::DataForPeople(event->body).dump();
  } catch (const nlohmann::json::exception&) {
    ELINK_FUZZ_CHECK(!"the people's view of a decoded event cannot be written as JSON");
  }
  return 0;
}

}  // namespace elink::fuzz

#ifdef ELINK_FUZZ_MAIN
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return elink::fuzz::CodecOneInput(data, size);
}
#endif
