#pragma once
// The `detail` of a problem document in the client's language, for errors still written as
// English text (the modules whose messages are not yet declared with ids, util/message.hpp: geo,
// store, sim, app, and dispatch's advice); this catalogue maps each such template the API can
// produce to zh-CN, matched on the English text:
//
//   "unknown incident type '{}'"  →  "未知的事件类型“{}”"
//
// A placeholder matches any text (an id, a quoted value, a number) and is copied into the
// translation as it is; a typed one ({istatus}, {ustatus}, {tstatus}, {level}) matches only the
// words of its vocabulary and is translated too, and {msg} is a nested message,
// translated in its turn. A message no template matches keeps its English (and the API tests fail
// listing it). Matching is linear in the message's length, whatever it holds: braces, percent
// signs or megabytes of text in a placeholder are copied, never interpreted.

#include "api/problem.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace elink::api {

// `english` in `lang`: as it is for kEn, the catalogue's zh-CN for kZh (or the English when no
// template matches).
std::string LocalizeDetail(std::string_view english, ApiLang lang);

// The zh-CN of `english`, or nullopt when no template matches it.
std::optional<std::string> TranslateToZh(std::string_view english);

// One entry of the catalogue, for tests: the English template and its zh-CN.
struct MessageTemplate {
  std::string_view en;
  std::string_view zh;
};
const std::vector<MessageTemplate>& MessageCatalogue();

}  // namespace elink::api
