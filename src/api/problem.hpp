#pragma once
// Error replies as problem documents (RFC 9457, application/problem+json): a type URI per kind
// of error, a title in the client's language (zh-CN by default, English when the request asks
// for it), the detail, and the field the error is about.

#include "util/status.hpp"

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

namespace elink::api {

enum class ApiLang { kZh, kEn };

// "en..." in ?lang= or Accept-Language picks English; anything else zh-CN.
ApiLang LangOf(std::string_view query_lang, std::string_view accept_language);

struct Problem {
  int status = 500;
  nlohmann::json body;
};

// The HTTP status from the Status code; `s` must not be OK.
Problem ProblemOf(const Status& s, ApiLang lang);
// For errors the transport or the router finds (413, 404 no such route, 405, 429).
Problem ProblemOf(int http_status, std::string_view kind, std::string detail, ApiLang lang);

}  // namespace elink::api
