// SPDX-License-Identifier: Apache-2.0
// The checkout stands on its own: no file of the project reads a path outside the repository,
// every path a shipped scenario names resolves inside it, and every shipped data file is the one
// data/SHA256SUMS (and data/PROVENANCE.md) names, byte for byte.
#include "support/temp_dir.hpp"
#include "util/file.hpp"
#include "util/sha256.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace elink {
namespace {

namespace fs = std::filesystem;

const fs::path kRoot = fs::weakly_canonical(ELINK_SOURCE_DIR);

std::string ReadAll(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// The folders of the checkout that are not the project's own files: build outputs, the demo's
// output, installed npm packages, the built dashboard, version control.
bool IsOutputDir(const fs::path& relative) {
  static const std::set<std::string> kSkip = {"build", "out",          ".git",  "node_modules",
                                              "dist",  "test-results", ".cache"};
  return std::any_of(relative.begin(), relative.end(),
                     [](const fs::path& part) { return kSkip.contains(part.string()); });
}

// Every file of the project, relative to the root.
std::vector<fs::path> ProjectFiles() {
  std::vector<fs::path> files;
  for (auto it = fs::recursive_directory_iterator(kRoot); it != fs::recursive_directory_iterator();
       ++it) {
    const fs::path rel = fs::relative(it->path(), kRoot);
    if (it->is_directory() && IsOutputDir(rel)) {
      it.disable_recursion_pending();
      continue;
    }
    if (it->is_regular_file() && !IsOutputDir(rel)) files.push_back(rel);
  }
  std::sort(files.begin(), files.end());
  return files;
}

bool IsBinary(const std::string& text) { return text.find('\0') != std::string::npos; }

TEST(CheckoutTest, NoTrackedFileReadsOutsideTheRepository) {
  // Built from parts so that this file does not match itself.
  const std::string up = std::string("..") + "/";
  const std::vector<std::string> forbidden = {
      up + "shared",               // the team's data collection beside the checkout
      "/work" + std::string("/"),  // the development machine's folders
      "/home" + std::string("/"),
      "/root" + std::string("/"),
      "shared" + std::string("/data"),
  };
  std::size_t scanned = 0;
  std::vector<std::string> hits;
  for (const fs::path& rel : ProjectFiles()) {
    const std::string text = ReadAll(kRoot / rel);
    if (IsBinary(text)) continue;  // compressed data, images
    ++scanned;
    std::istringstream lines(text);
    std::string line;
    for (std::size_t n = 1; std::getline(lines, line); ++n) {
      for (const std::string& f : forbidden) {
        if (line.find(f) != std::string::npos) {
          hits.push_back(rel.string() + ":" + std::to_string(n) + ": " + f + ": " + line);
        }
      }
    }
  }
  EXPECT_GT(scanned, 200U) << "the scan found the project's files";
  EXPECT_TRUE(hits.empty()) << "references to paths outside the repository:\n"
                            << [&] {
                                 std::string all;
                                 for (const std::string& h : hits) all += "  " + h + "\n";
                                 return all;
                               }();
}

// The paths under docs/ ending in .md that a text names. (std::regex is avoided: libstdc++'s trips
// g++'s -Wmaybe-uninitialized under the sanitizers.)
std::vector<std::string> DocumentsNamedIn(const std::string& text) {
  const auto path_char = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '.' || c == '/' || c == '-';
  };
  std::vector<std::string> out;
  for (std::size_t at = text.find("docs/"); at != std::string::npos;
       at = text.find("docs/", at + 1)) {
    if (at > 0 && path_char(text[at - 1])) continue;  // part of a longer path
    std::size_t end = at;
    while (end < text.size() && path_char(text[end])) ++end;
    std::string path = text.substr(at, end - at);
    while (!path.empty() && (path.back() == '.' || path.back() == '/')) path.pop_back();
    if (path.size() > 8 && path.ends_with(".md")) out.push_back(path);
  }
  return out;
}

// Every document a file of the project points to (a --help text, a header, the README) exists.
TEST(CheckoutTest, EveryDocumentThatIsNamedExists) {
  std::set<std::string> named;
  std::vector<std::string> missing;
  for (const fs::path& rel : ProjectFiles()) {
    const std::string text = ReadAll(kRoot / rel);
    if (IsBinary(text)) continue;
    for (const std::string& target : DocumentsNamedIn(text)) {
      named.insert(target);
      if (!fs::exists(kRoot / target)) missing.push_back(rel.string() + " names " + target);
    }
  }
  EXPECT_GE(named.size(), 10U);
  EXPECT_TRUE(named.contains("docs/formats/scenario.md")) << "elink simulate --help names it";
  EXPECT_TRUE(missing.empty()) << [&] {
    std::string all;
    for (const std::string& m : missing) all += "  " + m + "\n";
    return all;
  }();
}

// Every path a shipped scenario names (the call logs it replays or fits from, its durations)
// exists and lies inside the repository.
TEST(CheckoutTest, EveryPathAShippedScenarioNamesIsInsideTheRepository) {
  std::size_t paths = 0;
  for (const fs::directory_entry& e : fs::directory_iterator(kRoot / "data" / "scenarios")) {
    if (e.path().extension() != ".toml") continue;
    std::istringstream lines(ReadAll(e.path()));
    std::string line;
    for (std::size_t n = 1; std::getline(lines, line); ++n) {
      // key = "value" for the keys that name files.
      const std::size_t key_begin = line.find_first_not_of(" \t");
      if (key_begin == std::string::npos) continue;
      const std::size_t eq = line.find('=', key_begin);
      if (eq == std::string::npos) continue;
      std::string key = line.substr(key_begin, eq - key_begin);
      while (!key.empty() && (key.back() == ' ' || key.back() == '\t')) key.pop_back();
      if (key != "path" && key != "fit" && key != "durations") continue;
      const std::size_t open = line.find('"', eq);
      const std::size_t close = open == std::string::npos ? open : line.find('"', open + 1);
      if (close == std::string::npos) continue;
      const std::string value = line.substr(open + 1, close - open - 1);
      if (key == "durations" && value == "built-in") continue;
      ++paths;
      const fs::path target = fs::weakly_canonical(e.path().parent_path() / value);
      const std::string where = e.path().filename().string() + ":" + std::to_string(n);
      EXPECT_TRUE(fs::exists(target)) << where << ": " << target;
      const std::string rel = fs::relative(target, kRoot).string();
      EXPECT_FALSE(rel.starts_with("..")) << where << ": " << target << " is outside the checkout";
    }
  }
  EXPECT_GE(paths, 2U) << "the SF week and the demo drill each name the call log";
}

// data/SHA256SUMS: "<hex>  <path>" lines, paths relative to data/.
std::map<std::string, std::string> ListedChecksums() {
  std::map<std::string, std::string> sums;
  std::istringstream lines(ReadAll(kRoot / "data" / "SHA256SUMS"));
  std::string line;
  while (std::getline(lines, line)) {
    if (line.empty()) continue;
    const std::size_t sep = line.find("  ");
    if (sep == std::string::npos) {
      ADD_FAILURE() << "data/SHA256SUMS: bad line: " << line;
      continue;
    }
    sums[line.substr(sep + 2)] = line.substr(0, sep);
  }
  return sums;
}

TEST(DataFilesTest, EveryShippedFileMatchesItsChecksum) {
  const std::map<std::string, std::string> sums = ListedChecksums();
  ASSERT_GE(sums.size(), 15U) << "data/SHA256SUMS lists the copied files";
  for (const auto& [path, hex] : sums) {
    const fs::path file = kRoot / "data" / path;
    if (!fs::exists(file)) {
      ADD_FAILURE() << "data/" << path << " is listed in data/SHA256SUMS but missing";
      continue;
    }
    EXPECT_EQ(ToHex(Sha256(ReadAll(file))), hex)
        << "data/" << path << " changed: a copied file must stay as its source (say why in "
        << "data/PROVENANCE.md and update data/SHA256SUMS)";
  }
  // Every file of the copied folders is listed, so none arrives without its provenance.
  for (const char* dir : {"roads", "calls", "cap", "sources", "sim", "coverage"}) {
    for (const fs::directory_entry& e : fs::recursive_directory_iterator(kRoot / "data" / dir)) {
      if (!e.is_regular_file()) continue;
      const std::string rel = fs::relative(e.path(), kRoot / "data").string();
      EXPECT_TRUE(sums.contains(rel)) << "data/" << rel << " is not in data/SHA256SUMS";
      const std::string provenance = ReadAll(kRoot / "data" / "PROVENANCE.md");
      EXPECT_NE(provenance.find(e.path().filename().string()), std::string::npos)
          << "data/PROVENANCE.md does not name " << rel;
    }
  }
}

// The call log ships gzip-compressed; decompressed, it is the DataSF export byte for byte.
TEST(DataFilesTest, TheCompressedCallLogIsTheOriginalExport) {
  const Result<std::string> text = ReadWholeFile(
      (kRoot / "data" / "calls" / "sf-fire-calls-2016-12-31_to_2017-01-07.csv.gz").string(),
      std::size_t{64} << 20);
  ASSERT_TRUE(text.ok()) << text.status().ToString();
  EXPECT_EQ(text->size(), 3'027'051U);
  EXPECT_EQ(ToHex(Sha256(*text)),
            "6730888841fba394c5eb52046c2225c645a3c9ccec31c00d457489f8f83789e7");
}

// The demo region's generated files are what scripts/gen_demo_region.py makes from the shipped
// sources (fire stations, hospitals, the extract's bounds): the provenance can be replayed.
TEST(DataFilesTest, TheDemoRegionIsWhatItsGeneratorMakesFromTheShippedSources) {
  const testing::TempDir dir;
  const fs::path& out = dir.path();
  // The generator keeps the hand-written tail of units.toml; give it the committed file.
  fs::copy_file(kRoot / "data" / "regions" / "demo" / "units.toml", out / "units.toml");
  const std::string cmd = "python3 '" + (kRoot / "scripts" / "gen_demo_region.py").string() +
                          "' --out '" + out.string() + "' >/dev/null 2>&1";
  ASSERT_EQ(std::system(cmd.c_str()), 0)
      << cmd << " failed (python3 is installed by scripts/install-deps.sh)";
  for (const char* name : {"region.toml", "stations.toml", "units.toml", "grids.geojson"}) {
    EXPECT_EQ(ReadAll(out / name), ReadAll(kRoot / "data" / "regions" / "demo" / name))
        << name << " differs from what the generator makes: re-run scripts/gen_demo_region.py";
  }
}

}  // namespace
}  // namespace elink
