#pragma once
// JSON codecs for snapshots (a whole State) and the region; the events' are the engine's
// (engine/registry.hpp), over the same field lists (core/json_codec.hpp). Decoding is strict: a
// wrong type, a missing field or an unknown enum code gives kCorruption naming the field; it
// never throws.

#include "core/state.hpp"
#include "util/clock.hpp"
#include "util/status.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace elink::core {

std::string EncodeState(const State& state);
Result<State> DecodeState(std::string_view json);

// The region as JSON, for `elink info` and tests.
std::string EncodeRegion(const Region& region);

// Base64 (RFC 4648 section 4: the standard alphabet, with padding): how bytes (Blob) are written
// in the log, and how the API takes them. Decoding is strict: no whitespace or other characters,
// padding exactly as it must be, and the unused bits of the last character zero, so that one byte
// string has exactly one spelling. nullopt when `text` is not such base64.
std::string EncodeBase64(std::string_view bytes);
std::optional<std::string> DecodeBase64(std::string_view text);

}  // namespace elink::core
