// SPDX-License-Identifier: Apache-2.0
// The seeds of the corpus that are made from code rather than by hand, and the check that keeps
// the event codec's corpus complete.
//
// Every event type the engine registers (engine/registry.hpp) must have a seed in
// tests/fuzz/corpus/codec_fuzz/ (a file whose first line is its type code): a new event type
// fails EveryRegisteredEventTypeHasASeed until its seed is written. To (re)write the generated
// seeds (registry_<type>.seed, one per event type, the small region's state and region_imported,
// and the graph files of graph_file_fuzz):
//
//   ELINK_WRITE_SEEDS=1 build/ci/tests/fuzz/fuzz_tests --gtest_filter='FuzzSeeds*'
//
// then add the new files to git. In ordinary runs the same tests check that the corpus holds
// exactly what the generator makes (a changed encoder fails here, naming the stale file, instead
// of leaving the fuzzers on old seeds). The output is deterministic: rewriting changes nothing
// unless the encoders did.
#include "core/codec.hpp"
#include "engine/registry.hpp"
#include "fuzz.hpp"
#include "geo/ch.hpp"
#include "geo/graph_file.hpp"
#include "support/test_region.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace elink::fuzz {
namespace {

const std::filesystem::path kCorpus = std::filesystem::path(ELINK_SOURCE_DIR) / "tests/fuzz/corpus";

template <std::size_t... I>
std::vector<engine::EventBody> OneOfEach(std::index_sequence<I...> /*alternatives*/) {
  return {engine::EventBody(std::in_place_index<I>)...};
}

// One default-made body of each registered event type, in the registry's order.
std::vector<engine::EventBody> EveryEventType() {
  return OneOfEach(std::make_index_sequence<std::variant_size_v<engine::EventBody>>());
}

// The types of the codec corpus's files that decode: an event type code, or "state".
std::set<std::string> SeededTypes() {
  std::set<std::string> types;
  for (const auto& entry : std::filesystem::directory_iterator(kCorpus / "codec_fuzz")) {
    const std::string text = ReadBytes(entry.path());
    const std::size_t newline = text.find('\n');
    if (newline == std::string::npos) continue;
    const std::string type = text.substr(0, newline);
    const std::string_view rest = std::string_view(text).substr(newline + 1);
    const bool decodes = type == "state"
                             ? core::DecodeState(rest).ok()
                             : engine::DecodeEvent(1, FromUnixMillis(1), type, rest).ok();
    if (decodes) types.insert(type);
  }
  return types;
}

bool Writing() { return std::getenv("ELINK_WRITE_SEEDS") != nullptr; }

// A generated seed: written when ELINK_WRITE_SEEDS is set; otherwise the corpus must hold it
// byte for byte, so that a change of an encoding cannot leave the fuzzers on stale seeds.
void Keep(const std::filesystem::path& path, std::string_view bytes) {
  if (Writing()) return WriteBytes(path, bytes);
  ASSERT_TRUE(std::filesystem::exists(path))
      << path << " is missing: run ELINK_WRITE_SEEDS=1 build/ci/tests/fuzz/fuzz_tests "
      << "--gtest_filter='FuzzSeeds*' and add it";
  EXPECT_EQ(ReadBytes(path), bytes)
      << path << " is not what the generator makes now: run ELINK_WRITE_SEEDS=1 "
      << "build/ci/tests/fuzz/fuzz_tests --gtest_filter='FuzzSeeds*' and commit it";
}

std::string Payload(const engine::EventBody& body) {
  engine::Event e;
  e.seq = 7;
  e.at = FromUnixMillis(1);
  e.actor = "seed";
  e.request_id = "req-1";
  e.body = body;
  return std::string(engine::TypeOf(body)) + "\n" + engine::EncodePayload(e);
}

TEST(FuzzCorpusTest, EveryRegisteredEventTypeHasASeed) {
  const std::set<std::string> seeded = SeededTypes();
  for (const engine::EventBody& body : EveryEventType()) {
    const std::string type(engine::TypeOf(body));
    EXPECT_TRUE(seeded.count(type) == 1)
        << "no seed that decodes for event type " << type
        << " in tests/fuzz/corpus/codec_fuzz/: run "
        << "ELINK_WRITE_SEEDS=1 build/ci/tests/fuzz/fuzz_tests --gtest_filter='FuzzSeeds*' "
        << "(tests/fuzz/seeds_test.cpp) and add the new file";
  }
  EXPECT_EQ(seeded.count("state"), 1U) << "no state snapshot seed that decodes";
}

TEST(FuzzSeeds, EventsFromTheRegistry) {
  for (const engine::EventBody& body : EveryEventType()) {
    const std::string type(engine::TypeOf(body));
    const auto path = kCorpus / "codec_fuzz" / ("registry_" + type + ".seed");
    const std::string seed = Payload(body);
    Keep(path, seed);
    EXPECT_EQ(CodecOneInput(reinterpret_cast<const std::uint8_t*>(seed.data()),  // NOLINT
                            seed.size()),
              0);
  }
}

TEST(FuzzSeeds, SmallRegionStateAndImport) {
  engine::Event imported;
  imported.seq = 1;
  imported.at = FromUnixMillis(1'790'000'000'000);
  imported.actor = "elink-init";
  imported.body = region::RegionImported{testing::SmallRegion()};
  core::State state;
  ASSERT_TRUE(engine::Apply(state, imported).ok());
  const std::vector<std::pair<std::string, std::string>> seeds = {
      {"region_imported_small.seed", "region_imported\n" + engine::EncodePayload(imported)},
      {"state_small_region.seed", "state\n" + core::EncodeState(state)},
  };
  for (const auto& [name, text] : seeds) {
    Keep(kCorpus / "codec_fuzz" / name, text);
  }
}

// Graph files as graph_file_fuzz takes them: mode byte 0 (the harness seals the file), then the
// file without its 32-byte checksum.
TEST(FuzzSeeds, GraphFiles) {
  ScratchDir dir("seeds");
  geo::RoadGraphBuilder b(5);
  const std::vector<geo::EdgeInput> edges = {
      {0, 1, 100, 300, geo::RoadClass::kPrimary, 0},
      {1, 0, 100, 300, geo::RoadClass::kPrimary, 0},
      {1, 2, 50, 150, geo::RoadClass::kResidential, 1},
      {2, 3, 70, 200, geo::RoadClass::kService, 1},
      {3, 4, 20, 60, geo::RoadClass::kResidential, geo::kNoName},
      {4, 0, 300, 900, geo::RoadClass::kOther, 0},
      {2, 0, 400, 1000, geo::RoadClass::kUnknown, geo::kNoName},
  };
  for (const auto& e : edges) b.AddEdge(e);
  for (geo::NodeIndex u = 0; u < 5; ++u) {
    b.SetCoordinate(u, {37'790'000 + static_cast<std::int32_t>(u) * 1000, -122'400'000});
  }
  b.SetNames({"Market St", "湖滨路"});
  auto graph = std::move(b).Build();
  ASSERT_TRUE(graph.ok()) << graph.status().message();
  geo::RoadGraphBuilder plain(3);
  plain.AddEdge({0, 1, 10, 30});
  plain.AddEdge({1, 2, 10, 30});
  plain.AddEdge({2, 0, 10, 30});
  auto small = std::move(plain).Build();
  ASSERT_TRUE(small.ok());
  const geo::ContractionHierarchy ch = geo::ContractionHierarchy::Build(*graph);
  const geo::GraphFileInfo info{"seed.osm sha256:00", "emergency", "elink seeds", 1'790'000'000};
  struct Case {
    const char* name;
    const geo::RoadGraph* graph;
    const geo::ContractionHierarchy* ch;
  };
  for (const Case& c :
       {Case{"graph_ch.seed", &*graph, &ch}, Case{"graph_rich.seed", &*graph, nullptr},
        Case{"graph_plain.seed", &*small, nullptr}}) {
    const auto file = dir.path() / "g.graph";
    ASSERT_TRUE(geo::WriteGraphFile(file.string(), *c.graph, c.ch, info).ok());
    std::string bytes = ReadBytes(file);
    ASSERT_GT(bytes.size(), 32U);
    bytes.resize(bytes.size() - 32);
    const std::string seed = std::string(1, '\0') + bytes;
    Keep(kCorpus / "graph_file_fuzz" / c.name, seed);
    EXPECT_EQ(GraphFileOneInput(reinterpret_cast<const std::uint8_t*>(seed.data()),  // NOLINT
                                seed.size()),
              0);
  }
}

}  // namespace
}  // namespace elink::fuzz
