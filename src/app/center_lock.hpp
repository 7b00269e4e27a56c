#pragma once
// The lock that keeps a running server and a writing command line off the same center database.
// `elink serve` and every command that writes (Center::Open, InitCenter) hold an exclusive
// advisory lock (flock) on `<db>.lock` for their life; the holder writes its pid into the file so
// that a refused command can name it. Reads that open the database read-only (`elink info`,
// `elink verify-log`) never take it. The kernel drops the lock when its process dies, even by
// SIGKILL, so a crash leaves nothing to clean up.

#include "util/status.hpp"

#include <filesystem>

namespace elink::app {

// `<db>.lock`.
std::filesystem::path LockFilePath(const std::filesystem::path& db);

class CenterLock {
 public:
  // Takes the lock of `db` without waiting. kFailedPrecondition naming the holder's pid when
  // another process (or another CenterLock of this one) holds it; kIOError when the lock file
  // cannot be opened.
  static Result<CenterLock> Acquire(const std::filesystem::path& db);

  CenterLock(CenterLock&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
  CenterLock& operator=(CenterLock&& other) noexcept;
  CenterLock(const CenterLock&) = delete;
  CenterLock& operator=(const CenterLock&) = delete;
  ~CenterLock();  // releases the lock (the file stays)

 private:
  explicit CenterLock(int fd) : fd_(fd) {}
  int fd_ = -1;
};

}  // namespace elink::app
