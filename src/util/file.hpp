#pragma once
// Reading a whole file into memory, plain or gzip-compressed (zlib reads a file that is not gzip
// as it is), with a size limit: the one reader for the call logs, the DIMACS graphs and the
// other data files elink loads whole; and the one plain writer of a whole text file.

#include "util/status.hpp"

#include <cstddef>
#include <string>

namespace elink {

// The bytes of `path`, decompressed when it is gzip (a file of several gzip members reads as their
// concatenation). Errors: kIOError "cannot read <path>: no such file" / "...: not a regular file"
// / "...: <reason>"; kCorruption "<path>: damaged or truncated gzip: <reason>" when the stream is
// cut or its checksum fails; kInvalidArgument (field <path>) "larger than <max_bytes> bytes" when
// the decompressed text would exceed `max_bytes`.
Result<std::string> ReadWholeFile(const std::string& path, std::size_t max_bytes);

// Writes `text` to `path`, replacing the file (not atomically). kIOError "cannot write <path>".
Status WriteWholeFile(const std::string& path, const std::string& text);

}  // namespace elink
