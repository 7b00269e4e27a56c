#pragma once
// Reading a whole file into memory, plain or gzip-compressed (zlib reads a file that is not gzip
// as it is), with a size limit: the one reader for the call logs, the DIMACS graphs and the
// other data files elink loads whole; the one plain writer of a whole text file; and the one
// durable writer (write all, fsync, rename into place, fsync the folder) that the graph file, the
// key file, the anchor file and the simulator's reports use.

#include "util/status.hpp"

#include <cstddef>
#include <string>
#include <string_view>

namespace elink {

// The bytes of `path`, decompressed when it is gzip (a file of several gzip members reads as their
// concatenation). Errors: kIOError "cannot read <path>: no such file" / "...: not a regular file"
// / "...: <reason>"; kCorruption "<path>: damaged or truncated gzip: <reason>" when the stream is
// cut or its checksum fails; kInvalidArgument (field <path>) "larger than <max_bytes> bytes" when
// the decompressed text would exceed `max_bytes`.
Result<std::string> ReadWholeFile(const std::string& path, std::size_t max_bytes);

// Writes `text` to `path`, replacing the file (not atomically). kIOError "cannot write <path>".
Status WriteWholeFile(const std::string& path, const std::string& text);

// Writes every byte of `bytes` to the open descriptor `fd`, going on after short writes and
// EINTR. 0, or the errno of the write that failed.
[[nodiscard]] int WriteAll(int fd, std::string_view bytes);

// Replaces `path` by `bytes` durably: a new temporary file beside it (mode `mode`, whatever the
// umask) is written, fsynced, renamed over `path`, and the folder fsynced so that the rename
// survives a power cut. A reader sees the old file or the new one, never a part. On failure the
// temporary file is removed and `path` is as it was (unless only the folder's fsync failed: then
// the new file is in place but may not survive a crash). kIOError "cannot <step> <file>: <reason>";
// `error` (when given) receives the errno of the failed step.
Status WriteFileAtomically(const std::string& path, std::string_view bytes, unsigned mode,
                           int* error = nullptr);

}  // namespace elink
