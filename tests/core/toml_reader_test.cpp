// SPDX-License-Identifier: Apache-2.0
// The strict TOML reader shared by the region, scenario and durations loaders: typed getters that
// name the file, line and field; unknown keys refused; garbage, truncated, oversized and hostile
// files refused with a clear error and nothing read.
#include "core/toml_reader.hpp"

#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace elink::core {
namespace {

// The table of `text`, which must parse.
toml::table Parse(const std::string& text) {
  Result<toml::table> t = ParseToml(text, "t.toml");
  EXPECT_TRUE(t.ok()) << t.status().ToString();
  return t.ok() ? std::move(t.value()) : toml::table{};
}

std::string Message(const Status& s) {
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument) << s.ToString();
  return s.message();
}

TEST(TomlReaderTest, ReadsEachTypeAndRecordsWhereItCameFrom) {
  const toml::table t = Parse(
      "name = \"西城\"\ncrew = 4\nlat = 38\nlon = 116.5\nactive = true\ntags = [\"a\", \"b\"]\n"
      "tier = \"district\"\n");
  std::vector<std::string> recorded;
  TomlDoc doc{"t.toml", false, [&](std::string model, std::size_t line, std::string path) {
                recorded.push_back(model + "@" + std::to_string(line) + ":" + path);
              }};
  TomlReader r(t, doc, "org", "orgs[2]");
  ASSERT_TRUE(r.AllowOnly({"name", "crew", "lat", "lon", "active", "tags", "tier"}).ok());
  std::string name;
  int crew = 0;
  double lat = 0;
  double lon = 0;
  bool active = false;
  std::vector<std::string> tags;
  OrgTier tier{};
  ASSERT_TRUE(r.String("name", &name, Need::kRequired).ok());
  ASSERT_TRUE(r.Int("crew", &crew, Need::kRequired).ok());
  ASSERT_TRUE(r.Double("lat", &lat, Need::kRequired, "location.lat").ok());
  ASSERT_TRUE(r.Number("lon", &lon, Need::kRequired, -180, 180).ok());
  ASSERT_TRUE(r.Bool("active", &active, Need::kRequired).ok());
  ASSERT_TRUE(r.Strings("tags", &tags, Need::kRequired).ok());
  ASSERT_TRUE(r.Enum("tier", &tier, Need::kRequired, "tier").ok());
  EXPECT_EQ(name, "西城");
  EXPECT_EQ(crew, 4);
  EXPECT_EQ(lat, 38.0);
  EXPECT_EQ(lon, 116.5);
  EXPECT_TRUE(active);
  EXPECT_EQ(tags, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(tier, ParseEnum<OrgTier>("district").value());
  EXPECT_NE(std::find(recorded.begin(), recorded.end(), "orgs[2].location.lat@3:org.lat"),
            recorded.end());
  EXPECT_NE(std::find(recorded.begin(), recorded.end(), "orgs[2].tags[1]@6:org.tags[1]"),
            recorded.end());

  // Absent optional keys leave the output alone.
  std::string other = "kept";
  ASSERT_TRUE(r.String("other", &other, Need::kOptional).ok());
  EXPECT_EQ(other, "kept");
}

TEST(TomlReaderTest, ErrorsNameFileLineAndField) {
  const toml::table t = Parse("a = 1\nb = \"x\"\nc = inf\nd = 3000000000\ne = \"purple\"\n");
  const TomlDoc doc{"t.toml"};
  const TomlReader r(t, doc, "units[3]");
  std::string s;
  int i = 0;
  double d = 0;
  bool b = false;
  OrgTier tier{};
  EXPECT_EQ(Message(r.String("a", &s, Need::kRequired)),
            "t.toml:1: units[3].a: expected a string, got an integer");
  EXPECT_EQ(Message(r.Int("b", &i, Need::kRequired)),
            "t.toml:2: units[3].b: expected an integer, got a string");
  EXPECT_EQ(Message(r.Double("b", &d, Need::kRequired)),
            "t.toml:2: units[3].b: expected a number, got a string");
  EXPECT_EQ(Message(r.Bool("a", &b, Need::kRequired)),
            "t.toml:1: units[3].a: expected true or false, got an integer");
  EXPECT_EQ(Message(r.Int("d", &i, Need::kRequired)), "t.toml:4: units[3].d: integer out of range");
  EXPECT_EQ(Message(r.Number("a", &d, Need::kRequired, 2, 10)),
            "t.toml:1: units[3].a: must be between 2 and 10");
  EXPECT_EQ(Message(r.Number("c", &d, Need::kRequired, 0, 1e9)),
            "t.toml:3: units[3].c: must be between 0 and 1000000000");
  EXPECT_EQ(Message(r.Text("b", &s, Need::kRequired, 0)),
            "t.toml:2: units[3].b: longer than 0 bytes");
  EXPECT_EQ(Message(r.String("zz", &s, Need::kRequired)),
            "t.toml:1: units[3].zz: missing required key");
  EXPECT_EQ(Message(r.Enum("e", &tier, Need::kRequired, "tier")),
            "t.toml:5: units[3].e: unknown tier 'purple' (expected one of " +
                AcceptedCodes<OrgTier>() + ")");
  // The first unknown key by line, whatever the table's order.
  EXPECT_EQ(Message(r.AllowOnly({"b", "c"})),
            "t.toml:1: units[3].a: unknown key (allowed keys: b, c)");
  // The path is in the message; in Status::field() only when the document asks for it.
  EXPECT_EQ(r.String("a", &s, Need::kRequired).field(), "");
  const TomlDoc fielded{"t.toml", true, {}};
  EXPECT_EQ(TomlReader(t, fielded, "units[3]").String("a", &s, Need::kRequired).field(),
            "units[3].a");
  EXPECT_EQ(s, "");
  EXPECT_EQ(i, 0);
}

TEST(TomlReaderTest, ArraysAreOfOneKind) {
  const toml::table t = Parse("xs = [\"a\", 2]\nys = 3\n");
  const TomlDoc doc{"t.toml"};
  const TomlReader r(t, doc, "");
  std::vector<std::string> xs;
  EXPECT_EQ(Message(r.Strings("xs", &xs, Need::kRequired)),
            "t.toml:1: xs[1]: expected a string, got an integer");
  EXPECT_EQ(Message(r.Strings("ys", &xs, Need::kRequired)),
            "t.toml:2: ys: expected an array of strings, got an integer");
  int seen = 0;
  EXPECT_EQ(Message(ForEachTable(r, "xs", Need::kRequired,
                                 [&](const TomlReader&, std::size_t) {
                                   ++seen;
                                   return Status::Ok();
                                 })),
            "t.toml:1: xs[0]: expected a table, got a string");
  EXPECT_EQ(seen, 0);
}

TEST(TomlReaderTest, RefusesGarbageTruncatedAndHostileText) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {std::string("\x00\x01\x02", 3), "t.toml:1: "},
      {"\x01\x02 not toml ]]", "t.toml:1: "},
      {"a = 1\n[[units]\nb = 2", "t.toml:2: "},
      {"a = \"unterminated\n", "t.toml:1: "},
      {"a = 1\na = 2\n", "t.toml:2: "},
      {"a = \"\xff\xfe\"\n", "t.toml:1: invalid UTF-8 at byte offset 5"},
      {"a = 1\nb = \"\xed\xa0\x80\"\n", "t.toml:2: invalid UTF-8 at byte offset 11"},
      {"a = \"\xc0\xaf\"\n", "t.toml:1: invalid UTF-8 at byte offset 5"},
      {std::string(100000, '['), "t.toml:1: "},
      {"a = " + std::string(100000, '[') + "\n", "t.toml:1: "},
  };
  for (const auto& [text, expect] : cases) {
    Result<toml::table> t = ParseToml(text, "t.toml");
    ASSERT_FALSE(t.ok()) << expect;
    EXPECT_EQ(t.status().code(), StatusCode::kInvalidArgument);
    EXPECT_EQ(t.status().message().rfind(expect, 0), 0U) << t.status().ToString();
  }
}

TEST(TomlReaderTest, ReadsFilesWithinTheirLimit) {
  testing::TempDir dir;
  std::ofstream(dir / "ok.toml") << "a = 1\n";
  std::ofstream(dir / "big.toml") << std::string((1U << 20) + 1, '#');
  std::ofstream(dir / "bad.toml") << "a = 1\n\xff\n";
  std::filesystem::create_directory(dir / "sub.toml");

  Result<std::optional<std::string>> ok =
      ReadConfigText(dir / "ok.toml", "ok.toml", Need::kRequired, 1U << 20);
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  EXPECT_EQ(**ok, "a = 1\n");

  Result<std::optional<std::string>> absent =
      ReadConfigText(dir / "no.toml", "no.toml", Need::kOptional, 1U << 20);
  ASSERT_TRUE(absent.ok());
  EXPECT_FALSE(absent->has_value());
  EXPECT_EQ(ReadConfigText(dir / "no.toml", "no.toml", Need::kRequired, 1U << 20).status().code(),
            StatusCode::kNotFound);

  EXPECT_EQ(
      Message(ReadConfigText(dir / "big.toml", "big.toml", Need::kRequired, 1U << 20).status()),
      "big.toml:1: file is 1048577 bytes; the limit is 1 MiB");
  EXPECT_EQ(
      Message(ReadConfigText(dir / "bad.toml", "bad.toml", Need::kRequired, 1U << 20).status()),
      "bad.toml:2: invalid UTF-8 at byte offset 6 (configuration files must be UTF-8)");
  EXPECT_EQ(
      Message(ReadConfigText(dir / "sub.toml", "sub.toml", Need::kRequired, 1U << 20).status()),
      "sub.toml:1: not a regular file");
}

TEST(TomlReaderTest, QuotesHostileValuesHarmlessly) {
  EXPECT_EQ(Quoted("a\nb\x7f"), "'a\\x0ab\\x7f'");
  EXPECT_EQ(Quoted(std::string(100, 'x')), "'" + std::string(64, 'x') + "...'");
  // Cut on a character boundary: 22 three-byte characters, cut after the 64th byte's character.
  const std::string zh = [] {
    std::string s;
    for (int k = 0; k < 30; ++k) s += "城";
    return s;
  }();
  const std::string q = Quoted(zh);
  EXPECT_EQ(q.substr(q.size() - 4), "...'");
  EXPECT_EQ((q.size() - 5) % 3, 0U) << q;
}

TEST(TomlReaderTest, PathsAndLines) {
  EXPECT_EQ(IndexedPath("units", 3), "units[3]");
  EXPECT_EQ(ChildPath("units[3]", "crew"), "units[3].crew");
  EXPECT_EQ(ChildPath("", "crew"), "crew");
  EXPECT_EQ(LineAt("a\nb\nc", 0), 1U);
  EXPECT_EQ(LineAt("a\nb\nc", 2), 2U);
  EXPECT_EQ(LineAt("a\nb\nc", 99), 3U);
  EXPECT_EQ(ConfigError("f.toml", 0, "", "empty").message(), "f.toml:1: empty");
}

}  // namespace
}  // namespace elink::core
