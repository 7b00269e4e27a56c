// SPDX-License-Identifier: Apache-2.0
#include "app/center_lock.hpp"

#include "app/messages.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

namespace elink::app {

std::filesystem::path LockFilePath(const std::filesystem::path& db) {
  return db.string() + ".lock";
}

Result<CenterLock> CenterLock::Acquire(const std::filesystem::path& db) {
  const std::filesystem::path path = LockFilePath(db);
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) return Status::IOError(msg::kCenterLockIO, path.string(), std::strerror(errno));
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    const int error = errno;
    std::string pid = "?";
    if (error == EWOULDBLOCK) {
      char buf[32] = {};
      const ssize_t n = ::pread(fd, buf, sizeof buf - 1, 0);
      std::string text(buf, n > 0 ? static_cast<std::size_t>(n) : 0);
      while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
      if (!text.empty() && text.find_first_not_of("0123456789") == std::string::npos) pid = text;
    }
    ::close(fd);
    if (error != EWOULDBLOCK) {
      return Status::IOError(msg::kCenterLockIO, path.string(), std::strerror(error));
    }
    return Status::FailedPrecondition(msg::kCenterHeld, db.string(), pid);
  }
  // Ours: say who holds it.
  const std::string pid = std::to_string(::getpid()) + "\n";
  if (::ftruncate(fd, 0) != 0 || ::pwrite(fd, pid.data(), pid.size(), 0) < 0) {
    const int error = errno;
    ::close(fd);
    return Status::IOError(msg::kCenterLockIO, path.string(), std::strerror(error));
  }
  return CenterLock(fd);
}

CenterLock& CenterLock::operator=(CenterLock&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = other.fd_;
    other.fd_ = -1;
  }
  return *this;
}

CenterLock::~CenterLock() {
  if (fd_ >= 0) ::close(fd_);
}

}  // namespace elink::app
