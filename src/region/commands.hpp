#pragma once
// The region domain's commands: setting up a center with its region (`elink init`).

#include "core/model.hpp"

namespace elink::region {

// Sets up a new center with its region. Refused once a region is loaded.
struct ImportRegion {
  core::Region region;
};

}  // namespace elink::region
