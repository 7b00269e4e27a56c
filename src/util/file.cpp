// SPDX-License-Identifier: Apache-2.0
#include "util/file.hpp"

#include <zlib.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <system_error>

namespace elink {

Result<std::string> ReadWholeFile(const std::string& path, std::size_t max_bytes) {
  std::error_code ec;
  const auto status = std::filesystem::status(path, ec);
  if (ec || !std::filesystem::exists(status)) {
    return Status::IOError("cannot read " + path + ": no such file");
  }
  if (!std::filesystem::is_regular_file(status)) {
    return Status::IOError("cannot read " + path + ": not a regular file");
  }
  gzFile file = gzopen(path.c_str(), "rb");
  if (file == nullptr) {
    return Status::IOError("cannot read " + path + ": " + std::strerror(errno));
  }
  gzbuffer(file, 1U << 18);
  std::string data;
  constexpr unsigned kChunk = 1U << 20;
  for (;;) {
    const std::size_t old = data.size();
    data.resize(old + kChunk);
    const int n = gzread(file, data.data() + old, kChunk);
    if (n < 0) {
      int errnum = 0;
      std::string message = gzerror(file, &errnum);
      gzclose(file);
      if (errnum == Z_ERRNO) return Status::IOError("cannot read " + path + ": read failed");
      return Status::Corruption(path + ": damaged or truncated gzip: " + message);
    }
    data.resize(old + static_cast<std::size_t>(n));
    if (data.size() > max_bytes) {
      gzclose(file);
      return Status::InvalidArgument(path, "larger than " + std::to_string(max_bytes) + " bytes");
    }
    if (n == 0) break;
  }
  int errnum = 0;
  std::string message = gzerror(file, &errnum);
  gzclose(file);
  // A gzip stream cut short reads as a clean end of data; zlib only tells via the error state.
  if (errnum != Z_OK) {
    return Status::Corruption(path + ": damaged or truncated gzip: " + message);
  }
  return data;
}

Status WriteWholeFile(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  out.close();
  if (!out) return Status::IOError("cannot write " + path);
  return Status::Ok();
}

}  // namespace elink
