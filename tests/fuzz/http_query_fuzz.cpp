// SPDX-License-Identifier: Apache-2.0
// Fuzzes the parts of request reading that are ours (api/http_types.hpp); the request line and
// headers themselves are parsed by Beast. The input is used twice:
//   - whole, as a query string: UrlDecode never grows the text, and Query finds each parameter
//     present as the first pair with that decoded name;
//   - split at NUL bytes into names and values: percent-encoded and joined into a query, each
//     name reads back its first value exactly (any bytes); as headers, each name is found in any
//     letter case with its first value.
#include "api/http_types.hpp"
#include "fuzz.hpp"

#include <string>
#include <vector>

namespace elink::fuzz {

namespace {

std::string PercentEncode(std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (const char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if ((u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9') || u == '-' ||
        u == '_' || u == '.' || u == '~') {
      out += c;
    } else {
      out += '%';
      out += kHex[u >> 4];
      out += kHex[u & 15];
    }
  }
  return out;
}

std::string Flip(std::string s) {
  for (char& c : s) {
    if (c >= 'a' && c <= 'z') {
      c = static_cast<char>(c - 'a' + 'A');
    } else if (c >= 'A' && c <= 'Z') {
      c = static_cast<char>(c - 'A' + 'a');
    }
  }
  return s;
}

}  // namespace

int HttpQueryOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input = AsText(data, size);
  ELINK_FUZZ_CHECK(api::UrlDecode(input).size() <= input.size());

  api::HttpRequest raw;
  raw.query = std::string(input);
  // The first pair, decoded, is what Query answers for its name.
  const std::string_view first = input.substr(0, input.find('&'));
  const std::size_t eq = first.find('=');
  const std::string name = api::UrlDecode(first.substr(0, eq));
  const std::string value =
      eq == std::string_view::npos ? std::string() : api::UrlDecode(first.substr(eq + 1));
  if (!input.empty()) ELINK_FUZZ_CHECK(raw.Query(name) == value);

  std::vector<std::string> parts;
  std::string_view rest = input;
  while (parts.size() < 32) {
    const std::size_t nul = rest.find('\0');
    parts.emplace_back(rest.substr(0, nul));
    if (nul == std::string_view::npos) break;
    rest.remove_prefix(nul + 1);
  }
  if (parts.size() % 2 == 1) parts.emplace_back();
  api::HttpRequest req;
  for (std::size_t i = 0; i < parts.size(); i += 2) {
    if (!req.query.empty()) req.query += '&';
    req.query += PercentEncode(parts[i]) + "=" + PercentEncode(parts[i + 1]);
    req.headers.emplace_back(parts[i], parts[i + 1]);
  }
  for (std::size_t i = 0; i < parts.size(); i += 2) {
    ELINK_FUZZ_CHECK(api::UrlDecode(PercentEncode(parts[i])) == parts[i]);
    std::size_t j = 0;
    while (parts[j] != parts[i]) j += 2;  // the first pair with this name
    ELINK_FUZZ_CHECK(req.Query(parts[i]) == parts[j + 1]);
    // Header names are compared ignoring ASCII case: the first name equal that way wins.
    const std::string header = req.Header(Flip(parts[i]));
    bool found = false;
    for (std::size_t m = 0; m < parts.size() && !found; m += 2) {
      std::string a = parts[m];
      std::string b = parts[i];
      for (char& c : a) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
      for (char& c : b) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
      if (a == b) {
        ELINK_FUZZ_CHECK(header == parts[m + 1]);
        found = true;
      }
    }
    ELINK_FUZZ_CHECK(found);
  }
  return 0;
}

}  // namespace elink::fuzz

#ifdef ELINK_FUZZ_MAIN
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return elink::fuzz::HttpQueryOneInput(data, size);
}
#endif
