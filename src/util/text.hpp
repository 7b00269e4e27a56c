#pragma once
// Small text checks used wherever user input arrives.

#include <string>
#include <string_view>

namespace elink {

// `s` without the spaces and tabs at either end (the one Trim: files, CSV fields, CLI lists).
std::string_view Trim(std::string_view s);

// True when `s` holds nothing but spaces, tabs, carriage returns and line feeds, or nothing.
bool IsBlank(std::string_view s);

// True when `s` is well-formed UTF-8 (no overlongs, no surrogates, nothing above U+10FFFF).
bool IsValidUtf8(std::string_view s);

// Appends `s` to `out` as a JSON string literal (quotes, escapes, control characters as \u00XX),
// for code that writes small JSON documents without a JSON library.
void AppendJsonString(std::string& out, std::string_view s);

// `s` as HTML or XML 1.0 character data, safe in text and in quoted attributes: & < > " ' as
// references, and C0 controls that XML 1.0 cannot carry (all but tab, newline and carriage
// return) as spaces.
std::string EscapeMarkup(std::string_view s);

}  // namespace elink
