// SPDX-License-Identifier: Apache-2.0
#include "api/problem.hpp"

#include <string>
#include <utility>

namespace elink::api {

namespace {

struct Kind {
  std::string_view code;
  std::string_view zh;
  std::string_view en;
};

constexpr Kind kKinds[] = {
    {"invalid_argument", "请求参数有误", "Invalid request"},
    {"unauthenticated", "未登录或登录已过期", "Not signed in, or the session has expired"},
    {"permission_denied", "无权执行此操作", "Not permitted"},
    {"not_found", "未找到", "Not found"},
    {"conflict", "与现有数据冲突", "Conflicts with existing data"},
    {"failed_precondition", "当前状态不允许此操作", "Not allowed in the current state"},
    {"unavailable", "服务暂不可用，请稍后重试", "Service unavailable; try again shortly"},
    {"io_error", "存储错误", "Storage error"},
    {"corruption", "数据校验失败", "Stored data failed verification"},
    {"internal", "内部错误", "Internal error"},
    {"payload_too_large", "请求内容过大", "Request body too large"},
    {"method_not_allowed", "不支持该请求方法", "Method not allowed"},
    {"too_many_requests", "请求过于频繁，请稍后再试", "Too many requests; try again later"},
    {"unsupported_media_type", "不支持的请求内容类型", "Unsupported media type"},
    {"request_header_fields_too_large", "请求头过大", "Request headers too large"},
};

const Kind& KindOf(std::string_view code) {
  for (const Kind& k : kKinds) {
    if (k.code == code) return k;
  }
  return kKinds[9];  // internal
}

}  // namespace

ApiLang LangOf(std::string_view query_lang, std::string_view accept_language) {
  const std::string_view pick = !query_lang.empty() ? query_lang : accept_language;
  return pick.substr(0, 2) == "en" ? ApiLang::kEn : ApiLang::kZh;
}

ApiLang LangOf(const HttpRequest& request) {
  return LangOf(request.Query("lang"), request.Header("accept-language"));
}

namespace {

// The document around a detail already in the client's language.
Problem Document(int http_status, std::string_view kind, std::string detail, ApiLang lang) {
  const Kind& k = KindOf(kind);
  return {http_status,
          {{"type", "https://elink.dev/problems/" + std::string(k.code)},
           {"title", std::string(lang == ApiLang::kZh ? k.zh : k.en)},
           {"status", http_status},
           {"detail", std::move(detail)}}};
}

}  // namespace

HttpResponse ResponseOf(const Problem& p) {
  HttpResponse r;
  r.status = p.status;
  r.content_type = "application/problem+json";
  // A detail may quote what the client sent, cut at a byte limit: invalid UTF-8 there becomes
  // U+FFFD rather than an exception.
  r.body = p.body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return r;
}

namespace {

Problem WithField(Problem p, const Status& s) {
  if (!s.field().empty()) p.body["field"] = s.field();
  return p;
}

}  // namespace

Problem ProblemOf(const Status& s, ApiLang lang) {
  std::string kind(StatusCodeName(s.code()));
  for (char& c : kind) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  return ProblemOf(HttpStatusOf(s.code()), kind, s, lang);
}

Problem ProblemOf(int http_status, std::string_view kind, const Status& s, ApiLang lang) {
  // A declared message says itself in either language, and its id lets a client tell refusals
  // apart without reading the text. An error made from text (a storage or library error's own
  // words) has no id and says its English in both.
  Problem p =
      Document(http_status, kind, s.Text(lang == ApiLang::kZh ? Lang::kZhCN : Lang::kEn), lang);
  if (const Message* id = s.message_id(); id != nullptr) {
    p.body["message_id"] = std::string(id->id);
  }
  return WithField(std::move(p), s);
}

}  // namespace elink::api
