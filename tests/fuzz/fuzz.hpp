#pragma once
// The harnesses, callable from the corpus replay test as well as from libFuzzer.

#include <cstddef>
#include <cstdint>

namespace elink::fuzz {

int CodecOneInput(const std::uint8_t* data, std::size_t size);
int RegionLoaderOneInput(const std::uint8_t* data, std::size_t size);

}  // namespace elink::fuzz
