#pragma once
// Error replies as problem documents (RFC 9457, application/problem+json): a type URI per kind
// of error, a title and a detail in the client's language (zh-CN by default, English when the
// request asks for it; a declared message says itself, with its message_id, and an error made
// from text says its English), and the field the error is about.

#include "api/http_types.hpp"
#include "util/status.hpp"

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

namespace elink::api {

enum class ApiLang { kZh, kEn };

// "en..." in ?lang= or Accept-Language picks English; anything else zh-CN.
ApiLang LangOf(std::string_view query_lang, std::string_view accept_language);
// The same for a request: its ?lang= and its Accept-Language.
ApiLang LangOf(const HttpRequest& request);

struct Problem {
  int status = 500;
  nlohmann::json body;
};

// The HTTP status from the Status code; `s` must not be OK. The detail is s.message() in `lang`.
Problem ProblemOf(const Status& s, ApiLang lang);
// For errors the transport or the router finds (413, 431, 404 no such route, 405, 429): `s` says
// it (its code is not used), in `lang`.
Problem ProblemOf(int http_status, std::string_view kind, const Status& s, ApiLang lang);

// The problem as a reply (application/problem+json).
HttpResponse ResponseOf(const Problem& p);

}  // namespace elink::api
