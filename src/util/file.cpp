// SPDX-License-Identifier: Apache-2.0
#include "util/file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
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

int WriteAll(int fd, std::string_view bytes) {
  std::size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return errno;
    if (n == 0) return EIO;  // a regular file or pipe that takes nothing: never loop forever
    done += static_cast<std::size_t>(n);
  }
  return 0;
}

Status WriteFileAtomically(const std::string& path, std::string_view bytes, unsigned mode,
                           int* error) {
  auto failed = [&](const char* step, const std::string& file, int errnum) {
    if (error != nullptr) *error = errnum;
    return Status::IOError(std::string("cannot ") + step + " " + file + ": " +
                           std::strerror(errnum));
  };
  std::string tmp = path + ".tmp.XXXXXX";
  const int fd = ::mkstemp(tmp.data());
  if (fd < 0) return failed("create a temporary file for", path, errno);
  auto discard = [&](const char* step, int errnum) {
    ::close(fd);
    ::unlink(tmp.c_str());
    return failed(step, tmp, errnum);
  };
  if (::fchmod(fd, static_cast<mode_t>(mode)) != 0) return discard("set the mode of", errno);
  if (const int e = WriteAll(fd, bytes); e != 0) return discard("write", e);
  if (::fsync(fd) != 0) return discard("fsync", errno);
  if (::close(fd) != 0) {
    const int e = errno;
    ::unlink(tmp.c_str());
    return failed("close", tmp, e);
  }
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    const int e = errno;
    ::unlink(tmp.c_str());
    return failed("rename into place", tmp, e);
  }
  // The rename is durable only once the folder's entry is.
  std::string dir = std::filesystem::path(path).parent_path().string();
  if (dir.empty()) dir = ".";
  const int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd < 0) return failed("open the folder", dir, errno);
  const int rc = ::fsync(dfd);
  const int e = errno;
  ::close(dfd);
  if (rc != 0) return failed("fsync the folder", dir, e);
  return Status::Ok();
}

}  // namespace elink
