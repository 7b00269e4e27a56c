#pragma once
// Read-only looks at a center database: `elink info` (what it holds) and `elink verify-log`
// (whether its hash chain is intact, its snapshots true and its anchors kept). Neither changes the
// file.

#include "app/i18n.hpp"
#include "store/event_log.hpp"
#include "util/status.hpp"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace elink::app {

// A human-readable summary of the center in `db`: region, organisation and unit counts, incidents
// and units by status, the log head (an anchor to keep for later verification), snapshots.
// kNotFound / kCorruption as for Center::Open.
Result<std::string> DescribeCenter(const std::filesystem::path& db, Lang lang);

// Parses an anchor "SEQ:HEX64" as printed by `elink info`. kInvalidArgument naming "expect-head".
Result<store::LogHead> ParseHeadAnchor(std::string_view text);

// Verifies the hash chain of `db`. The report's first_problem is empty when it is intact.
Result<store::VerifyReport> VerifyCenterLog(
    const std::filesystem::path& db, std::optional<store::LogHead> expected_head,
    const std::function<void(std::uint64_t, std::uint64_t)>& progress = {});

// One line per outcome, e.g. "OK: 1204 events, head 1204:ab12…" or
// "DAMAGED at event 7 (altered): ...".
std::string FormatVerifyReport(const store::VerifyReport& report, Lang lang);

// All that `elink verify-log` checks: the chain (against `expected_head` when given), every stored
// snapshot by replaying the log to its event (engine/recover.hpp), and the anchors of an anchor
// file (anchors.hpp) when given.
struct CenterCheck {
  store::VerifyReport chain;
  std::uint64_t snapshots_checked = 0;
  std::vector<std::string> snapshot_problems;  // "snapshot at event N: why"
  std::vector<std::string> snapshot_notes;     // true but unbound snapshots (never used)
  std::uint64_t anchors_checked = 0;
  std::vector<std::string> anchor_problems;
  [[nodiscard]] bool ok() const {
    return !chain.first_problem && snapshot_problems.empty() && anchor_problems.empty();
  }
};
Result<CenterCheck> CheckCenter(
    const std::filesystem::path& db, std::optional<store::LogHead> expected_head,
    const std::optional<std::filesystem::path>& anchor_file,
    const std::function<void(std::string_view, std::uint64_t, std::uint64_t)>& progress = {});
// The chain's line (FormatVerifyReport), then one line for the snapshots and one for the anchors,
// and a line per problem.
std::string FormatCenterCheck(const CenterCheck& check, Lang lang);

}  // namespace elink::app
