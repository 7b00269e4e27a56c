// SPDX-License-Identifier: Apache-2.0
// Fuzzes the event and snapshot decoders: the first byte picks what the rest is decoded as.
// Whatever the input, decoding returns a Status and never crashes; what decodes re-encodes to
// something that decodes to the same value.
#include "core/codec.hpp"
#include "core/events.hpp"
#include "fuzz.hpp"

#include <array>
#include <cstdlib>
#include <string_view>

namespace elink::fuzz {

int CodecOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  static constexpr std::array<std::string_view, 9> kTypes = {core::RegionImported::kType,
                                                             core::IncidentReported::kType,
                                                             core::IncidentStatusChanged::kType,
                                                             core::IncidentLevelChanged::kType,
                                                             core::IncidentsMerged::kType,
                                                             core::UnitDispatched::kType,
                                                             core::UnitStatusChanged::kType,
                                                             core::UnitPositionReported::kType,
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
  auto event = core::DecodeEvent(7, FromUnixMillis(1), type, text);
  if (event.ok()) {
    auto again = core::DecodeEvent(7, FromUnixMillis(1), type, core::EncodePayload(*event));
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
