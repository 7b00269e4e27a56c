#pragma once
// The plain values of HTTP that the server, the problem documents and the handlers share:
// HttpRequest (one request, read whole), HttpResponse (what a handler answers), percent-decoding,
// reason phrases and a plain problem reply. No Beast here; api/http_server.hpp is the server.

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace elink::api {

// One request, fully read (headers and body). A plain value; handlers may move it anywhere.
struct HttpRequest {
  std::string method;  // as sent: "GET", "POST", ...
  std::string target;  // path + query, as sent (not percent-decoded)
  std::string path;    // target before '?'
  std::string query;   // target after '?', without it; empty when there is none
  std::vector<std::pair<std::string, std::string>> headers;  // names in lower case, in order
  std::string body;
  std::string remote_address;  // "ip:port" of the peer

  // The value of the first header called `name` (any case), or "" when there is none.
  [[nodiscard]] std::string Header(std::string_view name) const;
  // The first query parameter called `name`, percent- and '+'-decoded; "" when there is none.
  [[nodiscard]] std::string Query(std::string_view name) const;
};

// Percent-decoding of a path segment or query component ('+' as a space); a malformed escape is
// kept as it is.
std::string UrlDecode(std::string_view s);

// What a handler answers. The server adds Content-Length, Server and Connection itself and ignores
// those names (and Transfer-Encoding) in `headers`; a header containing CR or LF is dropped.
struct HttpResponse {
  int status = 200;                               // 200..599; anything else is sent as 500
  std::string content_type = "application/json";  // no Content-Type header when empty
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;  // ignored for 204 and 304
};

// An RFC 9457 problem document: {"type","title","status","detail"} with content type
// application/problem+json, its title the status's reason phrase. (The server answers its own
// errors — 400, 413, 431, 503, a refused upgrade — with api/problem.hpp's documents instead, in the
// language the request asks for where its headers could be read: zh-CN by default.)
HttpResponse ProblemResponse(int status, std::string_view detail,
                             std::string_view type = "about:blank");

// The standard reason phrase of an HTTP status ("Not Found"), or "Unknown".
std::string_view ReasonPhrase(int status);

}  // namespace elink::api
