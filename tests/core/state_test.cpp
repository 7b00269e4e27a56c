// SPDX-License-Identifier: Apache-2.0
// State::Apply refuses events that do not follow or do not fit, and leaves the state unchanged.
#include "core/state.hpp"

#include "core/incident_types.hpp"
#include "engine/registry.hpp"
#include "support/constants.hpp"
#include "support/test_region.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <string_view>
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

class StateTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(Add(RegionImported{testing::SmallRegion()}).ok()); }

  Status Add(EventBody body) {
    return engine::Apply(
        state_, Event{state_.last_seq() + 1,
                      FromUnixMillis(1000 * static_cast<std::int64_t>(state_.last_seq() + 1)),
                      "test", "", std::move(body)});
  }

  void ExpectCorrupt(EventBody body) {
    const State before = state_;
    const Status s = Add(std::move(body));
    EXPECT_EQ(s.code(), StatusCode::kCorruption);
    EXPECT_TRUE(state_ == before);
  }

  IncidentReported Fire() {
    IncidentReported r;
    r.id = state_.next_incident_id();
    r.type = "fire.residential";
    r.location = {30.005, 120.005};
    return r;
  }

  State state_;
};

TEST_F(StateTest, RegionLoaded) {
  EXPECT_EQ(state_.region_id(), "test-region");
  EXPECT_EQ(state_.units().size(), 4U);
  EXPECT_TRUE(state_.IsWithin(OrgId("K1"), OrgId("C")));
  EXPECT_FALSE(state_.IsWithin(OrgId("K1"), OrgId("D2")));
  EXPECT_EQ(state_.GridAt({30.005, 120.015})->id, GridId("G2"));
  EXPECT_EQ(state_.GridAt({29.0, 120.0}), nullptr);
}

TEST_F(StateTest, EventsMustFollowInSequence) {
  const State before = state_;
  Event skipped{state_.last_seq() + 2, {}, "t", "", Fire()};
  EXPECT_EQ(engine::Apply(state_, skipped).code(), StatusCode::kCorruption);
  Event repeated{state_.last_seq(), {}, "t", "", Fire()};
  EXPECT_EQ(engine::Apply(state_, repeated).code(), StatusCode::kCorruption);
  EXPECT_TRUE(state_ == before);
}

TEST_F(StateTest, InconsistentEventsAreRefused) {
  ExpectCorrupt(RegionImported{testing::SmallRegion()});
  IncidentReported wrong_id = Fire();
  wrong_id.id = IncidentId(99);
  ExpectCorrupt(wrong_id);
  IncidentReported wrong_type = Fire();
  wrong_type.type = "no.such";
  ExpectCorrupt(wrong_type);
  ASSERT_TRUE(Add(Fire()).ok());
  const IncidentId id(1);
  ExpectCorrupt(
      IncidentStatusChanged{id, IncidentStatus::kVerified, IncidentStatus::kDispatched, ""});
  ExpectCorrupt(IncidentStatusChanged{id, IncidentStatus::kReported, IncidentStatus::kClosed, ""});
  ExpectCorrupt(IncidentStatusChanged{IncidentId(5), IncidentStatus::kReported,
                                      IncidentStatus::kVerified, ""});
  ExpectCorrupt(UnitDispatched{UnitId("nope"), id});
  ExpectCorrupt(UnitStatusChanged{UnitId("E1"), UnitStatus::kOnScene, UnitStatus::kReturning, ""});
  ExpectCorrupt(
      UnitStatusChanged{UnitId("E1"), UnitStatus::kAvailable, UnitStatus::kDispatched, ""});
  ExpectCorrupt(IncidentsMerged{id, id});
  ExpectCorrupt(IncidentLevelChanged{id, IncidentLevel::kI, IncidentLevel::kII, ""});
}

TEST_F(StateTest, IncidentTakesCategoryAndTimesFromEvents) {
  ASSERT_TRUE(Add(Fire()).ok());
  const Incident& inc = *state_.FindIncident(IncidentId(1));
  EXPECT_EQ(inc.category, FindIncidentType("fire.residential")->category);
  EXPECT_EQ(inc.reported_at, FromUnixMillis(2000));
  EXPECT_EQ(inc.chronology.size(), 1U);
  EXPECT_EQ(inc.chronology[0].seq, 2U);
  EXPECT_EQ(state_.next_incident_id(), IncidentId(2));
}

using testing::kArgonHash;

TEST_F(StateTest, UserEventsMustFit) {
  const std::string hash(kArgonHash);
  ExpectCorrupt(UserAdded{"Bad Name", {}, Role::kViewer, OrgId("D1"), hash});
  ExpectCorrupt(UserAdded{"ann", {}, Role::kViewer, OrgId("nowhere"), hash});
  ExpectCorrupt(UserAdded{"ann", {}, Role::kViewer, OrgId("D1"), "plaintext-password"});
  ASSERT_TRUE(Add(UserAdded{"ann", {"安", "Ann"}, Role::kViewer, OrgId("D1"), hash}).ok());
  const User& ann = *state_.FindUser("ann");
  EXPECT_EQ(ann.created_at, FromUnixMillis(2000));
  EXPECT_FALSE(ann.disabled);
  EXPECT_EQ(ann.token_version, 0U);
  ExpectCorrupt(UserAdded{"ann", {}, Role::kViewer, OrgId("D1"), hash});

  for (const EventBody& about_nobody : std::vector<EventBody>{
           UserRoleChanged{"bob", Role::kAdmin, OrgId("R")}, UserPasswordChanged{"bob", hash},
           UserDisabled{"bob"}, UserEnabled{"bob"}, UserTokensRevoked{"bob"}}) {
    ExpectCorrupt(about_nobody);
  }
  ExpectCorrupt(UserRoleChanged{"ann", Role::kAdmin, OrgId("nowhere")});
  ExpectCorrupt(UserPasswordChanged{"ann", "short"});
  ExpectCorrupt(UserEnabled{"ann"});  // not disabled

  // Password change, disabling and revocation each bump the token version; enabling does not.
  ASSERT_TRUE(Add(UserPasswordChanged{"ann", hash}).ok());
  ASSERT_TRUE(Add(UserDisabled{"ann"}).ok());
  ExpectCorrupt(UserDisabled{"ann"});
  ASSERT_TRUE(Add(UserEnabled{"ann"}).ok());
  ASSERT_TRUE(Add(UserTokensRevoked{"ann"}).ok());
  ASSERT_TRUE(Add(UserRoleChanged{"ann", Role::kCommander, OrgId("C")}).ok());
  EXPECT_EQ(state_.FindUser("ann")->token_version, 3U);
  EXPECT_EQ(state_.FindUser("ann")->role, Role::kCommander);
  EXPECT_EQ(state_.FindUser("ann")->org, OrgId("C"));
}

TEST_F(StateTest, ShareEventsMustFit) {
  ASSERT_TRUE(Add(Fire()).ok());
  const IncidentId id(1);
  ExpectCorrupt(IncidentShared{IncidentId(9), OrgId("D2")});
  ExpectCorrupt(IncidentShared{id, OrgId("nowhere")});
  ExpectCorrupt(IncidentUnshared{id, OrgId("D2")});
  ASSERT_TRUE(Add(IncidentShared{id, OrgId("D2")}).ok());
  ASSERT_TRUE(Add(IncidentShared{id, OrgId("C")}).ok());
  ExpectCorrupt(IncidentShared{id, OrgId("D2")});
  EXPECT_EQ(state_.FindIncident(id)->shared_with, (std::vector<OrgId>{OrgId("C"), OrgId("D2")}));
  ASSERT_TRUE(Add(IncidentUnshared{id, OrgId("D2")}).ok());
  EXPECT_EQ(state_.FindIncident(id)->shared_with, std::vector<OrgId>{OrgId("C")});
  const auto& chronology = state_.FindIncident(id)->chronology;
  ASSERT_EQ(chronology.size(), 4U);
  EXPECT_EQ(chronology.back().what, "incident_unshared");
  EXPECT_EQ(chronology.back().detail, "D2");
}

TEST_F(StateTest, PhotoEventsMustFitAndLeaveOnlyADescription) {
  ASSERT_TRUE(Add(Fire()).ok());
  const IncidentId id(1);
  const std::string jpeg = std::string("\xFF\xD8\xFF\xE0", 4) + std::string(1000, 'j');
  const std::string sha(64, 'a');
  ExpectCorrupt(
      IncidentPhotoAttached{IncidentId(9), 1, "image/jpeg", jpeg.size(), sha, Blob{jpeg}});
  ExpectCorrupt(IncidentPhotoAttached{id, 2, "image/jpeg", jpeg.size(), sha, Blob{jpeg}});
  ExpectCorrupt(IncidentPhotoAttached{id, 0, "image/jpeg", jpeg.size(), sha, Blob{jpeg}});
  ExpectCorrupt(IncidentPhotoAttached{id, 1, "image/jpeg", jpeg.size() + 1, sha, Blob{jpeg}});
  ExpectCorrupt(IncidentPhotoAttached{id, 1, "image/png", jpeg.size(), sha, Blob{jpeg}});
  ExpectCorrupt(IncidentPhotoAttached{id, 1, "image/gif", jpeg.size(), sha, Blob{jpeg}});
  ExpectCorrupt(IncidentPhotoAttached{id, 1, "image/jpeg", 0, sha, Blob{}});
  ExpectCorrupt(IncidentPhotoAttached{id, 1, "image/jpeg", jpeg.size(), "ABC", Blob{jpeg}});
  ExpectCorrupt(
      IncidentPhotoAttached{id, 1, "image/jpeg", jpeg.size(), std::string(64, 'A'), Blob{jpeg}});

  ASSERT_TRUE(Add(IncidentPhotoAttached{id, 1, "image/jpeg", jpeg.size(), sha, Blob{jpeg}}).ok());
  const std::uint64_t seq = state_.last_seq();
  const Incident& inc = *state_.FindIncident(id);
  ASSERT_EQ(inc.photos.size(), 1U);
  EXPECT_EQ(inc.photos[0], (IncidentPhoto{1, "image/jpeg", jpeg.size(), sha, seq,
                                          FromUnixMillis(1000 * static_cast<std::int64_t>(seq))}));
  EXPECT_EQ(inc.chronology.back().what, "incident_photo_attached");
  EXPECT_EQ(inc.chronology.back().detail, "1:image/jpeg:1004");
  // The next one is number 2.
  ExpectCorrupt(IncidentPhotoAttached{id, 1, "image/jpeg", jpeg.size(), sha, Blob{jpeg}});
  EXPECT_TRUE(Add(IncidentPhotoAttached{id, 2, "image/jpeg", jpeg.size(), sha, Blob{jpeg}}).ok());
}

TEST(PhotoTest, MediaTypeSizeAndMagicNumbersAreChecked) {
  const std::string jpeg("\xFF\xD8\xFF\xDB", 4);
  const std::string png("\x89PNG\r\n\x1A\n\0\0\0\rIHDR", 16);
  const std::string webp = std::string("RIFF\x24\0\0\0WEBPVP8 ", 16);
  EXPECT_TRUE(CheckPhoto("image/jpeg", jpeg).ok());
  EXPECT_TRUE(CheckPhoto("image/png", png).ok());
  EXPECT_TRUE(CheckPhoto("image/webp", webp).ok());
  const auto field = [](std::string_view type, std::string_view bytes) {
    const Status s = CheckPhoto(type, bytes);
    EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
    return s.field();
  };
  // Each magic number under another media type, a truncated one, and none at all.
  EXPECT_EQ(field("image/jpeg", png), "data");
  EXPECT_EQ(field("image/png", jpeg), "data");
  EXPECT_EQ(field("image/webp", jpeg), "data");
  EXPECT_EQ(field("image/jpeg", jpeg.substr(0, 2)), "data");
  EXPECT_EQ(field("image/png", png.substr(0, 7)), "data");
  EXPECT_EQ(field("image/webp", "RIFF\0\0\0\0WAVE"), "data");
  EXPECT_EQ(field("image/webp", "RIFF\0\0\0\0WEB"), "data");
  EXPECT_EQ(field("image/jpeg", "<svg onload=alert(1)>"), "data");
  EXPECT_EQ(field("image/jpeg", ""), "data");
  // Types outside the list, however close.
  for (const std::string_view type :
       {"image/gif", "image/svg+xml", "IMAGE/JPEG", "image/jpeg ", "image/jpg", "text/html", ""}) {
    EXPECT_EQ(field(type, jpeg), "media_type") << type;
  }
  // The size limit is exact.
  std::string big = jpeg + std::string(kMaxPhotoBytes - jpeg.size(), 'x');
  EXPECT_TRUE(CheckPhoto("image/jpeg", big).ok());
  big += 'x';
  EXPECT_EQ(field("image/jpeg", big), "data");
  EXPECT_NE(CheckPhoto("image/jpeg", big).message().find(std::to_string(kMaxPhotoBytes)),
            std::string::npos);
}

TEST(IncidentTypesTest, CatalogueCoversTheBundledPlansAndIsUnique) {
  std::set<std::string_view> codes;
  for (const auto& t : IncidentTypes()) {
    EXPECT_TRUE(codes.insert(t.code).second) << t.code;
    EXPECT_FALSE(t.zh.empty());
    EXPECT_FALSE(t.en.empty());
  }
  for (const char* needed :
       {"fire.residential", "fire.high_rise", "fire.industrial", "traffic.entrapment",
        "hazmat.leak", "flood.waterlogging", "geo.landslide", "geo.earthquake", "medical.emergency",
        "medical.mass_casualty", "health.epidemic", "social.crowd"}) {
    EXPECT_NE(FindIncidentType(needed), nullptr) << needed;
  }
  EXPECT_EQ(FindIncidentType("fire"), nullptr);
}

}  // namespace
}  // namespace elink::core
