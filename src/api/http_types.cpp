// SPDX-License-Identifier: Apache-2.0
// HttpRequest's accessors, percent-decoding, reason phrases and plain problem replies
// (api/http_types.hpp).
#include "api/http_types.hpp"

#include "api/internal/http_transport.hpp"
#include "util/text.hpp"

namespace elink::api {

using internal::EqualsIgnoreCase;
namespace http = boost::beast::http;

std::string HttpRequest::Header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (EqualsIgnoreCase(key, name)) return value;
  }
  return {};
}

namespace {

int Hex(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::string UrlDecode(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '+') {
      out += ' ';
    } else if (s[i] == '%' && i + 2 < s.size() && Hex(s[i + 1]) >= 0 && Hex(s[i + 2]) >= 0) {
      out += static_cast<char>(Hex(s[i + 1]) * 16 + Hex(s[i + 2]));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

std::string HttpRequest::Query(std::string_view name) const {
  std::string_view q = query;
  while (!q.empty()) {
    const std::size_t amp = q.find('&');
    const std::string_view pair = q.substr(0, amp);
    const std::size_t eq = pair.find('=');
    if (UrlDecode(pair.substr(0, eq)) == name) {
      return eq == std::string_view::npos ? std::string() : UrlDecode(pair.substr(eq + 1));
    }
    if (amp == std::string_view::npos) break;
    q.remove_prefix(amp + 1);
  }
  return {};
}

std::string_view ReasonPhrase(int status) {
  if (status < 100 || status > 999) return "Unknown";
  const auto code = http::int_to_status(static_cast<unsigned>(status));
  if (code == http::status::unknown) return "Unknown";
  const auto phrase = http::obsolete_reason(code);
  return {phrase.data(), phrase.size()};
}

HttpResponse ProblemResponse(int status, std::string_view detail, std::string_view type) {
  HttpResponse response;
  response.status = status;
  response.content_type = "application/problem+json";
  std::string body = "{\"type\":";
  AppendJsonString(body, type);
  body += ",\"title\":";
  AppendJsonString(body, ReasonPhrase(status));
  body += ",\"status\":" + std::to_string(status) + ",\"detail\":";
  AppendJsonString(body, detail);
  body += '}';
  response.body = std::move(body);
  return response;
}

}  // namespace elink::api
