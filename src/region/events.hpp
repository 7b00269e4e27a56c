#pragma once
// The region domain's events. Each is a fact in the past tense with its code in the log (kType),
// its field list (the log's JSON, core/fields.hpp) and who may see it (core/visibility.hpp).

#include "core/fields.hpp"
#include "core/model.hpp"
#include "core/visibility.hpp"

#include <string_view>
#include <tuple>

namespace elink::region {

// The center was set up with its region's reference data (`elink init`).
struct RegionImported {
  static constexpr std::string_view kType = "region_imported";
  core::Region region;

  static constexpr auto Fields() { return std::tuple{core::F("region", &RegionImported::region)}; }
  [[nodiscard]] core::Visibility WhoSees() const { return core::Visibility::Admins(); }
  friend auto operator<=>(const RegionImported&, const RegionImported&) = default;
};

}  // namespace elink::region
