#pragma once
// The project's shipped data as tests find it: `DataPath("roads/andorra.osm.pbf")` is the file
// under the repository's data/ (data/PROVENANCE.md says where each came from). A test that needs
// one never skips when it is missing: ELINK_REQUIRE_DATA fails the test and names the file.
// ELINK_SOURCE_DIR is defined by elink_add_test for every test executable.

#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <string_view>

namespace elink::testing {

inline std::string DataPath(std::string_view relative) {
  return std::string(ELINK_SOURCE_DIR) + "/data/" + std::string(relative);
}

// The message of a failed ELINK_REQUIRE_DATA.
inline std::string MissingData(const std::string& path) {
  return path + " is missing: it ships with the repository (data/PROVENANCE.md); a checkout " +
         "without it is incomplete";
}

}  // namespace elink::testing

// Fails the current test (fatally) when `path` does not exist, naming the file.
#define ELINK_REQUIRE_DATA(path) \
  ASSERT_TRUE(std::filesystem::exists(path)) << ::elink::testing::MissingData(std::string(path))
