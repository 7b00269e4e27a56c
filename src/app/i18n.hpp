#pragma once
// The language of text shown to people: zh-CN by default, English on request.

#include "core/enums.hpp"
#include "util/status.hpp"

#include <string_view>

namespace elink::app {

enum class Lang { kZh, kEn };

// "zh-CN"/"zh" or "en"; kInvalidArgument otherwise.
Result<Lang> ParseLang(std::string_view code);

// Picks the text for `lang`.
inline std::string_view Tr(Lang lang, std::string_view zh, std::string_view en) {
  return lang == Lang::kZh ? zh : en;
}

template <typename E>
std::string_view Label(E value, Lang lang) {
  const auto& info = core::InfoOf(value);
  return lang == Lang::kZh ? info.zh : info.en;
}

}  // namespace elink::app
