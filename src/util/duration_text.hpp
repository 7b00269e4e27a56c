#pragma once
// Durations for people, in zh-CN or English: the one formatter of elapsed and travel times shown
// by the CLI and the incident chronology ("3分20秒" / "3 min 20 s", "1天2小时5分钟" /
// "1 d 2 h 5 min").

#include <chrono>
#include <string>

namespace elink {

// Minutes and seconds under an hour ("3分20秒" / "3 min 20 s"), hours and minutes from an hour on
// ("1小时05分" / "1 h 05 min"); the second unit always has two digits. A negative duration reads
// as 0.
std::string DurationText(std::chrono::seconds d, bool zh);

// Whole minutes, with days and hours in front only when there are any: "7分钟" / "7 min",
// "1小时5分钟" / "1 h 5 min", "1天2小时5分钟" / "1 d 2 h 5 min". A negative duration reads as 0.
std::string AgeText(std::chrono::minutes d, bool zh);

}  // namespace elink
