// SPDX-License-Identifier: Apache-2.0
// CAP 1.2 output checked by an independent oracle: xmllint against the OASIS cap12.xsd (from
// data/cap/schema), which must also accept the real alerts of data/cap/alerts and refuse its
// invalid one, so that a check that passes means something. Hostile text stays text.
#include "warning/cap.hpp"

#include "engine/registry.hpp"
#include "support/data_files.hpp"
#include "support/temp_dir.hpp"
#include "support/test_region.hpp"

#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

namespace elink::warning {
namespace {

const std::string kCapData = elink::testing::DataPath("cap");

struct Lint {
  int exit_code = -1;
  std::string out;
};

// Runs xmllint with `args` on `file`, stdout and stderr together.
Lint RunXmllint(const std::string& args, const std::filesystem::path& file) {
  Lint r;
  const std::string cmd = "xmllint --nonet " + args + " '" + file.string() + "' 2>&1";
  FILE* p = popen(cmd.c_str(), "r");
  if (p == nullptr) return r;
  std::array<char, 4096> buf{};
  while (fgets(buf.data(), static_cast<int>(buf.size()), p) != nullptr) r.out += buf.data();
  const int status = pclose(p);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

Lint Validate(const std::filesystem::path& file) {
  return RunXmllint("--noout --schema '" + kCapData + "/schema/cap12.xsd'", file);
}

class CapTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ELINK_REQUIRE_DATA(kCapData + "/schema/cap12.xsd");
    ASSERT_EQ(std::system("xmllint --version >/dev/null 2>&1"), 0)
        << "xmllint is missing: scripts/install-deps.sh installs libxml2-utils";
    Apply(region::RegionImported{testing::SmallRegion()});
  }

  void Apply(engine::EventBody body) {
    const engine::Event e{state_.last_seq() + 1, now_, "chief", "", std::move(body)};
    ASSERT_TRUE(engine::Apply(state_, e).ok());
  }

  core::AlertContent Rainstorm() {
    core::AlertContent a;
    a.org = core::OrgId("C");
    a.level = core::AlertLevel::kOrange;
    a.category = core::AlertCategory::kMet;
    a.urgency = core::AlertUrgency::kExpected;
    a.certainty = core::AlertCertainty::kLikely;
    a.event = {"暴雨", "Rainstorm"};
    a.headline = {"未来3小时内降雨量将达50毫米以上", "More than 50 mm of rain within 3 hours"};
    a.description = {"受强对流影响，城区将出现短时强降水。", "Heavy showers over the city."};
    a.instruction = {"请避开低洼地带和地下空间。", "Keep away from low ground and basements."};
    a.area = {{"城区低洼地带", "Low-lying parts of the city"}, {30.005, 120.01}, 5.0};
    a.expires = now_ + std::chrono::hours(6);
    return a;
  }

  // Writes `xml` to a file and returns its path.
  std::filesystem::path Write(const std::string& xml, const std::string& name = "alert.cap") {
    const auto path = dir_ / name;
    std::ofstream(path, std::ios::binary) << xml;
    return path;
  }

  testing::TempDir dir_;
  core::State state_;
  TimePoint now_ = FromUnixMillis(1'800'000'000'000);  // 2027-01-15T08:00:00Z
};

TEST_F(CapTest, TheOracleAcceptsRealAlertsAndRefusesTheInvalidOne) {
  for (const char* real : {"/alerts/australia.cap", "/alerts/canada.cap",
                           "/alerts/thunderstorm.cap", "/alerts/43b080713727.cap"}) {
    const Lint r = Validate(kCapData + real);
    EXPECT_EQ(r.exit_code, 0) << real << ": " << r.out;
  }
  const Lint bad = Validate(kCapData + "/alerts/invalid.cap");
  EXPECT_NE(bad.exit_code, 0) << bad.out;
}

// The text of the first element called `name` (any namespace), as xmllint reads it.
std::string Text(const std::filesystem::path& file, const std::string& name, int index = 1) {
  Lint r = RunXmllint(
      "--xpath 'string((//*[local-name()=\"" + name + "\"])[" + std::to_string(index) + "])'",
      file);
  // xmllint ends what it prints with a newline of its own.
  if (!r.out.empty() && r.out.back() == '\n') r.out.pop_back();
  return r.out;
}

std::string Count(const std::filesystem::path& file, const std::string& name) {
  Lint r = RunXmllint("--xpath 'count(//*[local-name()=\"" + name + "\"])'", file);
  if (!r.out.empty() && r.out.back() == '\n') r.out.pop_back();
  return r.out;
}

TEST_F(CapTest, APublishedWarningIsValidCap12InBothLanguages) {
  core::AlertContent a = Rainstorm();
  a.incident = core::IncidentId(7);
  Apply(warning::AlertPublished{core::AlertId(1), a});
  const core::Alert* alert = state_.FindAlert(core::AlertId(1));
  ASSERT_NE(alert, nullptr);
  const auto file = Write(AlertToCap(state_, *alert));
  const Lint r = Validate(file);
  ASSERT_EQ(r.exit_code, 0) << r.out;

  EXPECT_EQ(Text(file, "identifier"), "elink.test-region.alert.1");
  EXPECT_EQ(Text(file, "sender"), "elink@test-region");
  EXPECT_EQ(Text(file, "sent"), "2027-01-15T08:00:00+00:00");
  EXPECT_EQ(Text(file, "status"), "Actual");
  EXPECT_EQ(Text(file, "msgType"), "Alert");
  EXPECT_EQ(Text(file, "scope"), "Public");
  EXPECT_EQ(Text(file, "incidents"), "elink.test-region.incident.7");
  EXPECT_EQ(Count(file, "info"), "2");
  EXPECT_EQ(Text(file, "language", 1), "zh-CN");
  EXPECT_EQ(Text(file, "language", 2), "en-US");
  EXPECT_EQ(Text(file, "category"), "Met");
  EXPECT_EQ(Text(file, "event", 2), "Rainstorm");
  EXPECT_EQ(Text(file, "severity"), "Severe");
  EXPECT_EQ(Text(file, "urgency"), "Expected");
  EXPECT_EQ(Text(file, "certainty"), "Likely");
  EXPECT_EQ(Text(file, "expires"), "2027-01-15T14:00:00+00:00");
  EXPECT_EQ(Text(file, "senderName", 2), "Org C");
  EXPECT_EQ(Text(file, "headline", 1), "[橙色预警] 未来3小时内降雨量将达50毫米以上");
  EXPECT_EQ(Text(file, "headline", 2), "[orange warning] More than 50 mm of rain within 3 hours");
  EXPECT_EQ(Text(file, "instruction", 2), "Keep away from low ground and basements.");
  EXPECT_EQ(Text(file, "areaDesc", 1), "城区低洼地带");
  EXPECT_EQ(Text(file, "circle", 2), "30.005000,120.010000 5.000");
}

TEST_F(CapTest, SeverityFollowsTheColour) {
  EXPECT_STREQ(CapSeverity(core::AlertLevel::kBlue), "Minor");
  EXPECT_STREQ(CapSeverity(core::AlertLevel::kYellow), "Moderate");
  EXPECT_STREQ(CapSeverity(core::AlertLevel::kOrange), "Severe");
  EXPECT_STREQ(CapSeverity(core::AlertLevel::kRed), "Extreme");
}

TEST_F(CapTest, ADrillInOneLanguageIsAnExerciseWithOneInfo) {
  core::AlertContent a = Rainstorm();
  a.exercise = true;
  a.level = core::AlertLevel::kRed;
  a.headline.zh.clear();
  a.area.description.en.clear();  // the area falls back to the other language
  Apply(warning::AlertPublished{core::AlertId(1), a});
  const auto file = Write(AlertToCap(state_, *state_.FindAlert(core::AlertId(1))));
  const Lint r = Validate(file);
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(Text(file, "status"), "Exercise");
  EXPECT_EQ(Count(file, "info"), "1");
  EXPECT_EQ(Text(file, "language"), "en-US");
  EXPECT_EQ(Text(file, "severity"), "Extreme");
  EXPECT_EQ(Text(file, "areaDesc"), "城区低洼地带");
  EXPECT_EQ(Count(file, "incidents"), "0");
}

TEST_F(CapTest, HostileTextStaysText) {
  core::AlertContent a = Rainstorm();
  a.headline.en = "<script>alert(1)</script> & ]]> \"quoted\" 'single'\x01 end";
  a.description.en = "</description><evil/><description>";
  Apply(warning::AlertPublished{core::AlertId(1), a});
  const auto file = Write(AlertToCap(state_, *state_.FindAlert(core::AlertId(1))));
  const Lint r = Validate(file);
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(Text(file, "headline", 2),
            "[orange warning] <script>alert(1)</script> & ]]> \"quoted\" 'single'  end");
  EXPECT_EQ(Text(file, "description", 2), "</description><evil/><description>");
  EXPECT_EQ(Count(file, "evil"), "0");
  EXPECT_EQ(Count(file, "script"), "0");
}

// Found by tests/fuzz/cap_fuzz.cpp: U+FFFE and U+FFFF pass every text check (valid UTF-8, no
// control characters) but XML 1.0 has no such characters, so the document was not well-formed.
TEST_F(CapTest, NoncharactersBecomeReplacementCharacters) {
  core::AlertContent a = Rainstorm();
  a.headline.en = "Flood \uFFFF warning \uFFFE";
  a.description.en = "\uFFFD \uFFEF kept";
  Apply(warning::AlertPublished{core::AlertId(1), a});
  const auto file = Write(AlertToCap(state_, *state_.FindAlert(core::AlertId(1))));
  const Lint r = Validate(file);
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(Text(file, "headline", 2), "[orange warning] Flood \uFFFD warning \uFFFD");
  EXPECT_EQ(Text(file, "description", 2), "\uFFFD \uFFEF kept");
}

TEST_F(CapTest, ACancelReferencesTheOriginalMessage) {
  Apply(warning::AlertPublished{core::AlertId(1), Rainstorm()});
  now_ += std::chrono::minutes(90);
  Apply(warning::AlertCancelled{core::AlertId(1), "雨势减弱 / the rain has eased"});
  const core::Alert* alert = state_.FindAlert(core::AlertId(1));
  ASSERT_TRUE(alert->cancelled_at.has_value());
  EXPECT_FALSE(alert->IsActive(now_));
  const auto file = Write(CancelToCap(state_, *alert));
  const Lint r = Validate(file);
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(Text(file, "msgType"), "Cancel");
  EXPECT_EQ(Text(file, "identifier"), "elink.test-region.alert.1.cancel");
  EXPECT_EQ(Text(file, "sent"), "2027-01-15T09:30:00+00:00");
  EXPECT_EQ(Text(file, "references"),
            "elink@test-region,elink.test-region.alert.1,2027-01-15T08:00:00+00:00");
  EXPECT_EQ(Text(file, "note"), "雨势减弱 / the rain has eased");
  EXPECT_EQ(Text(file, "responseType"), "AllClear");
  EXPECT_EQ(Text(file, "headline", 2), "Cancelled: More than 50 mm of rain within 3 hours");
}

TEST_F(CapTest, IdentifiersKeepToTheCharactersCapAllows) {
  core::State odd;
  core::Region region = testing::SmallRegion();
  region.id = "bay area, <north>";
  ASSERT_TRUE(engine::Apply(odd, {1, now_, "init", "", region::RegionImported{region}}).ok());
  EXPECT_EQ(CapSender(odd), "elink@bay_area___north_");
  EXPECT_EQ(CapIdentifier(odd, core::AlertId(12)), "elink.bay_area___north_.alert.12");
}

}  // namespace
}  // namespace elink::warning
