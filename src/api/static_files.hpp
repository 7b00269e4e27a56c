#pragma once
// StaticFiles: the dashboard's built files (web/dist), read into memory once at start and served
// at / by the service. Reading them up front means a request can never reach outside the folder
// (no path is ever joined with what a client sent), and a rebuild of the folder while the center
// runs cannot serve half-written files. A path that is neither a file nor under /api/ gets
// index.html, so the single-page app's own paths survive a reload.

#include "api/http_server.hpp"
#include "util/status.hpp"

#include <cstddef>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace elink::api {

class StaticFiles {
 public:
  // Every regular file under `root`, at most `max_total_bytes` in all. kNotFound when `root` is
  // not a folder or has no index.html; kInvalidArgument when the files are too big; kIOError when
  // one cannot be read.
  static Result<StaticFiles> Load(const std::filesystem::path& root,
                                  std::size_t max_total_bytes = std::size_t{64} << 20);

  // The response for a GET of `path` (already split from the query), or nullopt when the path is
  // the API's (/api/...) or is not a clean path ("..", "//", control characters).
  [[nodiscard]] std::optional<HttpResponse> Get(std::string_view path) const;

  [[nodiscard]] std::size_t file_count() const { return files_.size(); }
  [[nodiscard]] std::size_t total_bytes() const { return total_bytes_; }

 private:
  struct File {
    std::string content_type;
    std::string body;
    bool immutable = false;  // a content-hashed asset: cache for a year
  };
  std::map<std::string, File, std::less<>> files_;  // "/assets/app-1a2b.js" -> file
  std::size_t total_bytes_ = 0;
};

// The Content-Type for a file name by its extension ("application/octet-stream" when unknown).
std::string ContentTypeOf(std::string_view name);

}  // namespace elink::api
