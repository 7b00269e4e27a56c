// SPDX-License-Identifier: Apache-2.0
#include "api/static_files.hpp"

#include <array>
#include <fstream>
#include <sstream>
#include <utility>

namespace elink::api {

namespace fs = std::filesystem;

std::string ContentTypeOf(std::string_view name) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 16> kTypes{{
      {".html", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".json", "application/json"},
      {".map", "application/json"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".jpg", "image/jpeg"},
      {".jpeg", "image/jpeg"},
      {".gif", "image/gif"},
      {".ico", "image/x-icon"},
      {".webp", "image/webp"},
      {".woff2", "font/woff2"},
      {".woff", "font/woff"},
      {".txt", "text/plain; charset=utf-8"},
  }};
  const std::size_t dot = name.rfind('.');
  if (dot != std::string_view::npos) {
    const std::string_view ext = name.substr(dot);
    for (const auto& [e, type] : kTypes) {
      if (e == ext) return std::string(type);
    }
  }
  return "application/octet-stream";
}

Result<StaticFiles> StaticFiles::Load(const fs::path& root, std::size_t max_total_bytes) {
  std::error_code ec;
  if (!fs::is_directory(root, ec)) {
    return Status::NotFound(root.string() + " is not a folder", "web");
  }
  if (!fs::is_regular_file(root / "index.html", ec)) {
    return Status::NotFound(root.string() + " has no index.html (build the dashboard first)",
                            "web");
  }
  StaticFiles out;
  for (auto it = fs::recursive_directory_iterator(root, ec); !ec && it != fs::end(it);
       it.increment(ec)) {
    if (!it->is_regular_file(ec)) continue;
    const fs::path rel = fs::relative(it->path(), root, ec);
    if (ec) break;
    std::ifstream in(it->path(), std::ios::binary);
    std::ostringstream body;
    body << in.rdbuf();
    if (!in.good() && !in.eof()) {
      return Status::IOError("cannot read " + it->path().string());
    }
    File f;
    f.body = std::move(body).str();
    out.total_bytes_ += f.body.size();
    if (out.total_bytes_ > max_total_bytes) {
      return Status::InvalidArgument("web", "the files under " + root.string() + " exceed " +
                                                std::to_string(max_total_bytes) + " bytes");
    }
    const std::string key = "/" + rel.generic_string();
    f.content_type = ContentTypeOf(key);
    // Vite names what it emits under assets/ by content hash, so a name never changes meaning.
    f.immutable = key.rfind("/assets/", 0) == 0;
    out.files_.emplace(key, std::move(f));
  }
  if (ec) return Status::IOError("cannot list " + root.string() + ": " + ec.message());
  return out;
}

std::optional<HttpResponse> StaticFiles::Get(std::string_view path) const {
  if (path.empty() || path.front() != '/' || path == "/api" || path.rfind("/api/", 0) == 0) {
    return std::nullopt;
  }
  for (const char c : path) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f || c == '\\') return std::nullopt;
  }
  if (path.find("//") != std::string_view::npos || path.find("/..") != std::string_view::npos) {
    return std::nullopt;
  }
  auto it = files_.find(path);
  // A path that names no file is one of the app's own views: hand it the app. A missing asset
  // (a name with an extension under /assets/) is a real 404, not the app.
  if (it == files_.end()) {
    if (path.rfind("/assets/", 0) == 0) return std::nullopt;
    it = files_.find(std::string_view("/index.html"));
    if (it == files_.end()) return std::nullopt;
  }
  HttpResponse r;
  r.status = 200;
  r.content_type = it->second.content_type;
  r.body = it->second.body;
  r.headers.emplace_back("Cache-Control",
                         it->second.immutable ? "public, max-age=31536000, immutable" : "no-cache");
  r.headers.emplace_back("X-Content-Type-Options", "nosniff");
  if (r.content_type.rfind("text/html", 0) == 0) {
    // The dashboard talks to this center only: nothing from elsewhere may load or be called.
    r.headers.emplace_back("Content-Security-Policy",
                           "default-src 'self'; connect-src 'self' ws: wss:; img-src 'self' data: "
                           "blob:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'");
  }
  return r;
}

}  // namespace elink::api
