// SPDX-License-Identifier: Apache-2.0
// Fuzzes the road graph file reader (geo/graph_file.hpp). The first byte picks the mode, the rest
// is the file:
//   even  the file without its checksum: the harness writes the length field (bytes 16-23) and
//         appends the SHA-256, as a hostile writer would, so that mutations reach validation;
//   odd   the file as it is (the magic, length and checksum checks themselves).
// Invariants: ReadGraphFile returns a graph or kIOError / kFailedPrecondition / kCorruption,
// never crashes, and never takes longer than the file's size allows (allocations are bounded by
// the file). ReadGraphFileInfo agrees with it on the header. A graph that loads is written back by
// WriteGraphFile byte for byte as it was read (the format has one spelling per graph), and its
// edges are in range.
#include "fuzz.hpp"
#include "geo/graph_file.hpp"
#include "util/sha256.hpp"

#include <string>

namespace elink::fuzz {

namespace {

std::string Seal(std::string_view unsealed) {
  std::string file(unsealed);
  if (file.size() >= 24) {
    std::uint64_t total = file.size() + 32;
    for (int i = 0; i < 8; ++i) {
      file[16 + static_cast<std::size_t>(i)] = static_cast<char>(total & 0xff);
      total >>= 8;
    }
  }
  const Sha256Digest digest = Sha256(file);
  file.append(reinterpret_cast<const char*>(digest.data()), digest.size());  // NOLINT
  return file;
}

}  // namespace

int GraphFileOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  static const ScratchDir dir("graph-file");
  const std::string path = (dir.path() / "in.graph").string();
  const std::string_view rest = AsText(data + 1, size - 1);
  const std::string file = data[0] % 2 == 0 ? Seal(rest) : std::string(rest);
  WriteBytes(path, file);
  auto loaded = geo::ReadGraphFile(path);
  auto info = geo::ReadGraphFileInfo(path);
  if (!loaded.ok()) {
    const StatusCode code = loaded.status().code();
    ELINK_FUZZ_CHECK(code == StatusCode::kCorruption || code == StatusCode::kFailedPrecondition);
    // The header reader checks no checksum, so it may accept what the whole-file reader refuses,
    // but a version it refuses is refused by both.
    if (code == StatusCode::kFailedPrecondition) ELINK_FUZZ_CHECK(!info.ok());
    return 0;
  }
  ELINK_FUZZ_CHECK(info.ok());
  ELINK_FUZZ_CHECK(*info == loaded->info);
  const geo::RoadGraph& g = loaded->graph;
  for (geo::NodeIndex u = 0; u < g.node_count(); ++u) {
    ELINK_FUZZ_CHECK(g.EdgeBegin(u) <= g.EdgeEnd(u) && g.EdgeEnd(u) <= g.edge_count());
    for (std::size_t e = g.EdgeBegin(u); e < g.EdgeEnd(u); ++e) {
      ELINK_FUZZ_CHECK(g.Target(e) < g.node_count());
      const geo::NameId name = g.Name(e);
      ELINK_FUZZ_CHECK(name == geo::kNoName || name < g.names().size());
    }
  }
  if (loaded->ch) ELINK_FUZZ_CHECK(loaded->ch->node_count() == g.node_count());
  const std::string out = (dir.path() / "out.graph").string();
  const Status written =
      geo::WriteGraphFile(out, g, loaded->ch ? &*loaded->ch : nullptr, loaded->info);
  ELINK_FUZZ_CHECK(written.ok());
  ELINK_FUZZ_CHECK(ReadBytes(out) == file);
  return 0;
}

}  // namespace elink::fuzz

#ifdef ELINK_FUZZ_MAIN
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return elink::fuzz::GraphFileOneInput(data, size);
}
#endif
