// SPDX-License-Identifier: Apache-2.0
#include "app/anchors.hpp"

#include "app/inspect.hpp"
#include "util/file.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <system_error>

namespace elink::app {

namespace {

constexpr std::uintmax_t kMaxFileBytes = std::uintmax_t{64} << 20;
constexpr std::size_t kMaxLineBytes = 1000;

}  // namespace

Result<std::vector<Anchor>> ReadAnchorFile(const std::filesystem::path& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {
    return Status::NotFound(path.string() + ": no such anchor file");
  }
  if (std::filesystem::file_size(path, ec) > kMaxFileBytes || ec) {
    return Status::InvalidArgument("anchor-file", path.string() + ": larger than 64 MiB");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::IOError(path.string() + ": cannot read");
  std::vector<Anchor> out;
  std::string line;
  for (std::size_t n = 1; std::getline(in, line); ++n) {
    const std::string field = fmt::format("anchor-file:{}", n);
    if (line.size() > kMaxLineBytes) return Status::InvalidArgument(field, "line too long");
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line.front() == '#') continue;
    const std::string_view anchor = std::string_view(line).substr(0, line.find(' '));
    auto head = ParseHeadAnchor(anchor);
    if (!head.ok()) {
      return Status::InvalidArgument(
          field, fmt::format("expected SEQ:HASH [TIME]: {}", head.status().message()));
    }
    out.push_back({*head, n});
  }
  return out;
}

Result<std::vector<std::string>> CheckAnchors(const store::EventLog& log,
                                              const std::vector<Anchor>& anchors) {
  std::vector<std::string> problems;
  for (const Anchor& a : anchors) {
    if (a.head.seq == 0) continue;
    ELINK_ASSIGN_OR_RETURN(auto records, log.Read(a.head.seq, 1));
    if (records.empty() || records.front().seq != a.head.seq) {
      problems.push_back(
          fmt::format("line {}: event {} is not in the log (the log was cut)", a.line, a.head.seq));
    } else if (records.front().hash != a.head.hash) {
      problems.push_back(fmt::format(
          "line {}: event {} has another hash than the anchor (the chain was rewritten)", a.line,
          a.head.seq));
    }
  }
  return problems;
}

Result<AnchorWriter> AnchorWriter::Open(const std::filesystem::path& path) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) {
    return Status::IOError(path.string() + ": cannot open for appending: " + std::strerror(errno));
  }
  return AnchorWriter(path, fd);
}

AnchorWriter::AnchorWriter(AnchorWriter&& other) noexcept
    : path_(std::move(other.path_)), fd_(other.fd_), last_(other.last_) {
  other.fd_ = -1;
}

AnchorWriter& AnchorWriter::operator=(AnchorWriter&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    path_ = std::move(other.path_);
    fd_ = other.fd_;
    last_ = other.last_;
    other.fd_ = -1;
  }
  return *this;
}

AnchorWriter::~AnchorWriter() {
  if (fd_ >= 0) ::close(fd_);
}

Status AnchorWriter::Append(const store::LogHead& head, TimePoint at) {
  if (head.seq == 0 || (last_ && *last_ == head)) return {};
  const std::string line = fmt::format("{}:{} {}\n", head.seq, ToHex(head.hash), FormatTime(at));
  if (const int e = WriteAll(fd_, line); e != 0) {
    return Status::IOError(path_.string() + ": write failed: " + std::strerror(e));
  }
  if (::fsync(fd_) != 0) {
    return Status::IOError(path_.string() + ": fsync failed: " + std::strerror(errno));
  }
  last_ = head;
  return {};
}

}  // namespace elink::app
