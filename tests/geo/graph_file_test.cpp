// SPDX-License-Identifier: Apache-2.0
#include "geo/graph_file.hpp"

#include "geo/ch.hpp"
#include "util/sha256.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <map>
#include <random>
#include <string>
#include <utility>
#include <vector>

namespace elink::geo {
namespace {

namespace fs = std::filesystem;

// Graphs with every optional array filled (coordinates, classes, names) or none.
RoadGraph RandomGraph(std::uint32_t seed, NodeIndex n, bool rich) {
  std::mt19937 rng(seed);
  std::uniform_int_distribution<NodeIndex> node(0, n - 1);
  std::uniform_int_distribution<Weight> weight(0, 5000);
  std::uniform_int_distribution<int> pct(0, 99);
  RoadGraphBuilder b(n);
  std::vector<std::string> names = {"Avinguda Meritxell", "Carrer Major", "", "环城路"};
  for (NodeIndex u = 0; u + 1 < n; ++u) {
    const Weight w = weight(rng);
    const auto road_class = static_cast<RoadClass>(pct(rng) % kRoadClassCount);
    const NameId name = pct(rng) < 30 ? kNoName : static_cast<NameId>(pct(rng) % 4);
    b.AddEdge({u, u + 1, w, w * 3, rich ? road_class : RoadClass::kUnknown, rich ? name : kNoName});
    if (pct(rng) < 70) b.AddEdge({u + 1, u, w, w * 3});
    if (pct(rng) < 40) b.AddEdge({u, node(rng), weight(rng), 17});
  }
  if (rich) {
    b.SetNames(names);
    std::uniform_int_distribution<std::int32_t> jitter(-5000, 5000);
    for (NodeIndex u = 0; u < n; ++u) {
      b.SetCoordinate(u, {42'500'000 + jitter(rng), 1'520'000 + jitter(rng)});
    }
  }
  return std::move(b).Build().value();
}

void ExpectSameGraph(const RoadGraph& a, const RoadGraph& b) {
  ASSERT_EQ(a.node_count(), b.node_count());
  ASSERT_EQ(a.edge_count(), b.edge_count());
  ASSERT_EQ(a.has_coordinates(), b.has_coordinates());
  EXPECT_EQ(a.names(), b.names());
  for (NodeIndex u = 0; u < a.node_count(); ++u) {
    ASSERT_EQ(a.EdgeBegin(u), b.EdgeBegin(u));
    ASSERT_EQ(a.EdgeEnd(u), b.EdgeEnd(u));
    if (a.has_coordinates()) {
      ASSERT_EQ(a.Coordinate(u), b.Coordinate(u));
    }
  }
  for (std::size_t e = 0; e < a.edge_count(); ++e) {
    ASSERT_EQ(a.Target(e), b.Target(e));
    ASSERT_EQ(a.Time(e), b.Time(e));
    ASSERT_EQ(a.LengthM(e), b.LengthM(e));
    ASSERT_EQ(a.Class(e), b.Class(e));
    ASSERT_EQ(a.Name(e), b.Name(e));
  }
}

void ExpectSameAnswers(const ContractionHierarchy& a, const ContractionHierarchy& b,
                       std::uint32_t seed) {
  ASSERT_EQ(a.node_count(), b.node_count());
  ASSERT_EQ(a.shortcut_count(), b.shortcut_count());
  if (a.node_count() == 0) return;
  ChQuery qa(a);
  ChQuery qb(b);
  std::mt19937 rng(seed);
  std::uniform_int_distribution<NodeIndex> node(0, a.node_count() - 1);
  for (int i = 0; i < 2000; ++i) {
    const NodeIndex s = node(rng);
    const NodeIndex t = node(rng);
    const Result<Route> ra = qa.FindRoute(s, t);
    const Result<Route> rb = qb.FindRoute(s, t);
    ASSERT_EQ(ra.status().code(), rb.status().code()) << s << "->" << t;
    if (!ra.ok()) continue;
    ASSERT_EQ(ra->time, rb->time) << s << "->" << t;
    ASSERT_EQ(ra->nodes, rb->nodes) << s << "->" << t;
    ASSERT_EQ(qa.Time(s, t).value(), rb->time);
  }
}

std::string ReadBytes(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Removes the old file first: ext4 flushes a file rewritten through truncation on close, which
// made the loops below take seconds.
void WriteBytes(const fs::path& p, const std::string& bytes) {
  fs::remove(p);
  std::ofstream(p, std::ios::binary) << bytes;
}

template <typename T>
T Load(const std::string& bytes, std::size_t pos) {
  T v;
  std::memcpy(&v, bytes.data() + pos, sizeof(T));
  return v;
}

template <typename T>
void Store(std::string& bytes, std::size_t pos, T v) {
  std::memcpy(bytes.data() + pos, &v, sizeof(T));
}

// Recomputes the trailing SHA-256, as a forger would (docs/formats/graph-file.md).
void Reseal(std::string& bytes) {
  const Sha256Digest d = Sha256(std::string_view(bytes).substr(0, bytes.size() - 32));
  std::memcpy(bytes.data() + bytes.size() - 32, d.data(), 32);
}

// Where each section's payload starts and how long it is, from the documented layout.
struct Layout {
  std::size_t node_count_pos = 0;
  std::size_t edge_count_pos = 0;
  std::map<std::string, std::pair<std::size_t, std::size_t>> sections;
};

Layout Parse(const std::string& bytes) {
  Layout l;
  std::size_t pos = 24;
  for (int i = 0; i < 3; ++i) pos += 4 + Load<std::uint32_t>(bytes, pos);  // info strings
  pos += 8;                                                                // created_unix
  l.node_count_pos = pos;
  l.edge_count_pos = pos + 4;
  pos = 24 + Load<std::uint32_t>(bytes, 12);
  while (pos < bytes.size() - 32) {
    const std::string tag = bytes.substr(pos, 4);
    const auto len = static_cast<std::size_t>(Load<std::uint64_t>(bytes, pos + 4));
    l.sections[tag] = {pos + 12, len};
    pos += 12 + len;
  }
  EXPECT_EQ(pos, bytes.size() - 32);
  return l;
}

class GraphFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("elink_graph_file_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  [[nodiscard]] std::string Path(const std::string& name) const { return (dir_ / name).string(); }

  // A few hundred bytes with every section, hierarchy included.
  std::string SmallFile() {
    const RoadGraph g = RandomGraph(3, 7, true);
    const ContractionHierarchy ch = ContractionHierarchy::Build(g);
    const std::string p = Path("small.graph");
    EXPECT_TRUE(WriteGraphFile(p, g, &ch, info_).ok());
    return ReadBytes(p);
  }

  // Writes `bytes` and expects ReadGraphFile to fail with kCorruption naming `section`.
  void ExpectCorrupt(const std::string& bytes, const std::string& section) {
    const std::string p = Path("crafted.graph");
    WriteBytes(p, bytes);
    const Result<LoadedGraph> r = ReadGraphFile(p);
    ASSERT_FALSE(r.ok()) << "accepted a file with a bad " << section;
    EXPECT_EQ(r.status().code(), StatusCode::kCorruption) << r.status().ToString();
    EXPECT_NE(r.status().message().find(section), std::string::npos) << r.status().ToString();
  }

  fs::path dir_;
  GraphFileInfo info_{.source = "andorra.osm.pbf sha256:00ff",
                      .profile = "emergency",
                      .created_by = "elink 0.1.0",
                      .created_unix = 1'780'000'000};
};

TEST_F(GraphFileTest, RoundTripsWithAndWithoutExtrasAndHierarchy) {
  for (const bool rich : {true, false}) {
    for (const bool with_ch : {true, false}) {
      SCOPED_TRACE(std::string(rich ? "rich" : "plain") + (with_ch ? " + CH" : ""));
      const RoadGraph g = RandomGraph(rich ? 1 : 2, 800, rich);
      const ContractionHierarchy ch = ContractionHierarchy::Build(g);
      const std::string p = Path("g.graph");
      ASSERT_TRUE(WriteGraphFile(p, g, with_ch ? &ch : nullptr, info_).ok());
      const Result<LoadedGraph> loaded = ReadGraphFile(p);
      ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
      EXPECT_EQ(loaded->info, info_);
      ExpectSameGraph(g, loaded->graph);
      ASSERT_EQ(loaded->ch.has_value(), with_ch);
      if (with_ch) ExpectSameAnswers(ch, *loaded->ch, 7);
      EXPECT_EQ(ReadGraphFileInfo(p).value(), info_);
    }
  }
}

TEST_F(GraphFileTest, RoundTripsEmptyGraphAndEmptyInfo) {
  const RoadGraph g = RoadGraphBuilder(0).Build().value();
  const ContractionHierarchy ch = ContractionHierarchy::Build(g);
  const std::string p = Path("empty.graph");
  ASSERT_TRUE(WriteGraphFile(p, g, &ch, {}).ok());
  const Result<LoadedGraph> loaded = ReadGraphFile(p);
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  EXPECT_EQ(loaded->graph.node_count(), 0U);
  EXPECT_EQ(loaded->graph.edge_count(), 0U);
  ASSERT_TRUE(loaded->ch.has_value());
  EXPECT_EQ(loaded->ch->node_count(), 0U);
  EXPECT_EQ(loaded->info, GraphFileInfo{});
}

TEST_F(GraphFileTest, OverwritesInPlaceAndLeavesNoTemporaryFile) {
  const std::string p = Path("g.graph");
  ASSERT_TRUE(WriteGraphFile(p, RandomGraph(1, 50, true), nullptr, info_).ok());
  GraphFileInfo second = info_;
  second.profile = "walking";
  ASSERT_TRUE(WriteGraphFile(p, RandomGraph(2, 60, false), nullptr, second).ok());
  EXPECT_EQ(ReadGraphFile(p)->graph.node_count(), 60U);
  EXPECT_EQ(ReadGraphFileInfo(p)->profile, "walking");
  EXPECT_EQ(std::distance(fs::directory_iterator(dir_), fs::directory_iterator()), 1);
}

TEST_F(GraphFileTest, FailedWriteReturnsIOErrorAndLeavesNoTemporaryFile) {
  const RoadGraph g = RandomGraph(1, 20, true);
  const Status missing_dir = WriteGraphFile(Path("no/such/dir/g.graph"), g, nullptr, info_);
  EXPECT_EQ(missing_dir.code(), StatusCode::kIOError) << missing_dir.ToString();
  // The target is a directory: everything succeeds up to the rename, which must clean up.
  fs::create_directories(dir_ / "occupied" / "inner");
  const Status onto_dir = WriteGraphFile(Path("occupied"), g, nullptr, info_);
  EXPECT_EQ(onto_dir.code(), StatusCode::kIOError) << onto_dir.ToString();
  for (const auto& entry : fs::recursive_directory_iterator(dir_)) {
    EXPECT_EQ(entry.path().string().find(".tmp"), std::string::npos) << entry.path();
  }
}

TEST_F(GraphFileTest, WriteRefusesOversizedInfoAndForeignHierarchy) {
  const RoadGraph g = RandomGraph(1, 20, false);
  GraphFileInfo big = info_;
  big.created_by.assign(kGraphFileMaxInfoBytes + 1, 'x');
  const Status s = WriteGraphFile(Path("g.graph"), g, nullptr, big);
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(s.field(), "info.created_by");
  const ContractionHierarchy other = ContractionHierarchy::Build(RandomGraph(1, 21, false));
  EXPECT_EQ(WriteGraphFile(Path("g.graph"), g, &other, info_).code(), StatusCode::kInvalidArgument);
  EXPECT_FALSE(fs::exists(dir_ / "g.graph"));
}

TEST_F(GraphFileTest, MissingFileAndDirectoryAreIOErrors) {
  for (const std::string& p : {Path("absent.graph"), dir_.string()}) {
    const Result<LoadedGraph> r = ReadGraphFile(p);
    EXPECT_EQ(r.status().code(), StatusCode::kIOError) << p << ": " << r.status().ToString();
    EXPECT_EQ(ReadGraphFileInfo(p).status().code(), StatusCode::kIOError) << p;
  }
}

TEST_F(GraphFileTest, EveryTruncationIsRefused) {
  const std::string bytes = SmallFile();
  ASSERT_GT(bytes.size(), 200U);
  const std::string p = Path("cut.graph");
  for (std::size_t len = 0; len < bytes.size(); ++len) {
    WriteBytes(p, bytes.substr(0, len));
    const Result<LoadedGraph> r = ReadGraphFile(p);
    ASSERT_FALSE(r.ok()) << "accepted the first " << len << " bytes";
    ASSERT_EQ(r.status().code(), StatusCode::kCorruption) << len << ": " << r.status().ToString();
    ASSERT_FALSE(ReadGraphFileInfo(p).ok()) << len;
  }
  // And one byte too many.
  WriteBytes(p, bytes + '\0');
  EXPECT_EQ(ReadGraphFile(p).status().code(), StatusCode::kCorruption);
}

TEST_F(GraphFileTest, EveryFlippedByteIsRefused) {
  const std::string bytes = SmallFile();
  const std::string p = Path("flipped.graph");
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    for (const std::uint8_t mask : {std::uint8_t{0x01}, std::uint8_t{0x80}}) {
      std::string bad = bytes;
      bad[i] = static_cast<char>(static_cast<std::uint8_t>(bad[i]) ^ mask);
      WriteBytes(p, bad);
      const Result<LoadedGraph> r = ReadGraphFile(p);
      ASSERT_FALSE(r.ok()) << "accepted a flip of byte " << i;
      const StatusCode code = r.status().code();
      ASSERT_TRUE(code == StatusCode::kCorruption ||
                  (code == StatusCode::kFailedPrecondition && i >= 8 && i < 12))
          << i << ": " << r.status().ToString();
    }
  }
}

TEST_F(GraphFileTest, WrongMagicIsCorruption) {
  std::string bytes = SmallFile();
  bytes[0] = 'X';
  WriteBytes(Path("m.graph"), bytes);
  const Result<LoadedGraph> r = ReadGraphFile(Path("m.graph"));
  EXPECT_EQ(r.status().code(), StatusCode::kCorruption);
  EXPECT_NE(r.status().message().find("bad magic"), std::string::npos) << r.status().ToString();
  WriteBytes(Path("text.graph"), "p sp 3 2\na 1 2 3\n");
  EXPECT_EQ(ReadGraphFile(Path("text.graph")).status().code(), StatusCode::kCorruption);
}

TEST_F(GraphFileTest, OtherVersionsAskForAReimport) {
  for (const std::uint32_t version : {0U, 2U}) {
    std::string bytes = SmallFile();
    Store(bytes, 8, version);
    Reseal(bytes);
    const std::string p = Path("v.graph");
    WriteBytes(p, bytes);
    for (const Status& s : {ReadGraphFile(p).status(), ReadGraphFileInfo(p).status()}) {
      EXPECT_EQ(s.code(), StatusCode::kFailedPrecondition) << s.ToString();
      EXPECT_NE(s.message().find("version " + std::to_string(version)), std::string::npos)
          << s.ToString();
      EXPECT_NE(s.message().find("version 1"), std::string::npos) << s.ToString();
      EXPECT_NE(s.message().find("elink import-osm"), std::string::npos) << s.ToString();
    }
  }
}

TEST_F(GraphFileTest, ChecksumMismatchIsCorruption) {
  std::string bytes = SmallFile();
  const Layout l = Parse(bytes);
  bytes[l.sections.at("TIME").first] ^= 1;
  WriteBytes(Path("c.graph"), bytes);
  const Result<LoadedGraph> r = ReadGraphFile(Path("c.graph"));
  EXPECT_EQ(r.status().code(), StatusCode::kCorruption);
  EXPECT_NE(r.status().message().find("checksum"), std::string::npos) << r.status().ToString();
  // The header alone does not check the body.
  EXPECT_TRUE(ReadGraphFileInfo(Path("c.graph")).ok());
}

// Files a forger resealed: the checksum holds, the validation must still refuse them.
TEST_F(GraphFileTest, ResealedDamageIsCaughtByValidation) {
  const std::string good = SmallFile();
  const Layout l = Parse(good);
  const NodeIndex n = Load<NodeIndex>(good, l.node_count_pos);
  ASSERT_EQ(n, 7U);
  for (const char* tag : {"OFFS", "TRGT", "COOR", "CLAS", "NMID", "NAME", "RANK", "UPAR", "DNAR"}) {
    ASSERT_GT(l.sections.at(tag).second, 0U) << tag;
  }
  auto at = [&l](const std::string& tag) { return l.sections.at(tag).first; };
  struct Case {
    std::string name;
    std::function<void(std::string&)> damage;
    std::string section;
  };
  const std::vector<Case> cases = {
      {"node count +1", [&](std::string& b) { Store<NodeIndex>(b, l.node_count_pos, n + 1); },
       "OFFS"},
      {"node count huge",
       [&](std::string& b) { Store<NodeIndex>(b, l.node_count_pos, 0xFFFFFFFF); }, "header"},
      {"edge count +1",
       [&](std::string& b) {
         Store<std::uint64_t>(b, l.edge_count_pos, Load<std::uint64_t>(b, l.edge_count_pos) + 1);
       },
       "TRGT"},
      {"edge count huge",
       [&](std::string& b) { Store<std::uint64_t>(b, l.edge_count_pos, ~std::uint64_t{0}); },
       "header"},
      {"offsets decrease", [&](std::string& b) { Store<std::uint64_t>(b, at("OFFS") + 8, 99); },
       "OFFS"},
      {"offsets end early", [&](std::string& b) { Store<std::uint64_t>(b, at("OFFS") + 8 * n, 0); },
       "OFFS"},
      {"target out of range", [&](std::string& b) { Store<NodeIndex>(b, at("TRGT"), n); }, "TRGT"},
      {"weight too large", [&](std::string& b) { Store<Weight>(b, at("TIME"), kMaxWeight + 1); },
       "TIME"},
      {"latitude 91", [&](std::string& b) { Store<std::int32_t>(b, at("COOR"), 91'000'000); },
       "COOR"},
      {"road class 200", [&](std::string& b) { b[at("CLAS")] = static_cast<char>(200); }, "CLAS"},
      {"name id 4", [&](std::string& b) { Store<NameId>(b, at("NMID"), 4); }, "NMID"},
      {"name count huge", [&](std::string& b) { Store<std::uint32_t>(b, at("NAME"), 1U << 30); },
       "NAME"},
      {"name length huge",
       [&](std::string& b) { Store<std::uint32_t>(b, at("NAME") + 4, 1U << 30); }, "NAME"},
      {"section length huge",
       [&](std::string& b) { Store<std::uint64_t>(b, at("LENM") - 8, ~std::uint64_t{0} / 2); },
       "LENM"},
      {"section tag", [&](std::string& b) { b[at("COOR") - 12] = 'X'; }, "COOR"},
      {"hierarchy node count", [&](std::string& b) { Store<NodeIndex>(b, at("CHDR"), n - 1); },
       "CHDR"},
      {"shortcut count",
       [&](std::string& b) {
         Store<std::uint64_t>(b, at("CHDR") + 4, Load<std::uint64_t>(b, at("CHDR") + 4) + 1);
       },
       "CHDR"},
      {"rank repeated",
       [&](std::string& b) { Store<NodeIndex>(b, at("RANK"), Load<NodeIndex>(b, at("RANK") + 4)); },
       "RANK"},
      {"rank out of range", [&](std::string& b) { Store<NodeIndex>(b, at("RANK"), n); }, "RANK"},
      {"up offsets decrease",
       [&](std::string& b) { Store<std::uint64_t>(b, at("UPOF") + 8, 1000); }, "UPOF"},
      {"down offsets end wrong",
       [&](std::string& b) { Store<std::uint64_t>(b, at("DNOF") + 8 * n, 0); }, "DNOF"},
      {"up arc head out of range", [&](std::string& b) { Store<NodeIndex>(b, at("UPAR"), n); },
       "UPAR"},
      {"up arc to a lower rank", [&](std::string& b) { Store<NodeIndex>(b, at("UPAR"), 0); },
       "UPAR"},
      {"down arc from a lower rank", [&](std::string& b) { Store<NodeIndex>(b, at("DNAR"), 0); },
       "DNAR"},
      {"arc weight huge",
       [&](std::string& b) { Store<std::uint64_t>(b, at("UPAR") + 8, std::uint64_t{1} << 60); },
       "UPAR"},
      {"arc section cut by one arc",
       [&](std::string& b) {
         const auto len = Load<std::uint64_t>(b, at("DNAR") - 8);
         Store<std::uint64_t>(b, at("DNAR") - 8, len - 16);
       },
       "DN"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    std::string bytes = good;
    c.damage(bytes);
    Reseal(bytes);
    ExpectCorrupt(bytes, c.section);
  }
}

// A hierarchy arc claiming to be a shortcut whose halves do not exist would make the query stop
// the process when it unpacks a path; the loader refuses it. Found by scanning the file's arcs
// for an original arc of a rank above 0 and naming rank 0 as its middle.
TEST_F(GraphFileTest, ShortcutWithoutHalvesIsRefused) {
  const RoadGraph g = RandomGraph(5, 40, false);
  const ContractionHierarchy ch = ContractionHierarchy::Build(g);
  const std::string p = Path("ch.graph");
  ASSERT_TRUE(WriteGraphFile(p, g, &ch, info_).ok());
  const std::string good = ReadBytes(p);
  const Layout l = Parse(good);
  const auto [up_pos, up_len] = l.sections.at("UPAR");
  const std::size_t offsets = l.sections.at("UPOF").first;
  bool crafted = false;
  for (NodeIndex rank = 1; rank < g.node_count() && !crafted; ++rank) {
    const auto begin = Load<std::uint64_t>(good, offsets + 8 * rank);
    const auto end = Load<std::uint64_t>(good, offsets + 8 * (rank + 1));
    for (std::uint64_t i = begin; i < end && !crafted; ++i) {
      const std::size_t arc = up_pos + 16 * static_cast<std::size_t>(i);
      if (Load<NodeIndex>(good, arc + 4) != kNoNode) continue;
      for (NodeIndex middle = 0; middle < rank && !crafted; ++middle) {
        std::string bytes = good;
        Store<NodeIndex>(bytes, arc + 4, middle);
        Store<std::uint64_t>(bytes, l.sections.at("CHDR").first + 4,
                             Load<std::uint64_t>(good, l.sections.at("CHDR").first + 4) + 1);
        Reseal(bytes);
        WriteBytes(p, bytes);
        const Result<LoadedGraph> r = ReadGraphFile(p);
        if (r.ok()) continue;  // this middle happens to have both halves
        EXPECT_EQ(r.status().code(), StatusCode::kCorruption);
        EXPECT_NE(r.status().message().find("middle"), std::string::npos) << r.status().ToString();
        crafted = true;
      }
    }
  }
  EXPECT_TRUE(crafted);
  EXPECT_GT(up_len, 0U);
}

}  // namespace
}  // namespace elink::geo
