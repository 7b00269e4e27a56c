#pragma once
// Public warnings as CAP 1.2 (OASIS Common Alerting Protocol) documents, the format alerting
// networks and other centers take: one <alert> with an <info> block per language the warning is
// written in (zh-CN, en-US) and its area as a circle. A cancelled warning is its own message,
// msgType "Cancel", that references the original. The output is valid against the OASIS
// cap12.xsd (tests/warning/cap_test.cpp checks with xmllint, beside real alerts).

#include "core/model.hpp"
#include "core/state.hpp"
#include "util/clock.hpp"

#include <string>

namespace elink::warning {

// "elink@<region id>": CAP <sender>, with anything but [A-Za-z0-9._-] in the id replaced by '_'.
std::string CapSender(const core::State& state);

// "elink.<region id>.alert.<id>": CAP <identifier>, unique per center.
std::string CapIdentifier(const core::State& state, const core::AlertId& id);

// CAP dateTime: "2026-11-29T10:15:00+00:00" (seconds, explicit offset; CAP forbids "Z").
std::string CapTime(TimePoint t);

// The alert message of `alert` as published.
std::string AlertToCap(const core::State& state, const core::Alert& alert);

// The "Cancel" message of a cancelled alert (REQUIRES: alert.cancelled_at).
std::string CancelToCap(const core::State& state, const core::Alert& alert);

// CAP <severity> of a warning colour: blue Minor, yellow Moderate, orange Severe, red Extreme.
const char* CapSeverity(core::AlertLevel level);

}  // namespace elink::warning
