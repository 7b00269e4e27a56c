// SPDX-License-Identifier: Apache-2.0
#include "store/internal/record_frame.hpp"

#include "util/clock.hpp"
#include "util/sha256.hpp"

#include <gtest/gtest.h>

#include <string>

namespace elink::store::internal {
namespace {

std::string FromHex(std::string_view hex) {
  std::string out;
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2) {
    out.push_back(static_cast<char>(std::stoi(std::string(hex.substr(i, 2)), nullptr, 16)));
  }
  return out;
}

std::string HexOf(std::string_view bytes) {
  constexpr std::string_view kDigits = "0123456789abcdef";
  std::string out;
  for (char c : bytes) {
    const auto b = static_cast<unsigned char>(c);
    out.push_back(kDigits[b >> 4]);
    out.push_back(kDigits[b & 0xF]);
  }
  return out;
}

// The worked example of docs/formats/event-log.md; if this changes, the format changed.
constexpr std::string_view kFirstFrameHex =
    "454c455601000000000000000000000000000000000000000000000000000000000000000000000000000000"
    "010000018bcfe5680000000010696e636964656e742e63726561746564000000027b7d";
constexpr std::string_view kFirstHashHex =
    "716d631c0988bdb0c7dd5fcf3977c44cc2d8894e1949c2a06836c797ddab531b";
constexpr std::string_view kSecondFrameHex =
    "454c455601716d631c0988bdb0c7dd5fcf3977c44cc2d8894e1949c2a06836c797ddab531b00000000000000"
    "020000018bcfe56be80000000f756e69742e646973706174636865640000000a7b22756e6974223a377d";
constexpr std::string_view kSecondHashHex =
    "e87faa197146c6618ab49974a581c083387401db6e97371ff9eb0a0f19d89484";

TEST(RecordFrameTest, MatchesTheDocumentedExample) {
  const NewRecord first{
      .at = FromUnixMillis(1'700'000'000'000), .type = "incident.created", .payload = "{}"};
  const std::string frame1 = EncodeFrame(1, Sha256Digest{}, first);
  EXPECT_EQ(HexOf(frame1), kFirstFrameHex);
  EXPECT_EQ(frame1.size(), FrameSize(first));
  EXPECT_EQ(ToHex(Sha256(frame1)), kFirstHashHex);

  const NewRecord second{.at = FromUnixMillis(1'700'000'001'000),
                         .type = "unit.dispatched",
                         .payload = R"({"unit":7})"};
  const std::string frame2 = EncodeFrame(2, Sha256(frame1), second);
  EXPECT_EQ(HexOf(frame2), kSecondFrameHex);
  EXPECT_EQ(ToHex(Sha256(frame2)), kSecondHashHex);
}

TEST(RecordFrameTest, DecodeReturnsWhatWasEncoded) {
  const Sha256Digest prev = Sha256("previous");
  const NewRecord rec{.at = FromUnixMillis(-1'234),
                      .type = std::string("a\0b", 3),
                      .payload = std::string("\xff\x00\x01", 3)};
  auto decoded = DecodeFrame(EncodeFrame(42, prev, rec));
  ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
  EXPECT_EQ(decoded->seq, 42U);
  EXPECT_EQ(decoded->prev_hash, prev);
  EXPECT_EQ(decoded->at, rec.at);
  EXPECT_EQ(decoded->type, rec.type);
  EXPECT_EQ(decoded->payload, rec.payload);
  EXPECT_EQ(decoded->hash, Sha256Digest{});
}

TEST(RecordFrameTest, EmptyTypeAndPayloadRoundTrip) {
  const std::string frame = EncodeFrame(1, Sha256Digest{}, NewRecord{});
  EXPECT_EQ(frame.size(), kFrameFixedSize);
  auto decoded = DecodeFrame(frame);
  ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
  EXPECT_TRUE(decoded->type.empty());
  EXPECT_TRUE(decoded->payload.empty());
}

TEST(RecordFrameTest, DecodeRejectsMalformedFrames) {
  const std::string good = FromHex(kFirstFrameHex);
  ASSERT_TRUE(DecodeFrame(good).ok());

  auto expect_corrupt = [](std::string_view frame, std::string_view why) {
    auto r = DecodeFrame(frame);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.status().code(), StatusCode::kCorruption);
    EXPECT_NE(r.status().message().find(why), std::string::npos) << r.status().message();
  };
  expect_corrupt("", "too short");
  expect_corrupt(good.substr(0, kFrameFixedSize - 1), "too short");
  std::string bad_magic = good;
  bad_magic[0] = 'X';
  expect_corrupt(bad_magic, "magic");
  std::string bad_version = good;
  bad_version[4] = 2;
  expect_corrupt(bad_version, "version 2");
  std::string long_type = good;
  long_type[53] = '\x7f';  // type length's top byte
  expect_corrupt(long_type, "type length");
  expect_corrupt(good + "x", "payload length");
  expect_corrupt(good.substr(0, good.size() - 1), "payload length");
}

TEST(RecordFrameTest, StoredRecordChecksHashAndPosition) {
  const std::string frame = FromHex(kFirstFrameHex);
  const Sha256Digest hash = Sha256(frame);
  const std::string hash_bytes(reinterpret_cast<const char*>(hash.data()),  // NOLINT: bytes
                               hash.size());
  auto ok = DecodeStoredRecord(1, frame, hash_bytes);
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  EXPECT_EQ(ok->hash, hash);

  auto moved = DecodeStoredRecord(2, frame, hash_bytes);
  ASSERT_FALSE(moved.ok());
  EXPECT_EQ(moved.status().code(), StatusCode::kCorruption);
  EXPECT_NE(moved.status().message().find("event 2"), std::string::npos);

  std::string altered = frame;
  altered.back() = '!';
  auto bad = DecodeStoredRecord(1, altered, hash_bytes);
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("event 1: hash does not match"), std::string::npos)
      << bad.status().message();

  auto short_hash = DecodeStoredRecord(1, frame, "abc");
  ASSERT_FALSE(short_hash.ok());
  EXPECT_EQ(short_hash.status().code(), StatusCode::kCorruption);
}

TEST(ChainVerifierTest, NegativeRowSeqIsUnreadable) {
  ChainVerifier v(std::nullopt);
  EXPECT_FALSE(v.Next(-3, std::string_view("x"), std::string_view("y")));
  ASSERT_TRUE(v.problem().has_value());
  EXPECT_EQ(v.problem()->damage, Damage::kUnreadable);
}

TEST(ChainVerifierTest, AnchorAtZeroOnEmptyLogIsFine) {
  ChainVerifier v(LogHead{});
  v.Finish();
  EXPECT_FALSE(v.problem().has_value());
  EXPECT_EQ(v.records_checked(), 0U);
}

}  // namespace
}  // namespace elink::store::internal
