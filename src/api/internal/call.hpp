#pragma once
// Shared by service.cpp (routing, authentication), the route table and the handlers
// (api/internal/routes.hpp, routes/*.cpp) and openapi.cpp: one request on its way through the
// service, a route as served and documented, and small parsing helpers.

#include "api/internal/messages.hpp"
#include "api/problem.hpp"
#include "api/service.hpp"
#include "api/views.hpp"
#include "core/enums.hpp"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace elink::api {

// One request on its way through the service; shared with the engine's callback when a command
// is answered asynchronously.
struct Service::Call {
  HttpRequest request;
  Respond respond;
  ApiLang lang = ApiLang::kZh;
  std::string route = "unmatched";
  std::vector<std::string> params;
  std::shared_ptr<const core::State> state;
  const core::User* user = nullptr;  // points into `state`
  std::chrono::steady_clock::time_point started;
  Metrics* metrics = nullptr;

  void Reply(int status, const Json& body) {
    Send(status, "application/json", body.dump(-1, ' ', false, Json::error_handler_t::replace));
  }
  // In the client's language (problem.hpp).
  void Fail(const Status& s) { Send(ResponseOf(ProblemOf(s, lang))); }
  void Fail(int http_status, std::string_view kind, const Status& s) {
    Send(ResponseOf(ProblemOf(http_status, kind, s, lang)));
  }
  // A refusal that says when to try again: Retry-After in whole seconds, rounded up, at least 1
  // (RFC 9110 section 10.2.3).
  void FailRetryAfter(int http_status, std::string_view kind, const Status& s, Millis wait) {
    HttpResponse r = ResponseOf(ProblemOf(http_status, kind, s, lang));
    r.headers.emplace_back("Retry-After", std::to_string(RetrySeconds(wait)));
    Send(std::move(r));
  }
  static std::int64_t RetrySeconds(Millis wait) {
    return std::max<std::int64_t>(1, (wait.count() + 999) / 1000);
  }
  void Send(int status, std::string content_type, std::string body) {
    HttpResponse r;
    r.status = status;
    r.content_type = std::move(content_type);
    r.body = std::move(body);
    Send(std::move(r));
  }
  void Send(HttpResponse r) {
    const auto micros = std::chrono::duration_cast<std::chrono::microseconds>(
                            std::chrono::steady_clock::now() - started)
                            .count();
    if (metrics != nullptr) metrics->Observe(request.method, route, r.status, micros);
    respond(std::move(r));
  }

  [[nodiscard]] std::string Query(std::string_view name) const { return request.Query(name); }
};

struct Service::Route {
  std::string method;
  std::string pattern;
  std::string operation_id;           // OpenAPI's operationId, unique in the table
  std::vector<std::string> segments;  // "{id}" marks a parameter
  bool public_route = false;
  std::string summary;
  // For the OpenAPI document (openapi.cpp; schemas as internal/schema.hpp builds them): the
  // request body's schema, the query parameters, the answer's status and JSON schema (or its
  // content types when it is not JSON), and the error statuses the route answers beyond those its
  // shape implies (openapi.cpp, DefaultErrors). The API tests check every answer they see against
  // these.
  Json request_schema;
  std::vector<Json> parameters;
  int success_status = 200;
  Json response_schema;
  std::vector<std::string> produces;
  std::vector<int> errors;

  Route& Takes(Json schema) {
    request_schema = std::move(schema);
    return *this;
  }
  Route& Query(std::string_view name, Json schema, std::string_view description) {
    parameters.push_back({{"name", name},
                          {"in", "query"},
                          {"required", false},
                          {"description", description},
                          {"schema", std::move(schema)}});
    return *this;
  }
  Route& Answers(Json schema, int status = 200) {
    response_schema = std::move(schema);
    success_status = status;
    return *this;
  }
  Route& Produces(std::string content_type) {
    produces.push_back(std::move(content_type));
    return *this;
  }
  Route& MayFail(std::initializer_list<int> statuses) {
    errors.insert(errors.end(), statuses.begin(), statuses.end());
    return *this;
  }
  // Replies itself (now or later) and returns OK, or returns the error to reply with.
  std::function<Status(const std::shared_ptr<Call>&)> fn;
};

namespace internal {

inline Result<std::uint64_t> ParseId(const std::string& text, const std::string& field) {
  std::uint64_t v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size() || v == 0) {
    return Status::InvalidArgument(field, msg::kPositiveInteger);
  }
  return v;
}

// A whole number query parameter `field` within [min, max]; `def` when it is absent.
inline Result<std::int64_t> QueryInteger(const std::string& text, const std::string& field,
                                         std::int64_t def, std::int64_t min, std::int64_t max) {
  if (text.empty()) return def;
  std::int64_t v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size() || v < min || v > max) {
    return Status::InvalidArgument(field, msg::kIntegerWithin, min, max);
  }
  return v;
}

// A query flag `field`: "true" or "false"; `def` when it is absent.
inline Result<bool> QueryBool(const std::string& text, const std::string& field, bool def) {
  if (text.empty()) return def;
  if (text == "true") return true;
  if (text == "false") return false;
  return Status::InvalidArgument(field, msg::kTrueOrFalse);
}

// Query "limit" within [1, max], default `def`.
inline Result<std::size_t> Limit(const std::string& text, std::size_t def, std::size_t max) {
  ELINK_ASSIGN_OR_RETURN(const std::int64_t v,
                         QueryInteger(text, "limit", static_cast<std::int64_t>(def), 1,
                                      static_cast<std::int64_t>(max)));
  return static_cast<std::size_t>(v);
}

inline Json ReplyJson(const engine::Reply& r) {
  return {{"saved", true}, {"first_seq", r.first_seq}, {"last_seq", r.last_seq}};
}

}  // namespace internal

}  // namespace elink::api
