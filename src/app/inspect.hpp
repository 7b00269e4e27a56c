#pragma once
// Read-only looks at a center database: `elink info` (what it holds) and `elink verify-log`
// (whether its hash chain is intact). Neither changes the file.

#include "app/i18n.hpp"
#include "store/event_log.hpp"
#include "util/status.hpp"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>

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

}  // namespace elink::app
