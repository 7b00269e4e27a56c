#pragma once
// The project's shipped data as tests find it: `DataPath("roads/andorra.osm.pbf")` is the file
// under the repository's data/ (data/PROVENANCE.md says where each came from). A test that needs
// one never skips when it is missing: ELINK_REQUIRE_DATA fails the test and names the file.
// ELINK_SOURCE_DIR is defined by elink_add_test for every test executable.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
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

// The demo region's folder and the real SF week of calls, which many tests read.
inline const std::string kDemoRegion = DataPath("regions/demo");
inline const std::string kSfCalls = DataPath("calls/sf-fire-calls-2016-12-31_to_2017-01-07.csv.gz");

// A file's bytes, "" when it cannot be read (the caller's assertions then fail on the content).
inline std::string ReadAll(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace elink::testing

// Fails the current test (fatally) when `path` does not exist, naming the file.
#define ELINK_REQUIRE_DATA(path) \
  ASSERT_TRUE(std::filesystem::exists(path)) << ::elink::testing::MissingData(std::string(path))
