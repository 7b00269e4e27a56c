// SPDX-License-Identifier: Apache-2.0
#include "core/codec.hpp"

#include "engine/registry.hpp"
#include "support/constants.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <bit>
#include <cstdint>
#include <limits>
#include <random>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace elink::core {
namespace {

// The domains' commands and events by name (engine/registry.hpp lists them).
using namespace elink::engine::domains;  // NOLINT(google-build-using-namespace)
using engine::DecodeEvent;
using engine::EncodePayload;
using engine::Event;
using engine::EventBody;
using engine::TypeOf;

using Json = nlohmann::json;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr std::uint64_t kSeq = 12;
// Two argon2id strings in the form crypto_pwhash_str writes (the codec only carries them).
using testing::kArgonHash;
constexpr std::string_view kOtherHash =
    "$argon2id$v=19$m=65536,t=2,p=1$b3RoZXJzYWx0b3RoZXJzYQ$"
    "Zm9vYmFyYmF6cXV4cXV1eGZvb2JhcmJhenF1eHF1dXg";
const TimePoint kAt = FromUnixMillis(1'764'000'000'123);
// A JPEG's first bytes, then every byte value: 259 bytes.
const std::string kEveryByte = [] {
  std::string s("\xFF\xD8\xFF", 3);
  for (int b = 0; b < 256; ++b) s += static_cast<char>(b);
  return s;
}();

// Doubles whose decimal form is long or extreme: a codec that rounds them loses bits.
const std::vector<double> kAwkwardDoubles = {0.1 + 0.2,
                                             1e-300,
                                             -122.41941550000001,
                                             std::numeric_limits<double>::denorm_min(),
                                             std::numeric_limits<double>::max(),
                                             std::numeric_limits<double>::min(),
                                             1.0 / 3.0,
                                             30.0,
                                             -0.0};

std::string_view TypeName(const Event& event) {
  return std::visit([](const auto& body) { return std::remove_cvref_t<decltype(body)>::kType; },
                    event.body);
}

Event MakeEvent(EventBody body) {
  return Event{kSeq, kAt, "dispatcher:王芳", "req-7f3a", std::move(body)};
}

Result<Event> RoundTrip(const Event& event) {
  return DecodeEvent(event.seq, event.at, TypeName(event), EncodePayload(event));
}

std::vector<LatLon> Ring(double lat, double lon, double size) {
  return {{lat, lon}, {lat + size, lon}, {lat + size, lon + size}, {lat, lon + size}, {lat, lon}};
}

// A small region with every field set to something other than its default, and every optional
// present somewhere and absent somewhere.
Region MakeRegion() {
  Region region;
  region.id = "cn-demo";
  region.name = {"示范市", "Demo City"};
  region.organisations = {
      Organisation{OrgId("root"),
                   {"示范市应急管理局", "Demo Emergency Management Bureau"},
                   OrgTier::kCity,
                   std::nullopt,
                   {Department{DepartmentKind::kFire, {"消防救援支队", "Fire Brigade"}, "119"},
                    Department{DepartmentKind::kMedical, {"急救中心", "EMS Center"}, "120"}},
                   {OrgId("neighbour")}},
      Organisation{OrgId("east"),
                   {"东区", "East District"},
                   OrgTier::kDistrict,
                   OrgId("root"),
                   {Department{DepartmentKind::kPolice, {"公安分局", "Police"}, "110"}},
                   {OrgId("west"), OrgId("north")}},
      Organisation{
          OrgId("east-c1"), {"东一社区", "East 1"}, OrgTier::kCommunity, OrgId("east"), {}, {}},
  };
  Polygon with_hole{Ring(31.20, 121.40, 0.10), {Ring(31.22, 121.42, 0.02)}};
  Polygon plain{Ring(31.40, 121.60, 0.05), {}};
  region.grids = {
      Grid{GridId("g-001"), {"一号网格", "Grid 1"}, OrgId("east-c1"), {with_hole, plain}}};
  region.stations = {Station{StationId("st-1"),
                             {"特勤一站", "Station 1"},
                             StationKind::kEmsStation,
                             OrgId("east"),
                             {31.2304, -122.41941550000001},
                             "东区人民路1号"}};
  Unit busy{UnitId("u-1"),
            {"一号救护车", "Ambulance 1"},
            UnitType::kAmbulance,
            {Capability::kBasicLifeSupport, Capability::kAdvancedLifeSupport},
            StationId("st-1"),
            OrgId("east"),
            3,
            UnitStatus::kEnRoute,
            FromUnixMillis(1'764'000'000'000),
            IncidentId(42),
            LatLon{31.25, 121.45},
            FromUnixMillis(1'764'000'000'500),
            std::uint64_t{17},
            FromUnixMillis(1'764'000'001'000)};
  Unit idle{UnitId("u-2"),
            {"二号水罐车", "Engine 2"},
            UnitType::kTanker,
            {Capability::kWaterSupply},
            StationId("st-1"),
            OrgId("east"),
            5,
            UnitStatus::kOutOfService,
            FromUnixMillis(-1),
            std::nullopt,
            std::nullopt,
            std::nullopt};
  region.units = {busy, idle};
  PlanLevel level_iv{IncidentLevel::kIV,
                     OrgTier::kDistrict,
                     {PlanRequirement{UnitType::kEngine, std::nullopt, 2, 10},
                      PlanRequirement{std::nullopt, Capability::kAdvancedLifeSupport, 1, 15}},
                     {PlanTask{DepartmentKind::kMedical, {"派出救护车", "Send ambulances"}, 5}},
                     {Name{"确认伤员", "Count casualties"}, Name{"疏散", "Evacuate"}}};
  PlanLevel level_iii{IncidentLevel::kIII,
                      OrgTier::kCity,
                      {PlanRequirement{UnitType::kLadder, Capability::kAerial, 1, 20}},
                      {PlanTask{DepartmentKind::kPower, {"断电", "Cut power"}, 30}},
                      {}};
  region.plans = {Plan{PlanId("plan-fire"),
                       {"火灾预案", "Fire plan"},
                       {"fire.residential", "fire.industrial"},
                       {level_iv, level_iii}}};
  return region;
}

IncidentReported MakeReport() {
  IncidentReported r;
  r.id = IncidentId(42);
  r.type = "fire.residential";
  r.level = IncidentLevel::kII;
  r.source = IncidentSource::kGridWorker;
  r.location = {31.2304, 121.4737};
  r.address = "人民路100号";
  r.grid = GridId("g-001");
  r.jurisdiction = OrgId("east");
  r.description = "三楼冒烟 \"quoted\"\n第二行";
  r.reporter_name = "李雷";
  r.reporter_phone = "13800000000";
  r.casualties = Casualties{1, 2, 3, 4};
  r.exercise = true;
  return r;
}

std::vector<Event> EveryEventType() {
  return {
      MakeEvent(RegionImported{MakeRegion()}),
      MakeEvent(UnitAdded{MakeRegion().units[1], "新购入列 \"quoted\""}),
      MakeEvent(UnitChanged{UnitId("u-2"),
                            {"二号水罐车", "Engine 2"},
                            UnitType::kEngine,
                            {Capability::kFireSuppression, Capability::kWaterSupply},
                            6,
                            StationId("st-1"),
                            OrgId("east"),
                            "改装"}),
      MakeEvent(UnitRetired{UnitId("u-2"), UnitStatus::kOutOfService, "报废"}),
      MakeEvent(MakeReport()),
      MakeEvent(IncidentStatusChanged{IncidentId(42), IncidentStatus::kOnScene,
                                      IncidentStatus::kControlled, "火势控制"}),
      MakeEvent(IncidentLevelChanged{IncidentId(42), IncidentLevel::kIII, IncidentLevel::kI,
                                     "casualties rising"}),
      MakeEvent(IncidentsMerged{IncidentId(43), IncidentId(42)}),
      MakeEvent(
          UnitDispatched{UnitId("u-1"), IncidentId(std::numeric_limits<std::uint64_t>::max())}),
      MakeEvent(UnitStatusChanged{UnitId("u-1"), UnitStatus::kDispatched, UnitStatus::kReturning,
                                  "stood down"}),
      MakeEvent(UnitPositionReported{
          UnitId("u-1"), {0.1 + 0.2, -122.41941550000001}, FromUnixMillis(1'764'000'000'001)}),
      MakeEvent(PlanActivated{IncidentId(42),
                              PlanId("plan-fire"),
                              IncidentLevel::kIII,
                              {DepartmentTask{.id = 1,
                                              .department = DepartmentKind::kPower,
                                              .task = {"断电", "Cut power"},
                                              .level = IncidentLevel::kIII,
                                              .org = OrgId("root"),
                                              .ack_within_minutes = 30,
                                              .created_at = FromUnixMillis(7),
                                              .due = FromUnixMillis(1'800'007)}}}),
      MakeEvent(TaskUpdated{IncidentId(42), 7, TaskStatus::kDone, "已断电 \"总闸\""}),
      MakeEvent(TaskEscalated{IncidentId(42), 2, OrgId("east"), OrgId("root"),
                              FromUnixMillis(1'764'000'600'000)}),
      MakeEvent(IncidentShared{IncidentId(42), OrgId("west")}),
      MakeEvent(IncidentNoteAdded{IncidentId(42), "报警人称三楼 \"有人\"\n第二行"}),
      MakeEvent(IncidentUnshared{IncidentId(42), OrgId("north")}),
      MakeEvent(UserAdded{"wang.fang",
                          {"王芳", "Wang Fang"},
                          Role::kDispatcher,
                          OrgId("east"),
                          std::string(kArgonHash)}),
      MakeEvent(UserRoleChanged{"wang.fang", Role::kRegionalCoordinator, OrgId("root")}),
      MakeEvent(UserPasswordChanged{"wang.fang", std::string(kOtherHash)}),
      MakeEvent(UserDisabled{"wang.fang"}),
      MakeEvent(UserEnabled{"wang.fang"}),
      MakeEvent(UserTokensRevoked{"wang.fang"}),
      MakeEvent(AlertPublished{
          AlertId(3),
          AlertContent{
              .org = OrgId("east"),
              .level = AlertLevel::kRed,
              .category = AlertCategory::kCbrne,
              .urgency = AlertUrgency::kImmediate,
              .certainty = AlertCertainty::kObserved,
              .event = {"危化品泄漏", "Chemical leak"},
              .headline = {"关闭门窗 \"立即\"", "Close windows now"},
              .description = {"氯气泄漏\n第二行", ""},
              .instruction = {"", "Stay indoors"},
              .area = {{"化工园区周边", "Around the chemical park"}, {31.2304, 121.4737}, 2.5},
              .incident = IncidentId(42),
              .exercise = true,
              .expires = FromUnixMillis(1'764'003'600'000)}}),
      MakeEvent(AlertCancelled{AlertId(3), "泄漏已控制"}),
      // Every byte value, so that the base64 in the log must carry binary exactly.
      MakeEvent(IncidentPhotoAttached{IncidentId(42), 2, "image/jpeg", 259, std::string(64, 'a'),
                                      Blob{kEveryByte}}),
      // Monitoring: a value that is no short decimal, a level change in both languages.
      MakeEvent(ReadingRecorded{SensorId("WL-1"), kAt - Millis(1), 3.4200000000000004,
                                SensorLevel::kOrange, true}),
      MakeEvent(SnapshotTaken{3005, std::string(64, 'a'), std::string(64, 'b')}),
      MakeEvent(SensorLevelChanged{SensorId("WL-1"), SensorLevel::kYellow, SensorLevel::kOrange,
                                   "水位 3.42 m 超过橙色阈值 3.2 m",
                                   "water level 3.42 m above the orange threshold 3.2 m", false}),
  };
}

// The payload of a valid event as a JSON document, to be damaged by a test.
Json PayloadOf(const EventBody& body) { return Json::parse(EncodePayload(MakeEvent(body))); }

Status DecodeAs(std::string_view type, const std::string& payload) {
  return DecodeEvent(kSeq, kAt, type, payload).status();
}

// The message of decoding a damaged payload; fails the test unless it is kCorruption.
std::string CorruptionMessage(std::string_view type, const std::string& payload) {
  const Status status = DecodeAs(type, payload);
  EXPECT_EQ(status.code(), StatusCode::kCorruption) << payload.substr(0, 200);
  return status.message();
}

std::string ReportError(const Json& payload) {
  return CorruptionMessage(IncidentReported::kType, payload.dump());
}

TEST(CodecTest, RoundTripsEveryEventType) {
  std::set<std::size_t> covered;
  for (const Event& event : EveryEventType()) {
    SCOPED_TRACE(TypeName(event));
    covered.insert(event.body.index());
    const Result<Event> decoded = RoundTrip(event);
    ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
    EXPECT_EQ(*decoded, event);
    EXPECT_EQ(EncodePayload(*decoded), EncodePayload(event));
  }
  EXPECT_EQ(covered.size(), std::variant_size_v<EventBody>) << "a body type has no round-trip case";
}

TEST(CodecTest, DecodeTakesSeqAndTimeFromTheRecord) {
  const Event event = MakeEvent(IncidentsMerged{IncidentId(1), IncidentId(2)});
  const Result<Event> decoded =
      DecodeEvent(99, FromUnixMillis(5), IncidentsMerged::kType, EncodePayload(event));
  ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
  EXPECT_EQ(decoded->seq, 99U);
  EXPECT_EQ(decoded->at, FromUnixMillis(5));
  EXPECT_EQ(decoded->actor, event.actor);
  EXPECT_EQ(decoded->body, event.body);
}

TEST(CodecTest, EmptyStringsAndAbsentOptionalsRoundTrip) {
  IncidentReported report = MakeReport();
  report.grid.reset();
  report.jurisdiction.reset();
  report.address.clear();
  Event event = MakeEvent(report);
  event.request_id.clear();
  const std::string payload = EncodePayload(event);
  EXPECT_THAT(payload, Not(HasSubstr("\"grid\"")));
  EXPECT_THAT(payload, Not(HasSubstr("\"jurisdiction\"")));
  EXPECT_THAT(payload, Not(HasSubstr("null")));
  const Result<Event> decoded = RoundTrip(event);
  ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
  EXPECT_EQ(*decoded, event);
}

TEST(CodecTest, PayloadLayout) {
  const Json j = PayloadOf(MakeReport());
  EXPECT_EQ(j.size(), 3U);
  EXPECT_EQ(j["actor"], "dispatcher:王芳");
  EXPECT_EQ(j["request_id"], "req-7f3a");
  const Json& data = j["data"];
  EXPECT_FALSE(data.contains("seq"));
  EXPECT_FALSE(data.contains("at"));
  EXPECT_EQ(data["type"], "fire.residential");  // the incident's type, not the event's
  EXPECT_EQ(data["id"], 42);
  EXPECT_EQ(data["level"], "II");
  EXPECT_EQ(data["source"], "grid_worker");
  EXPECT_EQ(data["grid"], "g-001");
  EXPECT_EQ(data["casualties"],
            (Json{{"injured", 1}, {"dead", 2}, {"trapped", 3}, {"missing", 4}}));
  EXPECT_EQ(data["location"]["lat"], 31.2304);

  const Json position = PayloadOf(UnitPositionReported{UnitId("u"), {}, FromUnixMillis(-5)});
  EXPECT_TRUE(position["data"]["at"].is_number_integer());
  EXPECT_EQ(position["data"]["at"], -5);

  // Compact: no whitespace between tokens.
  EXPECT_THAT(
      EncodePayload(MakeEvent(IncidentsMerged{IncidentId(1), IncidentId(2)})),
      ::testing::StartsWith(R"({"actor":"dispatcher:王芳","data":{"duplicate":1,"into":2})"));
}

// An incident's report as the log has it, recorded from the encoder at c987054, when
// IncidentReported still declared each of its fields itself: what a center wrote then must be what
// it writes now, byte for byte, and read back as the same event.
TEST(CodecTest, IncidentReportedIsWrittenAsTheLogAlwaysHadIt) {
  constexpr std::string_view kRecorded =
      R"({"actor":"dispatcher:王芳","data":{"address":"人民路100号","casualties":{"dead":2,"injured":1,"missing":4,"trapped":3},"description":"三楼冒烟 \"quoted\"\n第二行","exercise":true,"grid":"g-001","id":42,"jurisdiction":"east","level":"II","location":{"lat":31.2304,"lon":121.4737},"reporter_name":"李雷","reporter_phone":"13800000000","source":"grid_worker","type":"fire.residential"},"request_id":"req-7f3a"})";
  const Event event = MakeEvent(MakeReport());
  EXPECT_EQ(EncodePayload(event), kRecorded);
  const Result<Event> decoded = DecodeEvent(kSeq, kAt, IncidentReported::kType, kRecorded);
  ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
  EXPECT_EQ(*decoded, event);

  // Defaults and absent optionals (no grid, no jurisdiction): the fields a bare report leaves.
  constexpr std::string_view kRecordedBare =
      R"({"actor":"dispatcher:王芳","data":{"address":"","casualties":{"dead":0,"injured":0,"missing":0,"trapped":0},"description":"","exercise":false,"id":1,"level":"IV","location":{"lat":30.005,"lon":120.005},"reporter_name":"","reporter_phone":"","source":"call","type":"fire.residential"},"request_id":"req-7f3a"})";
  IncidentReported bare;
  bare.id = IncidentId(1);
  bare.type = "fire.residential";
  bare.location = {30.005, 120.005};
  const Event bare_event = MakeEvent(bare);
  EXPECT_EQ(EncodePayload(bare_event), kRecordedBare);
  const Result<Event> bare_decoded = DecodeEvent(kSeq, kAt, IncidentReported::kType, kRecordedBare);
  ASSERT_TRUE(bare_decoded.ok()) << bare_decoded.status().ToString();
  EXPECT_EQ(*bare_decoded, bare_event);
}

TEST(CodecTest, EncodingIsDeterministic) {
  for (const Event& event : EveryEventType()) {
    const std::string first = EncodePayload(event);
    const Event copy = event;
    EXPECT_EQ(EncodePayload(copy), first);
    EXPECT_EQ(EncodePayload(event), first);
  }
  EXPECT_EQ(EncodeRegion(MakeRegion()), EncodeRegion(MakeRegion()));
}

TEST(CodecTest, EncodeRegionIsTheRegionImportedData) {
  const Region region = MakeRegion();
  const Json from_event = PayloadOf(RegionImported{region})["data"]["region"];
  EXPECT_EQ(Json::parse(EncodeRegion(region)), from_event);
  EXPECT_EQ(from_event["organisations"][0]["departments"][1]["kind"], "medical");
  EXPECT_EQ(from_event["units"][0]["capabilities"], (Json{"bls", "als"}));
  EXPECT_FALSE(from_event["units"][1].contains("position"));
  EXPECT_FALSE(from_event["organisations"][0].contains("parent"));
  EXPECT_EQ(from_event["grids"][0]["area"][0]["holes"][0].size(), 5U);
  EXPECT_EQ(from_event["plans"][0]["levels"][1]["level"], "III");
}

TEST(CodecTest, AwkwardDoublesRoundTripBitForBit) {
  for (const double d : kAwkwardDoubles) {
    SCOPED_TRACE(d);
    const Event event = MakeEvent(UnitPositionReported{UnitId("u"), {d, -d}, kAt});
    const Result<Event> decoded = RoundTrip(event);
    ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
    const auto& position = std::get<UnitPositionReported>(decoded->body).position;
    EXPECT_EQ(std::bit_cast<std::uint64_t>(position.lat), std::bit_cast<std::uint64_t>(d));
    EXPECT_EQ(std::bit_cast<std::uint64_t>(position.lon), std::bit_cast<std::uint64_t>(-d));
  }
}

// State keeps organisations in a map, so a snapshot lists them by id.
Json OrgsById(Json orgs) {
  std::sort(orgs.begin(), orgs.end(),
            [](const Json& a, const Json& b) { return a["id"] < b["id"]; });
  return orgs;
}

// A snapshot written by hand: the region's reference data plus two incidents, one with every
// optional set and awkward coordinates, one with none.
Json MakeStateJson() {
  const Json region = Json::parse(EncodeRegion(MakeRegion()));
  Json full = {
      {"id", 42},
      {"type", "fire.residential"},
      {"category", "natural"},
      {"level", "I"},
      {"status", "merged"},
      {"source", "sensor"},
      {"location", {{"lat", 0.1 + 0.2}, {"lon", -122.41941550000001}}},
      {"address", "人民路100号"},
      {"grid", "g-001"},
      {"jurisdiction", "east"},
      {"description", "desc"},
      {"reporter_name", "李雷"},
      {"reporter_phone", "13800000000"},
      {"casualties", {{"injured", 1}, {"dead", 2}, {"trapped", 3}, {"missing", 4}}},
      {"exercise", true},
      {"reported_at", 1000},
      {"verified_at", 2000},
      {"dispatched_at", 3000},
      {"on_scene_at", 4000},
      {"controlled_at", 5000},
      {"closed_at", 6000},
      {"units", {"u-1", "u-2"}},
      {"merged_into", 43},
      {"merged_from", {40, 41}},
      {"plan", "plan-fire"},
      {"plan_level", "III"},
      {"tasks",
       {{{"id", 1},
         {"department", "medical"},
         {"task", {{"zh", "派出救护车"}, {"en", "Send ambulances"}}},
         {"level", "IV"},
         {"org", "root"},
         {"ack_within_minutes", 5},
         {"status", "done"},
         {"created_at", 2000},
         {"due", 302000},
         {"escalations", 1},
         {"acknowledged_at", 2500},
         {"acknowledged_by", "120"},
         {"done_at", 5000},
         {"note", "两车到场"}},
        {{"id", 2},
         {"department", "power"},
         {"task", {{"zh", "断电"}, {"en", "Cut power"}}},
         {"level", "III"},
         {"org", "east"},
         {"ack_within_minutes", 30},
         {"status", "pending"},
         {"created_at", 2000},
         {"due", 1802000},
         {"escalations", 0},
         {"acknowledged_by", ""},
         {"note", ""}}}},
      {"chronology",
       {{{"seq", 3}, {"at", 1000}, {"actor", "a"}, {"what", "incident_reported"}, {"detail", ""}},
        {{"seq", 9},
         {"at", 2000},
         {"actor", "b"},
         {"what", "incident_status_changed"},
         {"detail", "reported>verified"}}}},
      {"shared_with", {"neighbour", "west"}},
      {"photos",
       {{{"index", 1},
         {"media_type", "image/png"},
         {"size", 2097152},
         {"sha256", std::string(64, 'f')},
         {"seq", 4},
         {"attached_at", 1000}}}},
  };
  Json bare = {
      {"id", 43},
      {"type", "flood.urban"},
      {"category", "accident"},
      {"level", "IV"},
      {"status", "reported"},
      {"source", "call"},
      {"location", {{"lat", 1e-300}, {"lon", std::numeric_limits<double>::denorm_min()}}},
      {"address", ""},
      {"description", ""},
      {"reporter_name", ""},
      {"reporter_phone", ""},
      {"casualties", {{"injured", 0}, {"dead", 0}, {"trapped", 0}, {"missing", 0}}},
      {"exercise", false},
      {"reported_at", 0},
      {"units", Json::array()},
      {"merged_from", Json::array()},
      {"tasks", Json::array()},
      {"chronology", Json::array()},
      {"shared_with", Json::array()},
      {"photos", Json::array()},
  };
  // Users by name; one with every field away from its default.
  Json users = {
      {{"name", "admin"},
       {"display", {{"zh", "管理员"}, {"en", "Administrator"}}},
       {"role", "admin"},
       {"org", "root"},
       {"password_hash", kArgonHash},
       {"disabled", false},
       {"created_at", 1000},
       {"token_version", 0}},
      {{"name", "wang.fang"},
       {"display", {{"zh", "王芳"}, {"en", ""}}},
       {"role", "grid_worker"},
       {"org", "east-c1"},
       {"password_hash", kOtherHash},
       {"disabled", true},
       {"created_at", -5},
       {"token_version", 4'294'967'295U}},
  };
  return {
      {"format", 6},
      {"last_seq", 57},
      {"last_event_at", 1'764'000'000'999},
      {"region_id", "cn-demo"},
      {"region_name", {{"zh", "示范市"}, {"en", "Demo City"}}},
      {"next_incident_id", 44},
      {"orgs", OrgsById(region["organisations"])},
      {"grids", region["grids"]},
      {"stations", region["stations"]},
      {"units", region["units"]},
      {"plans", region["plans"]},
      {"incidents", {full, bare}},
      {"users", users},
      {"next_alert_id", 3},
      {"alerts",
       {{{"id", 1},
         {"content",
          {{"org", "east"},
           {"level", "orange"},
           {"category", "Met"},
           {"urgency", "Expected"},
           {"certainty", "Likely"},
           {"event", {{"zh", "暴雨"}, {"en", "Rainstorm"}}},
           {"headline", {{"zh", "暴雨橙色预警"}, {"en", "Orange rainstorm warning"}}},
           {"description", {{"zh", ""}, {"en", ""}}},
           {"instruction", {{"zh", "避开低洼地带"}, {"en", "Avoid low ground"}}},
           {"area",
            {{"description", {{"zh", "全市"}, {"en", "The whole city"}}},
             {"center", {{"lat", 31.2}, {"lon", 121.5}}},
             {"radius_km", 30.0}}},
           {"exercise", false},
           {"expires", 1'764'021'600'000}}},
         {"sent", 1'764'000'000'000},
         {"sender", "chief"},
         {"cancelled_at", 1'764'000'600'000},
         {"cancel_reason", "雨停"}}}},
      {"sensors", Json::array()},
  };
}

TEST(CodecTest, StateRoundTrip) {
  const Json input = MakeStateJson();
  const Result<State> state = DecodeState(input.dump());
  ASSERT_TRUE(state.ok()) << state.status().ToString();

  EXPECT_EQ(state->last_seq(), 57U);
  EXPECT_EQ(state->last_event_at(), FromUnixMillis(1'764'000'000'999));
  EXPECT_EQ(state->region_id(), "cn-demo");
  EXPECT_EQ(state->region_name(), (Name{"示范市", "Demo City"}));
  EXPECT_EQ(state->next_incident_id(), IncidentId(44));
  EXPECT_EQ(state->next_alert_id(), AlertId(3));
  ASSERT_EQ(state->alerts().size(), 1U);
  const Alert* alert = state->FindAlert(AlertId(1));
  ASSERT_NE(alert, nullptr);
  EXPECT_EQ(alert->content.level, AlertLevel::kOrange);
  EXPECT_EQ(alert->content.area.radius_km, 30.0);
  EXPECT_FALSE(alert->content.incident.has_value());
  EXPECT_EQ(alert->cancelled_at, FromUnixMillis(1'764'000'600'000));
  EXPECT_EQ(alert->cancel_reason, "雨停");
  const Region region = MakeRegion();
  ASSERT_EQ(state->organisations().size(), 3U);
  EXPECT_EQ(state->organisations().at(OrgId("east")), region.organisations[1]);
  EXPECT_EQ(state->grids().at(GridId("g-001")), region.grids[0]);
  EXPECT_EQ(state->stations().at(StationId("st-1")), region.stations[0]);
  EXPECT_EQ(state->units().at(UnitId("u-1")), region.units[0]);
  EXPECT_EQ(state->units().at(UnitId("u-2")), region.units[1]);
  EXPECT_EQ(state->plans().at(PlanId("plan-fire")), region.plans[0]);
  ASSERT_EQ(state->incidents().size(), 2U);
  const Incident& full = state->incidents().at(IncidentId(42));
  EXPECT_EQ(full.status, IncidentStatus::kMerged);
  EXPECT_EQ(full.merged_into, IncidentId(43));
  EXPECT_EQ(full.closed_at, FromUnixMillis(6000));
  EXPECT_EQ(full.chronology.at(1).detail, "reported>verified");
  EXPECT_EQ(std::bit_cast<std::uint64_t>(full.location.lat),
            std::bit_cast<std::uint64_t>(0.1 + 0.2));
  const Incident& bare = state->incidents().at(IncidentId(43));
  EXPECT_FALSE(bare.grid.has_value());
  EXPECT_FALSE(bare.verified_at.has_value());
  EXPECT_FALSE(bare.merged_into.has_value());
  EXPECT_EQ(bare.location.lon, std::numeric_limits<double>::denorm_min());
  EXPECT_EQ(full.shared_with, (std::vector<OrgId>{OrgId("neighbour"), OrgId("west")}));
  EXPECT_TRUE(bare.shared_with.empty());
  ASSERT_EQ(full.photos.size(), 1U);
  EXPECT_EQ(full.photos[0], (IncidentPhoto{1, "image/png", 2097152, std::string(64, 'f'), 4,
                                           FromUnixMillis(1000)}));
  EXPECT_TRUE(bare.photos.empty());
  ASSERT_EQ(state->users().size(), 2U);
  const User* admin = state->FindUser("admin");
  ASSERT_NE(admin, nullptr);
  EXPECT_EQ(admin->role, Role::kAdmin);
  EXPECT_EQ(admin->password_hash, kArgonHash);
  const User* wang = state->FindUser("wang.fang");
  ASSERT_NE(wang, nullptr);
  EXPECT_EQ(wang->display, (Name{"王芳", ""}));
  EXPECT_EQ(wang->org, OrgId("east-c1"));
  EXPECT_TRUE(wang->disabled);
  EXPECT_EQ(wang->created_at, FromUnixMillis(-5));
  EXPECT_EQ(wang->token_version, 4'294'967'295U);
  EXPECT_EQ(state->FindUser("nobody"), nullptr);

  const std::string encoded = EncodeState(*state);
  EXPECT_EQ(Json::parse(encoded), input);
  EXPECT_EQ(encoded, input.dump()) << "not the canonical form";
  const Result<State> again = DecodeState(encoded);
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_EQ(*again, *state);
  EXPECT_EQ(EncodeState(*again), encoded);
}

TEST(CodecTest, StateBuiltByApplyRoundTrips) {
  Region region = MakeRegion();
  for (Unit& unit : region.units) {
    unit.status = UnitStatus::kAvailable;
    unit.incident.reset();
  }
  IncidentReported first = MakeReport();
  first.id = IncidentId(1);
  IncidentReported second = MakeReport();
  second.id = IncidentId(2);
  second.grid.reset();
  const std::vector<EventBody> bodies = {
      RegionImported{region},
      first,
      second,
      IncidentStatusChanged{IncidentId(1), IncidentStatus::kReported, IncidentStatus::kVerified,
                            "called back"},
      UnitDispatched{UnitId("u-1"), IncidentId(1)},
      UnitStatusChanged{UnitId("u-1"), UnitStatus::kDispatched, UnitStatus::kEnRoute, ""},
      UnitPositionReported{UnitId("u-1"), {0.1 + 0.2, -122.41941550000001}, kAt},
      PlanActivated{IncidentId(1),
                    PlanId("plan-fire"),
                    IncidentLevel::kIII,
                    {DepartmentTask{.id = 1,
                                    .department = DepartmentKind::kMedical,
                                    .task = {"派出救护车", "Send ambulances"},
                                    .org = OrgId("root"),
                                    .ack_within_minutes = 5,
                                    .created_at = kAt,
                                    .due = kAt + std::chrono::minutes(5)},
                     DepartmentTask{.id = 2,
                                    .department = DepartmentKind::kPolice,
                                    .task = {"警戒", "Cordon"},
                                    .org = OrgId("east"),
                                    .ack_within_minutes = 3,
                                    .created_at = kAt,
                                    .due = kAt + std::chrono::minutes(3)}}},
      TaskUpdated{IncidentId(1), 1, TaskStatus::kAcknowledged, "收到"},
      TaskEscalated{IncidentId(1), 2, OrgId("east"), OrgId("root"), kAt + std::chrono::hours(1)},
      IncidentLevelChanged{IncidentId(1), IncidentLevel::kII, IncidentLevel::kI, "spreading"},
      IncidentsMerged{IncidentId(2), IncidentId(1)},
      IncidentShared{IncidentId(1), OrgId("east-c1")},
      IncidentShared{IncidentId(1), OrgId("root")},
      IncidentUnshared{IncidentId(1), OrgId("east-c1")},
      IncidentPhotoAttached{IncidentId(1), 1, "image/jpeg", kEveryByte.size(), std::string(64, '0'),
                            Blob{kEveryByte}},
      UserAdded{"admin", {"管理员", "Admin"}, Role::kAdmin, OrgId("root"), std::string(kArgonHash)},
      UserAdded{"wang.fang",
                {"王芳", "Wang Fang"},
                Role::kDispatcher,
                OrgId("east"),
                std::string(kArgonHash)},
      UserRoleChanged{"wang.fang", Role::kCommander, OrgId("east-c1")},
      UserPasswordChanged{"wang.fang", std::string(kOtherHash)},
      UserDisabled{"wang.fang"},
      UserEnabled{"wang.fang"},
      UserTokensRevoked{"admin"},
  };
  State state;
  for (std::size_t i = 0; i < bodies.size(); ++i) {
    const Event event{i + 1, kAt + Millis(i), "dispatcher", "r", bodies[i]};
    ASSERT_TRUE(engine::Apply(state, event).ok()) << TypeName(event);
  }

  const std::string encoded = EncodeState(state);
  const Result<State> decoded = DecodeState(encoded);
  ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
  EXPECT_TRUE(*decoded == state);
  EXPECT_EQ(EncodeState(*decoded), encoded);
  EXPECT_EQ(decoded->last_seq(), bodies.size());
  EXPECT_EQ(decoded->next_incident_id(), IncidentId(3));
  EXPECT_EQ(decoded->FindIncident(IncidentId(1))->shared_with, std::vector<OrgId>{OrgId("root")});
  // The photo's description, not its bytes, is in the state and its snapshot.
  const std::vector<IncidentPhoto>& photos = decoded->FindIncident(IncidentId(1))->photos;
  ASSERT_EQ(photos.size(), 1U);
  EXPECT_EQ(photos[0].seq, 16U);
  EXPECT_EQ(photos[0].size, kEveryByte.size());
  EXPECT_THAT(encoded, Not(HasSubstr(EncodeBase64(kEveryByte))));
  const User* wang = decoded->FindUser("wang.fang");
  ASSERT_NE(wang, nullptr);
  EXPECT_EQ(wang->role, Role::kCommander);
  EXPECT_FALSE(wang->disabled);
  EXPECT_EQ(wang->password_hash, kOtherHash);
  EXPECT_EQ(wang->token_version, 2U);  // password change and disabling
  EXPECT_EQ(wang->created_at, kAt + Millis(17));
  EXPECT_EQ(decoded->FindUser("admin")->token_version, 1U);
}

TEST(CodecTest, EmptyStateRoundTrip) {
  const State empty;
  const std::string encoded = EncodeState(empty);
  EXPECT_THAT(encoded, HasSubstr("\"format\":6"));
  const Result<State> decoded = DecodeState(encoded);
  ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
  EXPECT_EQ(*decoded, empty);
}

TEST(CodecTest, StateFormatIsChecked) {
  Json j = MakeStateJson();
  // Format 4 had no photos; the engine replays the log rather than guess at them.
  j["format"] = 4;
  EXPECT_EQ(DecodeState(j.dump()).status().message(),
            "state snapshot: format: unsupported version 4 (this build reads 6)");
  j["format"] = "1";
  EXPECT_EQ(DecodeState(j.dump()).status().message(),
            "state snapshot: format: expected integer, got string");
  j.erase("format");
  EXPECT_EQ(DecodeState(j.dump()).status().message(), "state snapshot: format: missing");
}

TEST(CodecTest, StateErrorsNameTheField) {
  const auto message = [](const Json& j) {
    const Status status = DecodeState(j.dump()).status();
    EXPECT_EQ(status.code(), StatusCode::kCorruption);
    return status.message();
  };
  Json j = MakeStateJson();
  j["orgs"].push_back(j["orgs"][0]);
  EXPECT_EQ(message(j), "state snapshot: orgs[3].id: duplicate id 'east'");

  j = MakeStateJson();
  j["incidents"][1]["merged_from"] = {1, -1};
  EXPECT_EQ(message(j), "state snapshot: incidents[1].merged_from[1]: -1 is out of range");

  j = MakeStateJson();
  j["incidents"][0]["chronology"][1]["seq"] = 2.5;
  EXPECT_EQ(message(j),
            "state snapshot: incidents[0].chronology[1].seq: expected integer, got number 2.5");

  j = MakeStateJson();
  j["units"][0]["position"].erase("lon");
  EXPECT_EQ(message(j), "state snapshot: units[0].position.lon: missing");

  j = MakeStateJson();
  j["grids"][0]["area"][0]["holes"][0][2]["lat"] = "north";
  EXPECT_EQ(message(j),
            "state snapshot: grids[0].area[0].holes[0][2].lat: expected number, got string");

  j = MakeStateJson();
  j["orgs"] = Json::object();
  EXPECT_EQ(message(j), "state snapshot: orgs: expected array, got object");

  j = MakeStateJson();
  j["next_incident_id"] = -3;
  EXPECT_EQ(message(j), "state snapshot: next_incident_id: -3 is out of range");

  j = MakeStateJson();
  j["users"].push_back(j["users"][0]);
  EXPECT_EQ(message(j), "state snapshot: users[2].name: duplicate name 'admin'");

  j = MakeStateJson();
  j["users"][1]["role"] = "superuser";
  EXPECT_THAT(message(j), ::testing::StartsWith(
                              "state snapshot: users[1].role: unknown code 'superuser' "
                              "(expected one of dispatcher, commander, regional_coordinator"));

  j = MakeStateJson();
  j["users"][0]["token_version"] = 4'294'967'296ULL;
  EXPECT_EQ(message(j), "state snapshot: users[0].token_version: 4294967296 is out of range");

  j = MakeStateJson();
  j["incidents"][0]["shared_with"] = "west";
  EXPECT_EQ(message(j), "state snapshot: incidents[0].shared_with: expected array, got string");

  j = MakeStateJson();
  j.erase("users");
  EXPECT_EQ(message(j), "state snapshot: users: missing");

  j = MakeStateJson();
  j["snapshot_comment"] = "hi";
  EXPECT_EQ(message(j), "state snapshot: snapshot_comment: unknown field");

  EXPECT_THAT(DecodeState("").status().message(), HasSubstr("state snapshot: malformed JSON"));
  EXPECT_EQ(DecodeState("[]").status().message(), "state snapshot: expected object, got array");
}

TEST(CodecTest, ErrorsNameTheEventAndTheField) {
  Json j = PayloadOf(MakeReport());
  j["data"]["level"] = "V";
  EXPECT_THAT(ReportError(j),
              ::testing::StartsWith("event 12 (incident_reported): data.level: unknown code 'V'"));
  EXPECT_THAT(ReportError(j), HasSubstr("I, II, III, IV"));

  j = PayloadOf(MakeReport());
  j["data"]["exercise"] = 1;
  EXPECT_EQ(ReportError(j),
            "event 12 (incident_reported): data.exercise: expected boolean, got number 1");

  j = PayloadOf(MakeReport());
  j["data"]["location"]["lat"] = "31";
  EXPECT_EQ(ReportError(j),
            "event 12 (incident_reported): data.location.lat: expected number, got string");

  j = PayloadOf(MakeReport());
  j["data"]["grid"] = nullptr;
  EXPECT_EQ(ReportError(j), "event 12 (incident_reported): data.grid: expected string, got null");

  j = PayloadOf(MakeReport());
  j["data"].erase("address");
  EXPECT_EQ(ReportError(j), "event 12 (incident_reported): data.address: missing");

  j = PayloadOf(MakeReport());
  j["data"]["casualties"]["dead"] = 1e300;
  EXPECT_EQ(ReportError(j),
            "event 12 (incident_reported): data.casualties.dead: expected integer, got number "
            "1e+300");

  j = PayloadOf(MakeReport());
  j["data"]["casualties"]["trapped"] = 2147483648LL;
  EXPECT_EQ(ReportError(j),
            "event 12 (incident_reported): data.casualties.trapped: 2147483648 is out of range");

  j = PayloadOf(MakeReport());
  j["data"]["id"] = -1;
  EXPECT_EQ(ReportError(j), "event 12 (incident_reported): data.id: -1 is out of range");

  j = PayloadOf(MakeReport());
  j["data"]["id"] = "42";
  EXPECT_EQ(ReportError(j), "event 12 (incident_reported): data.id: expected integer, got string");

  j = PayloadOf(MakeReport());
  j["data"]["colour"] = "red";
  EXPECT_EQ(ReportError(j), "event 12 (incident_reported): data.colour: unknown field");

  j = PayloadOf(MakeReport());
  j["zzz"] = 1;
  EXPECT_EQ(ReportError(j), "event 12 (incident_reported): zzz: unknown field");

  j = PayloadOf(MakeReport());
  j["actor"] = 7;
  EXPECT_EQ(ReportError(j), "event 12 (incident_reported): actor: expected string, got number 7");

  j = PayloadOf(MakeReport());
  j.erase("data");
  EXPECT_EQ(ReportError(j), "event 12 (incident_reported): data: missing");

  j = PayloadOf(MakeReport());
  j["data"] = Json::array();
  EXPECT_EQ(ReportError(j), "event 12 (incident_reported): data: expected object, got array");
}

TEST(CodecTest, NumbersBeyondUint64AreRejected) {
  std::string payload = PayloadOf(MakeReport()).dump();
  const std::string id = "\"id\":42";
  ASSERT_NE(payload.find(id), std::string::npos);
  payload.replace(payload.find(id), id.size(), "\"id\":18446744073709551616");
  EXPECT_THAT(CorruptionMessage(IncidentReported::kType, payload),
              HasSubstr("data.id: expected integer, got number"));

  Json j = PayloadOf(UnitPositionReported{UnitId("u"), {}, kAt});
  j["data"]["at"] = std::numeric_limits<std::uint64_t>::max();
  EXPECT_EQ(CorruptionMessage(UnitPositionReported::kType, j.dump()),
            "event 12 (unit_position_reported): data.at: 18446744073709551615 is out of range");
}

TEST(CodecTest, NestedRegionErrorsHaveFullPaths) {
  const auto region_error = [](const Json& j) {
    return CorruptionMessage(RegionImported::kType, j.dump());
  };
  Json j = PayloadOf(RegionImported{MakeRegion()});
  j["data"]["region"]["units"][0]["capabilities"][1] = "telepathy";
  EXPECT_THAT(
      region_error(j),
      ::testing::StartsWith("event 12 (region_imported): "
                            "data.region.units[0].capabilities[1]: unknown code 'telepathy'"));

  j = PayloadOf(RegionImported{MakeRegion()});
  j["data"]["region"]["grids"][0]["area"][0]["holes"][0][3] = {{"lat", 1}};
  EXPECT_EQ(region_error(j),
            "event 12 (region_imported): data.region.grids[0].area[0].holes[0][3].lon: missing");

  j = PayloadOf(RegionImported{MakeRegion()});
  j["data"]["region"]["plans"][0]["levels"][0]["units"][1]["capability"] = 3;
  EXPECT_EQ(region_error(j),
            "event 12 (region_imported): data.region.plans[0].levels[0].units[1].capability: "
            "expected string, got number 3");

  j = PayloadOf(RegionImported{MakeRegion()});
  j["data"]["region"]["organisations"][1]["departments"][0]["name"]["fr"] = "Police";
  EXPECT_EQ(region_error(j),
            "event 12 (region_imported): "
            "data.region.organisations[1].departments[0].name.fr: unknown field");
}

TEST(CodecTest, UnknownOrMismatchedTypeIsCorruption) {
  const std::string payload = EncodePayload(MakeEvent(MakeReport()));
  EXPECT_EQ(CorruptionMessage("incident_exploded", payload),
            "event 12 (incident_exploded): unknown event type");
  EXPECT_EQ(CorruptionMessage("", payload), "event 12 (): unknown event type");
  EXPECT_EQ(CorruptionMessage(std::string_view("bad\xff\n", 5), payload),
            "event 12 (bad?"
            "?): unknown event type");
  // A body of one type under another's name is missing that type's fields.
  EXPECT_THAT(CorruptionMessage(UnitDispatched::kType, payload),
              HasSubstr("event 12 (unit_dispatched): data."));
}

TEST(CodecTest, GarbageIsCorruptionNotACrash) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"", "malformed JSON"},
      {"   ", "malformed JSON"},
      {"null", "expected object, got null"},
      {"[]", "expected object, got array"},
      {"42", "expected object, got number 42"},
      {R"("text")", "expected object, got string"},
      {"{}", "actor: missing"},
      {R"({"actor":"a")",
       "malformed JSON: [json.exception.parse_error.101] parse error at line 1, "
       "column 13: syntax error while parsing object - unexpected end of input"},
      {R"({"actor":"a","actor"})", "malformed JSON"},
      {std::string("{\"actor\":\"\xff\xfe\"}"), "ill-formed UTF-8 byte"},
      {std::string(R"({"actor":"a)") + '\0' + R"(b"})", "malformed JSON"},
      {R"({"actor":"a","request_id":"r","data":{}}x)", "malformed JSON"},
  };
  for (const auto& [payload, reason] : cases) {
    SCOPED_TRACE(payload);
    const std::string message = CorruptionMessage(IncidentReported::kType, payload);
    EXPECT_THAT(message, ::testing::StartsWith("event 12 (incident_reported): "));
    EXPECT_THAT(message, HasSubstr(reason));
    // Messages go into logs and API answers: they must be plain printable text.
    for (const char c : message) EXPECT_TRUE(c >= ' ' && c <= '~') << message;
  }
}

TEST(CodecTest, DeepNestingDoesNotOverflowTheStack) {
  constexpr std::size_t kDepth = 100'000;
  const std::string open(kDepth, '[');
  const std::string balanced = open + std::string(kDepth, ']');
  EXPECT_THAT(CorruptionMessage(IncidentReported::kType, open), HasSubstr("malformed JSON"));
  EXPECT_THAT(CorruptionMessage(IncidentReported::kType, balanced),
              HasSubstr("expected object, got array"));
  EXPECT_THAT(CorruptionMessage(IncidentReported::kType,
                                R"({"actor":"a","request_id":"r","data":)" + balanced + "}"),
              HasSubstr("data: expected object, got array"));
  EXPECT_THAT(CorruptionMessage(IncidentReported::kType, R"({"actor":)" + balanced + "}"),
              HasSubstr("actor: expected string, got array"));
  EXPECT_THAT(
      CorruptionMessage(RegionImported::kType,
                        R"({"actor":"a","request_id":"r","data":{"region":)" + balanced + "}}"),
      HasSubstr("data.region: expected object, got array"));
  const std::string objects = [&] {
    std::string s;
    for (std::size_t i = 0; i < kDepth; ++i) s += "{\"a\":";
    return s + "1" + std::string(kDepth, '}');
  }();
  EXPECT_THAT(CorruptionMessage(IncidentReported::kType, objects), HasSubstr("actor: missing"));
  EXPECT_EQ(DecodeState(balanced).status().code(), StatusCode::kCorruption);
  EXPECT_EQ(DecodeState(objects).status().code(), StatusCode::kCorruption);
}

TEST(CodecTest, Base64IsRfc4648) {
  // RFC 4648 section 10.
  const std::vector<std::pair<std::string, std::string>> vectors = {{"", ""},
                                                                    {"f", "Zg=="},
                                                                    {"fo", "Zm8="},
                                                                    {"foo", "Zm9v"},
                                                                    {"foob", "Zm9vYg=="},
                                                                    {"fooba", "Zm9vYmE="},
                                                                    {"foobar", "Zm9vYmFy"}};
  for (const auto& [bytes, text] : vectors) {
    EXPECT_EQ(EncodeBase64(bytes), text);
    EXPECT_EQ(DecodeBase64(text), bytes) << text;
  }
  EXPECT_EQ(EncodeBase64(std::string("\xFB\xFF\xBF", 3)), "+/+/") << "the standard alphabet";
  std::mt19937 rng(4648);
  for (std::size_t n = 0; n < 300; ++n) {
    std::string bytes(n, '\0');
    for (char& c : bytes) c = static_cast<char>(rng() & 0xFF);
    const std::string text = EncodeBase64(bytes);
    EXPECT_EQ(text.size(), (n + 2) / 3 * 4);
    EXPECT_EQ(DecodeBase64(text), bytes) << n;
  }
}

TEST(CodecTest, Base64DecodingIsStrict) {
  for (const std::string_view bad :
       {"Zg", "Zg=", "Zm9", "Z", "Zh==", "Zm9=", "Zm8=Zg==", "Zm9v\n", " Zm9v", "Zm9v YmFy", "Zm=v",
        "Z===", "====", "Zg==Zm9v", "-_8=", "Zm9v=", "Zm9v====", "5p2l\xE5", "Zm9vYmFy\r\n"}) {
    EXPECT_FALSE(DecodeBase64(bad).has_value()) << bad;
  }
  EXPECT_FALSE(DecodeBase64(std::string_view("Zm9v\0\0\0\0", 8)).has_value()) << "NUL bytes";
  // A photo whose base64 was damaged in the log is corruption, not different bytes.
  Json payload = PayloadOf(
      IncidentPhotoAttached{IncidentId(1), 1, "image/png", 3, std::string(64, '0'), Blob{"abc"}});
  EXPECT_EQ(payload["data"]["data"], "YWJj");
  payload["data"]["data"] = "YWJ";
  EXPECT_EQ(CorruptionMessage(IncidentPhotoAttached::kType, payload.dump()),
            "event 12 (incident_photo_attached): data.data: not base64");
  payload["data"]["data"] = 5;
  EXPECT_EQ(CorruptionMessage(IncidentPhotoAttached::kType, payload.dump()),
            "event 12 (incident_photo_attached): data.data: expected string, got number 5");
}

TEST(CodecTest, EveryTruncationIsCorruption) {
  for (const Event& event : EveryEventType()) {
    const std::string payload = EncodePayload(event);
    for (std::size_t cut = 0; cut < payload.size(); ++cut) {
      const Status status = DecodeAs(TypeName(event), payload.substr(0, cut));
      ASSERT_EQ(status.code(), StatusCode::kCorruption) << TypeName(event) << " cut at " << cut;
    }
  }
  const State empty;
  const std::string state = EncodeState(empty);
  for (std::size_t cut = 0; cut < state.size(); ++cut) {
    ASSERT_EQ(DecodeState(state.substr(0, cut)).status().code(), StatusCode::kCorruption) << cut;
  }
}

TEST(CodecTest, RandomByteDamageNeverCrashes) {
  std::mt19937 rng(20261129);
  const std::vector<Event> events = EveryEventType();
  const std::string alphabet = "{}[]\",:0123456789-.eE+tfnul \\x\xff\x80";
  for (int round = 0; round < 3000; ++round) {
    const Event& event = events[static_cast<std::size_t>(round) % events.size()];
    std::string payload = EncodePayload(event);
    std::uniform_int_distribution<std::size_t> position(0, payload.size() - 1);
    std::uniform_int_distribution<std::size_t> pick(0, alphabet.size() - 1);
    for (int k = 0; k < 1 + round % 3; ++k) payload[position(rng)] = alphabet[pick(rng)];
    const Result<Event> decoded = DecodeEvent(kSeq, kAt, TypeName(event), payload);
    if (decoded.ok()) {
      // Whatever still decodes must encode back to something that decodes to the same event.
      const Result<Event> again = RoundTrip(*decoded);
      ASSERT_TRUE(again.ok()) << again.status().ToString();
      EXPECT_EQ(*again, *decoded);
    } else {
      EXPECT_EQ(decoded.status().code(), StatusCode::kCorruption);
    }
  }
}

}  // namespace
}  // namespace elink::core
