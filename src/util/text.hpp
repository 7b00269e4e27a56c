#pragma once
// Small text checks used wherever user input arrives.

#include <string_view>

namespace elink {

// True when `s` is well-formed UTF-8 (no overlongs, no surrogates, nothing above U+10FFFF).
bool IsValidUtf8(std::string_view s);

}  // namespace elink
