// SPDX-License-Identifier: Apache-2.0
#include "store/internal/record_frame.hpp"

#include "util/check.hpp"
#include "util/clock.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>
#include <limits>
#include <utility>

namespace elink::store::internal {
namespace {

// Offsets into a frame; see docs/formats/event-log.md "Record frame".
constexpr std::size_t kVersionOffset = 4;
constexpr std::size_t kPrevHashOffset = 5;
constexpr std::size_t kSeqOffset = 37;
constexpr std::size_t kAtOffset = 45;
constexpr std::size_t kTypeLengthOffset = 53;
constexpr std::size_t kTypeOffset = 57;

void PutU32(std::string& out, std::uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) {
    out.push_back(static_cast<char>((v >> shift) & 0xFFU));
  }
}

void PutU64(std::string& out, std::uint64_t v) {
  for (int shift = 56; shift >= 0; shift -= 8) {
    out.push_back(static_cast<char>((v >> shift) & 0xFFU));
  }
}

std::uint64_t GetBigEndian(std::string_view bytes, std::size_t offset, std::size_t width) {
  std::uint64_t v = 0;
  for (std::size_t i = 0; i < width; ++i) {
    v = (v << 8) | static_cast<std::uint8_t>(bytes[offset + i]);
  }
  return v;
}

std::string Range(std::uint64_t first, std::uint64_t last) {
  if (first == last) return fmt::format("event {} missing", first);
  return fmt::format("events {}\u2013{} missing", first, last);
}

bool SameDigest(std::string_view stored, const Sha256Digest& computed) {
  return stored.size() == computed.size() &&
         std::memcmp(stored.data(), computed.data(), computed.size()) == 0;
}

Sha256Digest DigestFrom(std::string_view bytes) {
  Sha256Digest d{};
  std::memcpy(d.data(), bytes.data(), std::min(bytes.size(), d.size()));
  return d;
}

}  // namespace

std::size_t FrameSize(const NewRecord& record) {
  return kFrameFixedSize + record.type.size() + record.payload.size();
}

std::string EncodeFrame(std::uint64_t seq, const Sha256Digest& prev_hash, const NewRecord& record) {
  constexpr std::size_t kMaxField = std::numeric_limits<std::uint32_t>::max();
  ELINK_CHECK(record.type.size() <= kMaxField && record.payload.size() <= kMaxField)
      << "record type or payload does not fit the frame's 32-bit length field";
  std::string out;
  out.reserve(FrameSize(record));
  out.append(kFrameMagic);
  out.push_back(static_cast<char>(kFrameVersion));
  out.append(reinterpret_cast<const char*>(prev_hash.data()),  // NOLINT: bytes as chars
             prev_hash.size());
  PutU64(out, seq);
  // Two's complement, so times before 1970 round-trip.
  PutU64(out, static_cast<std::uint64_t>(ToUnixMillis(record.at)));
  PutU32(out, static_cast<std::uint32_t>(record.type.size()));
  out.append(record.type);
  PutU32(out, static_cast<std::uint32_t>(record.payload.size()));
  out.append(record.payload);
  return out;
}

Result<Record> DecodeFrame(std::string_view frame) {
  if (frame.size() < kFrameFixedSize) {
    return Status::Corruption(fmt::format("frame too short ({} bytes, at least {} expected)",
                                          frame.size(), kFrameFixedSize));
  }
  if (frame.substr(0, kFrameMagic.size()) != kFrameMagic) {
    return Status::Corruption("frame does not start with the \"ELEV\" magic");
  }
  const auto version = static_cast<std::uint8_t>(frame[kVersionOffset]);
  if (version != kFrameVersion) {
    return Status::Corruption(fmt::format("unsupported frame version {}", version));
  }
  Record r;
  std::memcpy(r.prev_hash.data(), frame.data() + kPrevHashOffset, r.prev_hash.size());
  r.seq = GetBigEndian(frame, kSeqOffset, 8);
  r.at = FromUnixMillis(static_cast<std::int64_t>(GetBigEndian(frame, kAtOffset, 8)));
  const std::size_t type_size = GetBigEndian(frame, kTypeLengthOffset, 4);
  // Invariant: frame.size() >= kFrameFixedSize, so this does not wrap.
  const std::size_t room_for_type = frame.size() - kFrameFixedSize;
  if (type_size > room_for_type) {
    return Status::Corruption(
        fmt::format("type length {} runs past the end of the frame", type_size));
  }
  r.type.assign(frame.substr(kTypeOffset, type_size));
  const std::size_t payload_length_offset = kTypeOffset + type_size;
  const std::size_t payload_size = GetBigEndian(frame, payload_length_offset, 4);
  if (payload_size != room_for_type - type_size) {
    return Status::Corruption(
        fmt::format("payload length {} does not match the {} bytes left in the frame", payload_size,
                    room_for_type - type_size));
  }
  r.payload.assign(frame.substr(payload_length_offset + 4));
  return r;
}

Result<Record> DecodeStoredRecord(std::int64_t row_seq, std::string_view frame,
                                  std::string_view stored_hash) {
  if (stored_hash.size() != Sha256Digest{}.size()) {
    return Status::Corruption(fmt::format("event {}: stored hash is not 32 bytes", row_seq));
  }
  if (!SameDigest(stored_hash, Sha256(frame))) {
    return Status::Corruption(
        fmt::format("event {}: hash does not match its content (altered)", row_seq));
  }
  auto decoded = DecodeFrame(frame);
  if (!decoded.ok()) {
    return decoded.status().WithMessagePrefix(fmt::format("event {}: ", row_seq));
  }
  Record r = std::move(decoded).value();
  if (r.seq != static_cast<std::uint64_t>(row_seq)) {
    return Status::Corruption(
        fmt::format("event {}: position {} holds event {} (reordered)", row_seq, row_seq, r.seq));
  }
  r.hash = DigestFrom(stored_hash);
  return r;
}

void ChainVerifier::Report(std::uint64_t seq, Damage damage, std::string message) {
  problem_ = VerifyProblem{.seq = seq, .damage = damage, .message = std::move(message)};
}

// The order of the checks decides which damage a problem is named as; see
// docs/formats/event-log.md "Verification".
bool ChainVerifier::Next(std::int64_t row_seq, std::optional<std::string_view> frame,
                         std::optional<std::string_view> hash) {
  if (problem_) return false;
  if (row_seq < 1) {
    Report(0, Damage::kUnreadable,
           fmt::format("a row has sequence number {}; events are numbered from 1", row_seq));
    return false;
  }
  const auto seq = static_cast<std::uint64_t>(row_seq);
  const std::uint64_t expected = prev_seq_ + 1;
  // Rows arrive in ascending, unique seq order, so a mismatch can only be a gap.
  if (seq != expected) {
    Report(expected, Damage::kRemoved, Range(expected, seq - 1));
    return false;
  }
  if (!hash || hash->size() != Sha256Digest{}.size()) {
    Report(seq, Damage::kUnreadable, fmt::format("event {}: stored hash is not 32 bytes", seq));
    return false;
  }
  if (!frame) {
    Report(seq, Damage::kUnreadable, fmt::format("event {}: stored frame is not a BLOB", seq));
    return false;
  }
  // Hash before parsing: any byte changed in a frame, header or body, is "altered"; only a frame
  // that hashes correctly yet does not parse was written unreadable.
  if (!SameDigest(*hash, Sha256(*frame))) {
    Report(seq, Damage::kAltered,
           fmt::format("event {}: hash does not match its content (altered)", seq));
    return false;
  }
  auto decoded = DecodeFrame(*frame);
  if (!decoded.ok()) {
    Report(seq, Damage::kUnreadable,
           fmt::format("event {}: frame cannot be parsed: {}", seq, decoded.status().message()));
    return false;
  }
  // Before the link check: a record moved here also has a foreign prev_hash, and "reordered"
  // is the more precise name.
  if (decoded->seq != seq) {
    Report(seq, Damage::kReordered,
           fmt::format("position {} holds event {} (reordered)", seq, decoded->seq));
    return false;
  }
  if (decoded->prev_hash != prev_hash_) {
    if (seq == 1) {
      Report(seq, Damage::kAltered, "event 1: previous hash is not all zero (altered)");
    } else {
      Report(seq, Damage::kAltered,
             fmt::format("event {}: link to event {} is broken (event {} was altered, or the "
                         "chain was rewritten)",
                         seq, seq - 1, seq - 1));
    }
    return false;
  }
  const Sha256Digest stored = DigestFrom(*hash);
  if (expected_head_ && expected_head_->seq == seq && expected_head_->hash != stored) {
    Report(seq, Damage::kAltered,
           fmt::format("event {}: hash differs from the expected head {}:{} (the log was "
                       "rewritten up to here)",
                       seq, seq, ToHex(expected_head_->hash)));
    return false;
  }
  prev_seq_ = seq;
  prev_hash_ = stored;
  ++records_checked_;
  return true;
}

void ChainVerifier::Finish() {
  if (problem_ || !expected_head_ || expected_head_->seq <= prev_seq_) return;
  Report(prev_seq_ + 1, Damage::kTruncated,
         fmt::format("the log ends at event {} but the expected head is event {}: {} (the tail "
                     "was cut)",
                     prev_seq_, expected_head_->seq, Range(prev_seq_ + 1, expected_head_->seq)));
}

}  // namespace elink::store::internal
