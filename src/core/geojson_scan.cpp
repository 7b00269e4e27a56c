// SPDX-License-Identifier: Apache-2.0
#include "core/internal/geojson_scan.hpp"

#include "core/toml_reader.hpp"

#include <algorithm>
#include <string>

namespace elink::core::internal {

Result<std::vector<std::size_t>> ScanJson(std::string_view text, const std::string& file) {
  std::vector<std::size_t> feature_lines;
  std::size_t line = 1;
  int depth = 0;
  bool in_string = false;
  bool escaped = false;
  std::string str;  // the string being read at depth 1, where the keys of interest are
  bool str_plain = true;
  std::string last_string;
  bool key_is_features = false;
  int features_depth = 0;  // depth inside the "features" array; 0 when outside it
  bool expect_element = false;
  for (const char c : text) {
    if (c == '\n') ++line;
    if (in_string) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
        str_plain = false;  // an escaped "features" is not worth decoding; lines fall back
      } else if (c == '"') {
        in_string = false;
        if (depth == 1) last_string = str_plain ? str : std::string();
      } else if (depth == 1 && str.size() < 16) {
        str += c;
      } else {
        str_plain = false;
      }
      continue;
    }
    const bool element_start = features_depth != 0 && depth == features_depth && expect_element;
    switch (c) {
      case ' ':
      case '\t':
      case '\r':
      case '\n': break;
      case '"':
        if (element_start) feature_lines.push_back(line), expect_element = false;
        in_string = true;
        str.clear();
        str_plain = true;
        break;
      case ':':
        if (depth == 1) key_is_features = last_string == "features";
        break;
      case ',':
        if (features_depth != 0 && depth == features_depth) expect_element = true;
        if (depth == 1) key_is_features = false;
        break;
      case '{':
      case '[':
        if (element_start) feature_lines.push_back(line), expect_element = false;
        if (depth == 1) {
          if (c == '[' && key_is_features) {
            feature_lines.clear();  // a repeated key: nlohmann keeps the last one, and so do we
            features_depth = 2;
            expect_element = true;
          }
          key_is_features = false;
        }
        if (++depth > kMaxJsonDepth) {
          return ConfigError(
              file, line, "",
              "JSON nested deeper than " + std::to_string(kMaxJsonDepth) + " levels");
        }
        break;
      case '}':
      case ']':
        if (features_depth != 0 && depth == features_depth) features_depth = 0;
        depth = std::max(0, depth - 1);
        break;
      default:
        if (element_start) feature_lines.push_back(line), expect_element = false;
        break;
    }
  }
  return feature_lines;
}

}  // namespace elink::core::internal
