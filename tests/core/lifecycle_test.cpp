// SPDX-License-Identifier: Apache-2.0
// Every pair of statuses, legal or not, against the lifecycle written out by hand.
#include "core/lifecycle.hpp"

#include "core/messages.hpp"

#include <gtest/gtest.h>

#include <set>
#include <utility>

namespace elink::core {
namespace {

using IS = IncidentStatus;
using US = UnitStatus;

TEST(LifecycleTest, IncidentTransitionsExactlyAsDesigned) {
  const std::set<std::pair<IS, IS>> legal = {
      {IS::kReported, IS::kVerified},  {IS::kReported, IS::kMerged},
      {IS::kReported, IS::kCancelled}, {IS::kVerified, IS::kDispatched},
      {IS::kVerified, IS::kMerged},    {IS::kVerified, IS::kCancelled},
      {IS::kDispatched, IS::kOnScene}, {IS::kDispatched, IS::kCancelled},
      {IS::kOnScene, IS::kControlled}, {IS::kControlled, IS::kClosed},
  };
  int checked = 0;
  for (const auto& from : EnumTable<IS>()) {
    for (const auto& to : EnumTable<IS>()) {
      const bool expected = legal.count({from.value, to.value}) > 0;
      EXPECT_EQ(CanTransition(from.value, to.value), expected) << from.code << " → " << to.code;
      const Status s = CheckTransition(from.value, to.value);
      EXPECT_EQ(s.ok(), expected);
      if (!expected) {
        EXPECT_EQ(s.code(), StatusCode::kFailedPrecondition);
        EXPECT_NE(s.message().find(from.code), std::string::npos) << s.message();
      }
      ++checked;
    }
  }
  EXPECT_EQ(checked, 64);
}

TEST(LifecycleTest, UnitTransitionsExactlyAsDesigned) {
  const std::set<std::pair<US, US>> legal = {
      {US::kAvailable, US::kDispatched},    {US::kAvailable, US::kOutOfService},
      {US::kDispatched, US::kEnRoute},      {US::kDispatched, US::kReturning},
      {US::kDispatched, US::kAcknowledged}, {US::kAcknowledged, US::kEnRoute},
      {US::kAcknowledged, US::kReturning},  {US::kEnRoute, US::kOnScene},
      {US::kEnRoute, US::kReturning},       {US::kOnScene, US::kReturning},
      {US::kReturning, US::kAvailable},     {US::kReturning, US::kDispatched},
      {US::kReturning, US::kOutOfService},  {US::kOutOfService, US::kAvailable},
  };
  for (const auto& from : EnumTable<US>()) {
    for (const auto& to : EnumTable<US>()) {
      const bool expected = legal.count({from.value, to.value}) > 0;
      EXPECT_EQ(CanTransition(from.value, to.value), expected) << from.code << " → " << to.code;
      EXPECT_EQ(CheckTransition(from.value, to.value).ok(), expected);
    }
  }
}

TEST(LifecycleTest, TerminalStatuses) {
  EXPECT_TRUE(IsTerminal(IS::kClosed));
  EXPECT_TRUE(IsTerminal(IS::kMerged));
  EXPECT_TRUE(IsTerminal(IS::kCancelled));
  EXPECT_FALSE(IsTerminal(IS::kControlled));
  EXPECT_NE(CheckTransition(IS::kClosed, IS::kVerified).message().find("finished"),
            std::string::npos);
}

TEST(EnumsTest, CodesRoundTripAndLabelsExist) {
  for (const auto& info : EnumTable<UnitType>()) {
    EXPECT_EQ(ParseEnum<UnitType>(info.code), info.value);
    EXPECT_FALSE(info.zh.empty());
    EXPECT_FALSE(info.en.empty());
  }
  EXPECT_EQ(ParseEnum<IncidentLevel>("II"), IncidentLevel::kII);
  EXPECT_FALSE(ParseEnum<IncidentLevel>("V").has_value());
  EXPECT_FALSE(ParseEnum<UnitStatus>("").has_value());
  EXPECT_NE(AcceptedCodes<UnitStatus>().find("out_of_service"), std::string::npos);
}

// An unknown code is refused with a declared message that lists the accepted ones, in English and
// zh-CN; the code is quoted as it was given, cut at 64 bytes.
TEST(EnumsTest, AnUnknownCodeIsADeclaredMessage) {
  const Result<IncidentLevel> level = ParseEnumField<IncidentLevel>("V", "level");
  ASSERT_FALSE(level.ok());
  const Status& s = level.status();
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(s.field(), "level");
  EXPECT_EQ(s.message_id(), &msg::kUnknownValue);
  EXPECT_EQ(s.message(), "unknown value 'V' (expected one of I, II, III, IV)");
  EXPECT_EQ(s.Text(Lang::kZhCN), "未知的取值“V”（可选值：I, II, III, IV）");
  const std::string long_code(100, 'x');
  EXPECT_EQ(
      ParseEnumField<UnitStatus>(long_code, "to").status().Text(Lang::kZhCN),
      "未知的取值“" + std::string(64, 'x') + "”（可选值：" + AcceptedCodes<UnitStatus>() + "）");
  EXPECT_EQ(ParseEnumField<UnitStatus>("available", "to").value(), UnitStatus::kAvailable);
}

}  // namespace
}  // namespace elink::core
