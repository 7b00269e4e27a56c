// SPDX-License-Identifier: Apache-2.0
// Replays every checked-in corpus entry through its harness (tests/fuzz/corpus/<harness>/), whole
// and cut short. A crash found by a fuzzer becomes a corpus entry here.
#include "fuzz.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

namespace elink::fuzz {
namespace {

std::vector<std::string> Corpus(const std::string& name) {
  std::vector<std::string> inputs;
  const auto dir = std::filesystem::path(ELINK_SOURCE_DIR) / "tests/fuzz/corpus" / name;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    std::ifstream in(entry.path(), std::ios::binary);
    inputs.emplace_back(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  return inputs;
}

// Each entry is also replayed cut short at evenly spaced lengths, `budget` runs in all spread over
// the corpus (at least the whole entry and one cut each), so that the replay stays a few seconds
// as the corpus grows.
template <typename Harness>
void Replay(const std::string& name, Harness harness, std::size_t budget) {
  const auto corpus = Corpus(name);
  ASSERT_FALSE(corpus.empty()) << "no corpus for " << name;
  const std::size_t cuts = std::max<std::size_t>(1, budget / corpus.size());
  for (const auto& input : corpus) {
    const auto* bytes = reinterpret_cast<const std::uint8_t*>(input.data());  // NOLINT
    EXPECT_EQ(harness(bytes, input.size()), 0);
    const std::size_t step = std::max<std::size_t>(1, input.size() / cuts);
    for (std::size_t cut = 1; cut < input.size(); cut += step) {
      EXPECT_EQ(harness(bytes, cut), 0);
    }
  }
}

// The corpus of a harness is tests/fuzz/corpus/<harness binary name>/.
TEST(FuzzReplayTest, Codec) { Replay("codec_fuzz", CodecOneInput, 20000); }

// Each region input copies the demo region first, so fewer runs.
TEST(FuzzReplayTest, RegionLoader) { Replay("region_loader_fuzz", RegionLoaderOneInput, 200); }

TEST(FuzzReplayTest, JsonInput) { Replay("json_input_fuzz", JsonInputOneInput, 10000); }

TEST(FuzzReplayTest, Scenario) { Replay("scenario_fuzz", ScenarioOneInput, 3000); }

TEST(FuzzReplayTest, GraphFile) { Replay("graph_file_fuzz", GraphFileOneInput, 3000); }

TEST(FuzzReplayTest, Cap) { Replay("cap_fuzz", CapOneInput, 10000); }

// The OSM reader starts its worker threads for every file, so fewer runs.
TEST(FuzzReplayTest, OsmXml) { Replay("osm_xml_fuzz", OsmXmlOneInput, 500); }

TEST(FuzzReplayTest, HttpQuery) { Replay("http_query_fuzz", HttpQueryOneInput, 10000); }

TEST(FuzzReplayTest, OrLib) { Replay("orlib_fuzz", OrLibOneInput, 3000); }

}  // namespace
}  // namespace elink::fuzz
