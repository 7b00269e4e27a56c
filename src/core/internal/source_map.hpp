#pragma once
// Where each value of a loaded region came from (file, line, path in the file), so that errors
// found by ValidateRegion after parsing are reported against the file that holds the value.

#include "core/toml_reader.hpp"
#include "util/status.hpp"

#include <cstddef>
#include <string>
#include <unordered_map>
#include <utility>

namespace elink::core::internal {

struct Origin {
  std::string file;
  std::size_t line = 0;
  std::string path;  // the path in the file's own terms ("features[4].properties.community")
};

// Model path ("units[3].station") → origin. Lookups take the longest recorded prefix, so an
// error on a field nobody recorded still lands on its entry's line. Not thread-safe.
class SourceMap {
 public:
  void Add(std::string model_path, Origin origin) {
    if (model_path.empty()) return;
    origins_.insert_or_assign(std::move(model_path), std::move(origin));
  }

  // A TOML file whose readers record into this map; the map must outlive it.
  [[nodiscard]] TomlDoc DocFor(const std::string& file) {
    return TomlDoc{file, false,
                   [this, file](std::string model, std::size_t line, std::string path) {
                     Add(std::move(model), Origin{file, line, std::move(path)});
                   }};
  }

  // The ValidateRegion error `s`, restated as "<file>:<line>: <file path>: <message>".
  [[nodiscard]] Status Locate(const Status& s) const {
    const std::string& field = s.field();
    std::string key = field;
    while (!key.empty()) {
      auto it = origins_.find(key);
      if (it != origins_.end()) {
        return ConfigError(it->second.file, it->second.line,
                           it->second.path + field.substr(key.size()), s.message());
      }
      const std::size_t cut = key.find_last_of(".[");
      key.resize(cut == std::string::npos ? 0 : cut);
    }
    return ConfigError("region.toml", 1, field, s.message());
  }

 private:
  std::unordered_map<std::string, Origin> origins_;
};

}  // namespace elink::core::internal
