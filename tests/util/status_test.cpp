// SPDX-License-Identifier: Apache-2.0
#include "util/status.hpp"

#include "util/strong_id.hpp"

#include <gtest/gtest.h>

namespace elink {
namespace {

TEST(StatusTest, OkIsDefaultAndCheap) {
  Status s;
  EXPECT_TRUE(s.ok());
  EXPECT_EQ(s.code(), StatusCode::kOk);
  EXPECT_EQ(s.ToString(), "OK");
  EXPECT_EQ(s.http_status(), 200);
  EXPECT_EQ(sizeof(Status), sizeof(void*));
}

TEST(StatusTest, CodesMapToHttp) {
  EXPECT_EQ(Status::InvalidArgument("a", "b").http_status(), 400);
  EXPECT_EQ(Status::Unauthenticated("x").http_status(), 401);
  EXPECT_EQ(Status::PermissionDenied("x").http_status(), 403);
  EXPECT_EQ(Status::NotFound("x").http_status(), 404);
  EXPECT_EQ(Status::Conflict("x").http_status(), 409);
  EXPECT_EQ(Status::FailedPrecondition("x").http_status(), 409);
  EXPECT_EQ(Status::Unavailable("x").http_status(), 503);
  EXPECT_EQ(Status::IOError("x").http_status(), 500);
  EXPECT_EQ(Status::Corruption("x").http_status(), 500);
}

TEST(StatusTest, FieldPathsCompose) {
  const Status s = Status::InvalidArgument("lat", "must be within [-90, 90]");
  EXPECT_EQ(s.ToString(), "lat: must be within [-90, 90]");
  const Status t = s.WithFieldPrefix("location").WithFieldPrefix("incident");
  EXPECT_EQ(t.field(), "incident.location.lat");
  EXPECT_EQ(Status::InvalidArgument("[3]", "bad").WithFieldPrefix("units").field(), "units[3]");
  EXPECT_EQ(Status::IOError("disk").WithMessagePrefix("log: ").ToString(), "log: disk");
  EXPECT_TRUE(Status().WithFieldPrefix("x").ok());
}

TEST(StatusTest, CopyKeepsContent) {
  const Status a = Status::NotFound("unit E1", "unit");
  Status b = a;
  EXPECT_EQ(a, b);
  b = Status();
  EXPECT_TRUE(b.ok());
  EXPECT_FALSE(a.ok());
}

Result<int> Half(int x) {
  if (x % 2 != 0) return Status::InvalidArgument("x", "must be even");
  return x / 2;
}

Result<int> Quarter(int x) {
  ELINK_ASSIGN_OR_RETURN(const int h, Half(x));
  ELINK_ASSIGN_OR_RETURN(const int q, Half(h));
  return q;
}

TEST(ResultTest, ValueOrStatusPropagates) {
  EXPECT_EQ(*Quarter(8), 2);
  const auto r = Quarter(6);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().field(), "x");
  EXPECT_TRUE(Quarter(4).status().ok());
}

TEST(ResultDeathTest, ValueOfErrorAborts) {
  const Result<int> r = Status::NotFound("nothing");
  EXPECT_DEATH((void)r.value(), "value\\(\\) on error: nothing");
}

using AId = StrongId<struct ATag, std::uint64_t>;
using BId = StrongId<struct BTag, std::uint64_t>;

TEST(StrongIdTest, DistinctTypesSameRep) {
  static_assert(!std::is_convertible_v<AId, BId>, "ids of different kinds must not convert");
  static_assert(!std::is_convertible_v<std::uint64_t, AId>, "ids must be built explicitly");
  AId a(3);
  AId b(4);
  EXPECT_LT(a, b);
  EXPECT_EQ(ToString(a), "3");
  EXPECT_EQ(std::hash<AId>{}(a), std::hash<std::uint64_t>{}(3));
}

}  // namespace
}  // namespace elink
