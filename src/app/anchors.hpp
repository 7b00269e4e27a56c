#pragma once
// Head anchors kept outside the center database. The hash chain shows that no event was altered,
// removed or reordered, except by someone who rewrites it from that event to the end; only a head
// (SEQ:HASH) kept where that person cannot reach proves the log has not been rewritten up to it.
// `elink serve --anchor-file F` appends the head to F now and then and at shutdown (the operator
// ships F off the machine: a log collector, another host, paper); `elink verify-log --anchor-file
// F` checks every anchor in it. docs/formats/event-log.md, "What the chain proves".
//
// The file is text, one anchor a line: "SEQ:HASH TIME", e.g.
//   1204:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08 2026-12-07T13:00:00Z
// Blank lines and lines starting with '#' are skipped.

#include "store/event_log.hpp"
#include "util/clock.hpp"
#include "util/status.hpp"

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace elink::app {

struct Anchor {
  store::LogHead head;
  std::size_t line = 0;  // in its file, from 1
};

// Every anchor of `path`. kNotFound for a missing file; kInvalidArgument naming "anchor-file:LINE"
// for a malformed line, and for a file over 64 MiB or a line over 1,000 bytes.
Result<std::vector<Anchor>> ReadAnchorFile(const std::filesystem::path& path);

// What is wrong with `log` by the anchors: an anchored event that is missing (the log was cut) or
// whose hash differs (the chain was rewritten). Empty when every anchor holds.
Result<std::vector<std::string>> CheckAnchors(const store::EventLog& log,
                                              const std::vector<Anchor>& anchors);

// Appends heads to an anchor file, each durable (fsync) before Append returns. Not thread-safe.
class AnchorWriter {
 public:
  // Creates the file (mode 0600) when missing. kIOError when it cannot be opened for appending.
  static Result<AnchorWriter> Open(const std::filesystem::path& path);
  AnchorWriter(AnchorWriter&& other) noexcept;
  AnchorWriter& operator=(AnchorWriter&& other) noexcept;
  AnchorWriter(const AnchorWriter&) = delete;
  AnchorWriter& operator=(const AnchorWriter&) = delete;
  ~AnchorWriter();

  // Appends `head` unless it is the last one appended (or the log is empty). kIOError on failure.
  Status Append(const store::LogHead& head, TimePoint at);

 private:
  AnchorWriter(std::filesystem::path path, int fd) : path_(std::move(path)), fd_(fd) {}
  std::filesystem::path path_;
  int fd_ = -1;
  std::optional<store::LogHead> last_;
};

}  // namespace elink::app
