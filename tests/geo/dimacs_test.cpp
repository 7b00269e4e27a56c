// SPDX-License-Identifier: Apache-2.0
#include "geo/dimacs.hpp"

#include <gtest/gtest.h>
#include <unistd.h>
#include <zlib.h>

#include <filesystem>
#include <fstream>
#include <string>

namespace elink::geo {
namespace {

namespace fs = std::filesystem;

class DimacsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("elink_dimacs_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string Write(const std::string& name, const std::string& text) {
    const fs::path p = dir_ / name;
    std::ofstream(p, std::ios::binary) << text;
    return p.string();
  }
  std::string WriteGz(const std::string& name, const std::string& text) {
    const fs::path p = dir_ / name;
    gzFile f = gzopen(p.c_str(), "wb");
    EXPECT_NE(f, nullptr);
    EXPECT_EQ(gzwrite(f, text.data(), static_cast<unsigned>(text.size())),
              static_cast<int>(text.size()));
    gzclose(f);
    return p.string();
  }
  // Loads `gr` text; returns the status so each case reads as one line.
  Status LoadGr(const std::string& text, const DimacsLimits& limits = {}) {
    return LoadDimacs({.time_gr = Write("g.gr", text)}, limits).status();
  }

  fs::path dir_;
};

constexpr const char* kGr =
    "c tiny graph\n"
    "p sp 3 4\n"
    "c arcs follow\n"
    "a 1 2 10\n"
    "a 2 1 10\n"
    "a 2 3 7\r\n"
    "a 3 3 0\n";
constexpr const char* kGrD =
    "p sp 3 4\n"
    "a 1 2 100\n"
    "a 2 1 100\n"
    "a 2 3 70\n"
    "a 3 3 1\n";
constexpr const char* kCo =
    "c coordinates\n"
    "p aux sp co 3\n"
    "v 2 -73500016 40300009\n"
    "v 1 -74499998 41299997\n"
    "v 3 0 0\n";

TEST_F(DimacsTest, LoadsPlainAndGzip) {
  for (const bool gz : {false, true}) {
    const DimacsFiles files = {.time_gr = gz ? WriteGz("t.gr.gz", kGr) : Write("t.gr", kGr),
                               .distance_gr = gz ? WriteGz("d.gr.gz", kGrD) : Write("d.gr", kGrD),
                               .coordinates = gz ? WriteGz("c.co.gz", kCo) : Write("c.co", kCo)};
    const Result<RoadGraph> r = LoadDimacs(files);
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    const RoadGraph& g = *r;
    EXPECT_EQ(g.node_count(), 3U);
    EXPECT_EQ(g.edge_count(), 4U);
    EXPECT_EQ(g.Target(g.EdgeBegin(0)), 1U);
    EXPECT_EQ(g.Time(g.EdgeBegin(0)), 10U);
    EXPECT_EQ(g.LengthM(g.EdgeBegin(0)), 100U);
    EXPECT_EQ(g.EdgeTime(1, 2), 7U);
    ASSERT_TRUE(g.has_coordinates());
    EXPECT_EQ(g.Coordinate(0), (LatLonE6{41'299'997, -74'499'998}));
    EXPECT_EQ(g.Coordinate(1), (LatLonE6{40'300'009, -73'500'016}));
  }
}

TEST_F(DimacsTest, TimeOnlyLeavesLengthsZero) {
  const Result<RoadGraph> r = LoadDimacs({.time_gr = Write("t.gr", kGr)});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->LengthM(0), 0U);
  EXPECT_FALSE(r->has_coordinates());
}

TEST_F(DimacsTest, RejectsBadGrWithFileAndLine) {
  struct Case {
    const char* text;
    const char* reason;
  };
  const Case cases[] = {
      {"", "no 'p sp' header"},
      {"c only comments\n", "no 'p sp' header"},
      {"a 1 2 3\np sp 2 1\n", "before the 'p sp' header"},
      {"p sp 2 1\np sp 2 1\na 1 2 3\n", "second 'p' line"},
      {"p max 2 1\na 1 2 3\n", "expected 'p sp"},
      {"p sp 2\n", "expected 'p sp"},
      {"p sp x 1\n", "node count is not an integer"},
      {"p sp -2 1\n", "node count is negative"},
      {"p sp 2 1\na 1 2\n", "expected 'a <from> <to> <weight>'"},
      {"p sp 2 1\na 1 2 3 4\n", "expected 'a <from> <to> <weight>'"},
      {"p sp 2 1\na 0 2 3\n", "from node 0 out of range"},
      {"p sp 2 1\na 1 3 3\n", "to node 3 out of range"},
      {"p sp 2 1\na 1 2 -3\n", "weight is negative"},
      {"p sp 2 1\na 1 2 3x\n", "weight is not an integer"},
      {"p sp 2 1\na 1 2 99999999999999999999999\n", "weight out of range"},
      {"p sp 2 1\na 1 2 999999999\n", "weight 999999999 out of range"},
      {"p sp 2 1\na 1 2 3\na 2 1 3\n", "more arcs than the header's 1"},
      {"p sp 2 3\na 1 2 3\n", "file ends after 1 arcs; the header says 3"},
      {"p sp 2 1\nx 1 2 3\n", "unknown line type 'x'"},
      {"p sp 2 1\n\x01\xff\xfe garbage\n", "unknown line type"},
      {"p sp 99999999999 1\n", "node count 99999999999 out of range"},
      {"p sp 2 99999999999999\n", "arc count 99999999999999 out of range"},
  };
  for (const Case& c : cases) {
    const Status s = LoadGr(c.text);
    ASSERT_FALSE(s.ok()) << c.text;
    EXPECT_EQ(s.code(), StatusCode::kInvalidArgument) << c.text;
    EXPECT_NE(s.ToString().find("g.gr:"), std::string::npos) << s.ToString();
    EXPECT_NE(s.message().find(c.reason), std::string::npos) << "input:\n"
                                                             << c.text << "\ngot: " << s.ToString();
  }
  const Status s = LoadGr("p sp 2 1\n\na 1 2 -3\n");
  EXPECT_NE(s.ToString().find("g.gr:3: weight is negative"), std::string::npos) << s.ToString();
}

TEST_F(DimacsTest, EnforcesLimits) {
  DimacsLimits limits;
  limits.max_nodes = 10;
  EXPECT_NE(LoadGr("p sp 11 0\n", limits).message().find("out of range"), std::string::npos);
  limits.max_arcs = 1;
  EXPECT_FALSE(LoadGr("p sp 2 2\na 1 2 1\na 2 1 1\n", limits).ok());
  limits.max_file_bytes = 8;
  EXPECT_NE(LoadGr(kGr, limits).message().find("larger than"), std::string::npos);
  // A huge but permitted header must not allocate for it up front.
  EXPECT_FALSE(LoadGr("p sp 200000000 1000000000\na 1 2 1\n").ok());
}

TEST_F(DimacsTest, RejectsBadCoordinatesAndDistanceFiles) {
  const std::string gr = Write("t.gr", kGr);
  auto co = [&](const std::string& text) {
    return LoadDimacs({.time_gr = gr, .coordinates = Write("c.co", text)}).status();
  };
  EXPECT_NE(co("p aux sp co 4\n").message().find("differs from the graph's 3"), std::string::npos);
  EXPECT_NE(co("p aux sp co 3\nv 1 0 0\nv 1 0 0\n").message().find("listed twice"),
            std::string::npos);
  EXPECT_NE(co("p aux sp co 3\nv 1 0 0\nv 2 0 0\n").message().find("file ends after 2 nodes"),
            std::string::npos);
  EXPECT_NE(co("p aux sp co 3\nv 4 0 0\n").message().find("node id 4 out of range"),
            std::string::npos);
  EXPECT_NE(co("p aux sp co 3\nv 1 0 95000000\n").message().find("latitude"), std::string::npos);
  EXPECT_NE(co("v 1 0 0\n").message().find("before the"), std::string::npos);
  EXPECT_NE(co("p sp co 3\n").message().find("expected 'p aux sp co"), std::string::npos);
  EXPECT_NE(co("").message().find("no 'p aux sp co' header"), std::string::npos);

  auto dist = [&](const std::string& text) {
    return LoadDimacs({.time_gr = gr, .distance_gr = Write("d.gr", text)}).status();
  };
  EXPECT_NE(dist("p sp 3 3\n").message().find("arc count differs"), std::string::npos);
  EXPECT_NE(dist("p sp 3 4\na 1 2 1\na 2 3 1\n").message().find("arc differs"), std::string::npos);
}

TEST_F(DimacsTest, MissingFileIsIOError) {
  EXPECT_EQ(LoadDimacs({.time_gr = (dir_ / "absent.gr").string()}).status().code(),
            StatusCode::kIOError);
}

TEST_F(DimacsTest, TruncatedOrDamagedGzipIsCorruption) {
  std::string big = "p sp 1000 5000\n";
  for (int i = 0; i < 5000; ++i) {
    big += "a " + std::to_string(i % 1000 + 1) + " " + std::to_string((i * 7) % 1000 + 1) + " " +
           std::to_string(i) + "\n";
  }
  const std::string whole = WriteGz("whole.gr.gz", big);
  ASSERT_TRUE(LoadDimacs({.time_gr = whole}).ok());
  std::ifstream in(whole, std::ios::binary);
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());

  const Status half =
      LoadDimacs({.time_gr = Write("half.gr.gz", bytes.substr(0, bytes.size() / 2))}).status();
  EXPECT_EQ(half.code(), StatusCode::kCorruption) << half.ToString();
  EXPECT_NE(half.message().find("half.gr.gz"), std::string::npos);

  const Status no_trailer =
      LoadDimacs({.time_gr = Write("cut.gr.gz", bytes.substr(0, bytes.size() - 4))}).status();
  EXPECT_EQ(no_trailer.code(), StatusCode::kCorruption) << no_trailer.ToString();

  std::string flipped = bytes;
  flipped[flipped.size() / 2] = static_cast<char>(flipped[flipped.size() / 2] ^ 0x55);
  const Status damaged = LoadDimacs({.time_gr = Write("bad.gr.gz", flipped)}).status();
  EXPECT_FALSE(damaged.ok());
  EXPECT_TRUE(damaged.code() == StatusCode::kCorruption ||
              damaged.code() == StatusCode::kInvalidArgument)
      << damaged.ToString();

  // Binary garbage that is not gzip is read as plain text and rejected line by line.
  const Status garbage =
      LoadDimacs({.time_gr = Write("noise.gr", std::string("\x1f\x8b\x08\x00\x00", 5) +
                                                   std::string(100, '\xee'))})
          .status();
  EXPECT_FALSE(garbage.ok());
}

}  // namespace
}  // namespace elink::geo
