// SPDX-License-Identifier: Apache-2.0
// Fuzzes the event and snapshot decoders: the first byte picks what the rest is decoded as.
// Whatever the input, decoding returns a Status and never crashes; what decodes re-encodes to
// something that decodes to the same value.
#include "core/codec.hpp"
#include "engine/registry.hpp"
#include "fuzz.hpp"

#include <array>
#include <cstdlib>
#include <string_view>

namespace elink::fuzz {

int CodecOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  static constexpr std::array<std::string_view, 9> kTypes = {region::RegionImported::kType,
                                                             dispatch::IncidentReported::kType,
                                                             dispatch::IncidentStatusChanged::kType,
                                                             dispatch::IncidentLevelChanged::kType,
                                                             dispatch::IncidentsMerged::kType,
                                                             dispatch::UnitDispatched::kType,
                                                             units::UnitStatusChanged::kType,
                                                             units::UnitPositionReported::kType,
                                                             "state"};
  const std::string_view type = kTypes[data[0] % kTypes.size()];
  const std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);  // NOLINT
  if (type == "state") {
    auto state = core::DecodeState(text);
    if (state.ok()) {
      auto again = core::DecodeState(core::EncodeState(*state));
      if (!again.ok() || !(*again == *state)) std::abort();
    }
    return 0;
  }
  auto event = engine::DecodeEvent(7, FromUnixMillis(1), type, text);
  if (event.ok()) {
    auto again = engine::DecodeEvent(7, FromUnixMillis(1), type, engine::EncodePayload(*event));
    if (!again.ok() || !(*again == *event)) std::abort();
  }
  return 0;
}

}  // namespace elink::fuzz

#ifdef ELINK_FUZZ_MAIN
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return elink::fuzz::CodecOneInput(data, size);
}
#endif
