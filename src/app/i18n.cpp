// SPDX-License-Identifier: Apache-2.0
#include "app/i18n.hpp"

#include <string>

namespace elink::app {

Result<Lang> ParseLang(std::string_view code) {
  if (code == "zh-CN" || code == "zh" || code == "zh_CN") return Lang::kZh;
  if (code == "en" || code == "en-US" || code == "en-GB") return Lang::kEn;
  return Status::InvalidArgument("lang",
                                 "unknown language '" + std::string(code) + "' (zh-CN or en)");
}

}  // namespace elink::app
