#pragma once
// Values several test files share; kept here so that each is written once (and so that the test
// files of one executable can be compiled together in a unity build without clashing).

#include "util/clock.hpp"

#include <chrono>
#include <limits>
#include <string_view>

namespace elink::testing {

// 56 × 365 days after the Unix epoch (mid-December 2025): a fixed "now" for tests that need one.
inline const TimePoint kTestNow = TimePoint(std::chrono::hours(24 * 365 * 56));

// An argon2id string in the form crypto_pwhash_str writes (the codec and the state only carry it).
inline constexpr std::string_view kArgonHash =
    "$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$"
    "3M9Ytq5F8cQy1mC0i6Sx7k1b2lQ0w3t2mX9c2a1bQkE";

inline constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

}  // namespace elink::testing
