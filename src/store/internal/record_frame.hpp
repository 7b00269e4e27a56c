#pragma once
// The canonical byte framing of one event-log record and the per-row checks every backend shares:
// EncodeFrame builds the bytes that are stored and hashed, DecodeFrame parses them back, and
// ChainVerifier walks stored rows in order and names the first problem. Layout and rules:
// docs/formats/event-log.md.

#include "store/event_log.hpp"
#include "util/sha256.hpp"
#include "util/status.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace elink::store::internal {

// "ELEV": marks a frame as an elink event record.
inline constexpr std::string_view kFrameMagic = "ELEV";
inline constexpr std::uint8_t kFrameVersion = 1;
// magic 4 + version 1 + prev_hash 32 + seq 8 + at 8 + type length 4 + payload length 4.
inline constexpr std::size_t kFrameFixedSize = 61;

// Size of the frame EncodeFrame would build for `record`.
std::size_t FrameSize(const NewRecord& record);

// REQUIRES: record.type and record.payload are each shorter than 2^32 bytes.
std::string EncodeFrame(std::uint64_t seq, const Sha256Digest& prev_hash, const NewRecord& record);

// The record held in `frame`, with `hash` left zero (the caller knows the stored hash).
// kCorruption with the reason ("frame too short", "unknown magic", ...) when it does not parse.
Result<Record> DecodeFrame(std::string_view frame);

// What Read() does for each row: the frame must hash to `stored_hash`, parse, and carry `row_seq`.
// kCorruption naming the event otherwise.
Result<Record> DecodeStoredRecord(std::int64_t row_seq, std::string_view frame,
                                  std::string_view stored_hash);

// Checks stored rows fed in ascending row-seq order and keeps the first problem found; see
// "Verification" in docs/formats/event-log.md for the order of the checks. Not thread-safe; one
// owner per walk.
class ChainVerifier {
 public:
  explicit ChainVerifier(std::optional<LogHead> expected_head) : expected_head_(expected_head) {}

  // Checks one row. `frame` / `hash` are nullopt when the column does not hold a BLOB. Returns
  // false once a problem has been found; later rows are then ignored.
  bool Next(std::int64_t row_seq, std::optional<std::string_view> frame,
            std::optional<std::string_view> hash);
  // Call after the last row: checks the expected head against how far the log went.
  void Finish();

  [[nodiscard]] const std::optional<VerifyProblem>& problem() const { return problem_; }
  // Rows that passed every check.
  [[nodiscard]] std::uint64_t records_checked() const { return records_checked_; }

 private:
  void Report(std::uint64_t seq, Damage damage, std::string message);

  std::optional<LogHead> expected_head_;
  std::optional<VerifyProblem> problem_;
  std::uint64_t records_checked_ = 0;
  // Invariant: the last row that passed every check (seq 0 and zero hash before the first).
  std::uint64_t prev_seq_ = 0;
  Sha256Digest prev_hash_{};
};

}  // namespace elink::store::internal
