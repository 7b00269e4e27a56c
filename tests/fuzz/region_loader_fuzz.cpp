// SPDX-License-Identifier: Apache-2.0
// Fuzzes the region loader: the first byte picks which file of a copy of the demo region the rest
// replaces. LoadRegion must return a region or a Status, never crash, and a region it returns must
// pass ValidateRegion.
#include "core/region_loader.hpp"
#include "fuzz.hpp"

#include <array>
#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace elink::fuzz {

int RegionLoaderOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  static constexpr std::array<const char*, 5> kFiles = {
      "region.toml", "stations.toml", "units.toml", "plans/fire.toml", "grids.geojson"};
  const std::filesystem::path demo = std::filesystem::path(ELINK_SOURCE_DIR) / "data/regions/demo";
  static const ScratchDir scratch("region");  // removed at exit
  const std::filesystem::path dir = scratch.path() / "region";
  std::filesystem::remove_all(dir);
  std::filesystem::copy(demo, dir, std::filesystem::copy_options::recursive);
  {
    std::ofstream out(dir / kFiles[data[0] % kFiles.size()], std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data + 1),
              static_cast<std::streamsize>(size - 1));  // NOLINT
  }
  auto region = core::LoadRegion(dir);
  if (region.ok()) ELINK_FUZZ_CHECK(core::ValidateRegion(*region).ok());
  return 0;
}

}  // namespace elink::fuzz

#ifdef ELINK_FUZZ_MAIN
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return elink::fuzz::RegionLoaderOneInput(data, size);
}
#endif
