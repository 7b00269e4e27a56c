// SPDX-License-Identifier: Apache-2.0
// The registry of domains: every event of every domain has a code of its own, reads back what it
// writes, says who sees it, and keeps its secret fields from people; commands reach their domain.
#include "engine/registry.hpp"

#include "engine/decide.hpp"
#include "support/test_region.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <set>
#include <string>
#include <utility>
#include <variant>

namespace elink::engine {
namespace {

template <std::size_t... I>
std::vector<EventBody> OneOfEach(std::index_sequence<I...> /*alternatives*/) {
  return {EventBody(std::in_place_index<I>)...};
}

std::vector<EventBody> EveryEventType() {
  return OneOfEach(std::make_index_sequence<std::variant_size_v<EventBody>>());
}

TEST(RegistryTest, EveryEventHasItsOwnCodeAndReadsBackWhatItWrites) {
  std::set<std::string> codes;
  for (EventBody& body : EveryEventType()) {
    const std::string code(TypeOf(body));
    EXPECT_TRUE(codes.insert(code).second) << code << " twice";
    const Event e{7, FromUnixMillis(1000), "tester", "r-1", std::move(body)};
    const std::string payload = EncodePayload(e);
    const Result<Event> back = DecodeEvent(e.seq, e.at, code, payload);
    ASSERT_TRUE(back.ok()) << code << ": " << back.status().ToString();
    EXPECT_EQ(*back, e) << code;
    EXPECT_EQ(EncodePayload(*back), payload) << code << ": one spelling per event";
  }
  EXPECT_EQ(codes.size(), std::variant_size_v<EventBody>);
  EXPECT_GE(codes.size(), 24U) << "the events of region, dispatch, units, tasks, users, warning";
  EXPECT_EQ(DecodeEvent(1, {}, "no_such_event", "{}").status().code(), StatusCode::kCorruption);
}

TEST(RegistryTest, SecretFieldsAreLoggedButNeverShownToPeople) {
  const EventBody added = auth::UserAdded{
      "ann", {"安", "Ann"}, core::Role::kAdmin, core::OrgId("R"), "$argon2id$v=19$secret"};
  const EventBody changed = auth::UserPasswordChanged{"ann", "$argon2id$v=19$secret"};
  for (const EventBody& body : {added, changed}) {
    const Event e{1, {}, "admin", "", body};
    EXPECT_NE(EncodePayload(e).find("$argon2id$v=19$secret"), std::string::npos)
        << "the log keeps it";
    const nlohmann::json shown = DataForPeople(body);
    EXPECT_FALSE(shown.contains("password_hash")) << shown.dump();
    EXPECT_EQ(shown["name"], "ann");
  }
}

TEST(RegistryTest, EachEventSaysWhoSeesIt) {
  using K = core::Visibility::Kind;
  EXPECT_EQ(WhoSees(region::RegionImported{}).kind, K::kAdmins);
  EXPECT_EQ(WhoSees(auth::UserDisabled{"ann"}).kind, K::kAdmins);
  EXPECT_EQ(WhoSees(warning::AlertPublished{}).kind, K::kEveryone);
  EXPECT_EQ(WhoSees(warning::SensorLevelChanged{}).kind, K::kEveryone);
  const core::Visibility incident =
      WhoSees(dispatch::IncidentStatusChanged{core::IncidentId(4), {}, {}, ""});
  EXPECT_EQ(incident.kind, K::kSubjects);
  EXPECT_EQ(incident.incidents[0], core::IncidentId(4));
  EXPECT_FALSE(incident.unit.has_value());
  const core::Visibility merged =
      WhoSees(dispatch::IncidentsMerged{core::IncidentId(2), core::IncidentId(3)});
  EXPECT_EQ(merged.incidents[0], core::IncidentId(2));
  EXPECT_EQ(merged.incidents[1], core::IncidentId(3));
  const core::Visibility sent =
      WhoSees(dispatch::UnitDispatched{core::UnitId("E1"), core::IncidentId(5)});
  EXPECT_EQ(sent.incidents[0], core::IncidentId(5));
  EXPECT_EQ(sent.unit, core::UnitId("E1"));
  EXPECT_EQ(WhoSees(units::UnitPositionReported{core::UnitId("E2"), {}, {}}).unit,
            core::UnitId("E2"));
  for (const EventBody& body : EveryEventType()) {
    const core::Visibility v = WhoSees(body);
    if (v.kind != K::kSubjects) continue;
    EXPECT_TRUE(v.incidents[0] || v.unit) << TypeOf(body) << ": a subject to be seen with";
  }
}

// A command reaches its own domain: before a region only the region's import is decided, and each
// domain's command makes its domain's events.
TEST(RegistryTest, CommandsReachTheirDomain) {
  core::State state;
  const TimePoint now = FromUnixMillis(1'000'000);
  EXPECT_EQ(Decide(state, dispatch::ReportIncident{}, now).status().code(),
            StatusCode::kFailedPrecondition);
  const auto imported = Decide(state, region::ImportRegion{testing::SmallRegion()}, now);
  ASSERT_TRUE(imported.ok()) << imported.status().ToString();
  ASSERT_EQ(imported->size(), 1U);
  EXPECT_TRUE(std::holds_alternative<region::RegionImported>(imported->front()));
  ASSERT_TRUE(Apply(state, {1, now, "init", "", imported->front()}).ok());
  EXPECT_EQ(Apply(state, {1, now, "init", "", imported->front()}).code(), StatusCode::kCorruption)
      << "an event out of sequence";
  dispatch::ReportIncident report;
  report.type = "fire.residential";
  report.location = {37.80, -122.43};
  const auto reported = Decide(state, report, now);
  ASSERT_TRUE(reported.ok()) << reported.status().ToString();
  EXPECT_TRUE(std::holds_alternative<dispatch::IncidentReported>(reported->front()));
}

}  // namespace
}  // namespace elink::engine
