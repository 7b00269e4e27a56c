#pragma once
// The real roads of northern San Francisco (data/roads), imported once per test executable, for
// API tests that recommend or time units by road.

#include "geo/osm_import.hpp"
#include "geo/router.hpp"
#include "support/data_files.hpp"

#include <gtest/gtest.h>

#include <memory>

namespace elink::api::test {

inline std::shared_ptr<const geo::Router> SfRouter() {
  static const std::shared_ptr<const geo::Router> router = [] {
    Result<geo::ImportedRoads> roads =
        geo::ImportOsm(elink::testing::DataPath("roads/sf-north.osm.gz"));
    EXPECT_TRUE(roads.ok()) << roads.status().ToString();
    return geo::Router::Create(std::move(roads->graph), std::nullopt).value();
  }();
  return router;
}

}  // namespace elink::api::test
