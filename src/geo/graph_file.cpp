// SPDX-License-Identifier: Apache-2.0
#include "geo/graph_file.hpp"

#include "util/file.hpp"
#include "util/sha256.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <bit>
#include <cerrno>
#include <cstddef>
#include <cstring>
#include <filesystem>
#include <limits>
#include <memory>
#include <new>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

namespace elink::geo {

// The arrays are copied byte for byte; the file is little-endian with 64-bit offsets.
static_assert(std::endian::native == std::endian::little, "graph files are little-endian");
static_assert(sizeof(std::size_t) == 8, "offsets are stored as u64");
static_assert(sizeof(LatLonE6) == 8 && offsetof(LatLonE6, lat_e6) == 0 &&
              offsetof(LatLonE6, lon_e6) == 4 && std::is_trivially_copyable_v<LatLonE6>);
static_assert(sizeof(RoadClass) == 1);

namespace {

constexpr std::array<char, 8> kMagic = {'E', 'L', 'I', 'N', 'K', 'R', 'G', '\n'};
// magic, version, header length, file length.
constexpr std::size_t kPrefixBytes = 24;
constexpr std::size_t kChecksumBytes = 32;
constexpr std::uint32_t kFlagHierarchy = 1;
// Three length-prefixed strings and the fixed fields after them.
constexpr std::size_t kMaxHeaderBytes = 3 * (4 + kGraphFileMaxInfoBytes) + 8 + 4 + 8 + 4;
// No query can overflow a Distance when all hierarchy arcs together weigh less than this.
constexpr Distance kMaxTotalArcWeight = Distance{1} << 56;

std::string ErrnoText() { return std::strerror(errno); }

// Appends little-endian fields and raw arrays to the file image.
class Writer {
 public:
  template <typename T>
  void Put(T v) {
    static_assert(std::is_trivially_copyable_v<T>);
    out_.append(reinterpret_cast<const char*>(&v), sizeof(T));  // NOLINT: byte view
  }
  void PutString(std::string_view s) {
    Put(static_cast<std::uint32_t>(s.size()));
    out_.append(s);
  }
  template <typename T>
  void PutSection(const char (&tag)[5], const std::vector<T>& items) {
    static_assert(std::is_trivially_copyable_v<T>);
    out_.append(tag, 4);
    Put(static_cast<std::uint64_t>(items.size() * sizeof(T)));
    if (!items.empty()) {
      out_.append(reinterpret_cast<const char*>(items.data()),  // NOLINT: byte view
                  items.size() * sizeof(T));
    }
  }
  void PutRawSection(const char (&tag)[5], std::string_view bytes) {
    out_.append(tag, 4);
    Put(static_cast<std::uint64_t>(bytes.size()));
    out_.append(bytes);
  }
  std::string& bytes() { return out_; }

 private:
  std::string out_;
};

// Reads fields and sections from a verified file image; every read is bounds-checked, so even
// a checksum-valid but malformed image only ever yields kCorruption.
class Reader {
 public:
  explicit Reader(std::string_view data) : data_(data) {}

  [[nodiscard]] std::size_t remaining() const { return data_.size() - pos_; }
  [[nodiscard]] std::size_t position() const { return pos_; }

  template <typename T>
  Status Get(T* v, std::string_view what) {
    if (remaining() < sizeof(T))
      return Status::Corruption("graph file: " + std::string(what) + " truncated");
    std::memcpy(v, data_.data() + pos_, sizeof(T));
    pos_ += sizeof(T);
    return Status::Ok();
  }
  Status GetString(std::string* s, std::string_view what,
                   std::size_t max = std::numeric_limits<std::size_t>::max()) {
    std::uint32_t len = 0;
    ELINK_RETURN_IF_ERROR(Get(&len, what));
    if (len > max || len > remaining()) {
      return Status::Corruption("graph file: " + std::string(what) + " length out of range");
    }
    s->assign(data_.data() + pos_, len);
    pos_ += len;
    return Status::Ok();
  }
  // The next section must carry `tag`; returns its bytes.
  Status Section(const char (&tag)[5], std::string_view* bytes) {
    const std::string name(tag, 4);
    if (remaining() < 12) return Status::Corruption("graph file: section " + name + " missing");
    if (std::memcmp(data_.data() + pos_, tag, 4) != 0) {
      return Status::Corruption("graph file: expected section " + name + ", found '" +
                                Printable(data_.substr(pos_, 4)) + "'");
    }
    pos_ += 4;
    std::uint64_t len = 0;
    ELINK_RETURN_IF_ERROR(Get(&len, name));
    if (len > remaining()) {
      return Status::Corruption("graph file: section " + name + " longer than the file");
    }
    *bytes = data_.substr(pos_, static_cast<std::size_t>(len));
    pos_ += static_cast<std::size_t>(len);
    return Status::Ok();
  }
  // A section holding exactly `count` items of T (or, with allow_empty, none), copied into `out`.
  template <typename T>
  Status Array(const char (&tag)[5], std::size_t count, bool allow_empty, std::vector<T>* out) {
    static_assert(std::is_trivially_copyable_v<T>);
    std::string_view bytes;
    ELINK_RETURN_IF_ERROR(Section(tag, &bytes));
    if (allow_empty && bytes.empty()) {
      out->clear();
      return Status::Ok();
    }
    // The section length is bounded by the file size, so this cannot overflow or over-allocate.
    if (bytes.size() % sizeof(T) != 0 || bytes.size() / sizeof(T) != count) {
      return Status::Corruption("graph file: section " + std::string(tag, 4) + " has " +
                                std::to_string(bytes.size()) + " bytes, expected " +
                                std::to_string(count) + " items of " + std::to_string(sizeof(T)));
    }
    out->resize(count);
    if (count > 0) std::memcpy(out->data(), bytes.data(), bytes.size());
    return Status::Ok();
  }

  static std::string Printable(std::string_view s) {
    std::string out;
    for (const char c : s) out += (c >= 0x20 && c < 0x7f) ? c : '?';
    return out;
  }

 private:
  std::string_view data_;
  std::size_t pos_ = 0;
};

Status Corrupt(std::string_view section, std::string_view why) {
  return Status::Corruption("graph file: section " + std::string(section) + ": " +
                            std::string(why));
}

// Offsets of a CSR array over `nodes` groups and `items` entries: start at 0, never decrease,
// end at `items`.
Status CheckOffsets(const std::vector<std::size_t>& offsets, std::size_t items,
                    std::string_view section) {
  if (offsets.empty() || offsets.front() != 0) return Corrupt(section, "does not start at 0");
  for (std::size_t i = 1; i < offsets.size(); ++i) {
    if (offsets[i] < offsets[i - 1]) {
      return Corrupt(section, "decreases at " + std::to_string(i));
    }
  }
  if (offsets.back() != items) return Corrupt(section, "does not end at the item count");
  return Status::Ok();
}

// The file image. Not a std::string: that would zero-fill tens of megabytes only to overwrite them.
struct FileBytes {
  std::unique_ptr<char[]> data;
  std::size_t size = 0;  // bytes read
  [[nodiscard]] std::string_view view() const { return {data.get(), size}; }
};

// Reads the whole file (or its first `limit` bytes) with POSIX calls, refusing non-regular files.
Status ReadFileBytes(const std::string& path, std::size_t limit, FileBytes* out,
                     std::size_t* file_size) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Status::IOError("cannot open graph file " + path + ": " + ErrnoText());
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    const std::string why = ErrnoText();
    ::close(fd);
    return Status::IOError("cannot stat graph file " + path + ": " + why);
  }
  if (!S_ISREG(st.st_mode)) {
    ::close(fd);
    return Status::IOError("graph file " + path + " is not a regular file");
  }
  *file_size = static_cast<std::size_t>(st.st_size);
  const std::size_t want = std::min(*file_size, limit);
  try {
    out->data = std::make_unique_for_overwrite<char[]>(want);
  } catch (const std::bad_alloc&) {
    ::close(fd);
    return Status::IOError("graph file " + path + " (" + std::to_string(want) +
                           " bytes) does not fit in memory");
  }
  std::size_t got = 0;
  while (got < want) {
    const ssize_t n = ::read(fd, out->data.get() + got, want - got);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      const std::string why = ErrnoText();
      ::close(fd);
      return Status::IOError("cannot read graph file " + path + ": " + why);
    }
    if (n == 0) break;  // shrank while reading: the size check reports it
    got += static_cast<std::size_t>(n);
  }
  ::close(fd);
  out->size = got;
  return Status::Ok();
}

struct Prefix {
  std::uint32_t header_bytes = 0;
  std::uint64_t file_bytes = 0;
};

// Magic, version and the declared sizes against the real file size, before anything else.
Result<Prefix> CheckPrefix(std::string_view data, std::size_t file_size, const std::string& path) {
  const std::string what = "graph file " + path + ": ";
  if (data.size() < kMagic.size() || std::memcmp(data.data(), kMagic.data(), kMagic.size()) != 0) {
    if (data.size() < kMagic.size() && std::memcmp(data.data(), kMagic.data(), data.size()) == 0) {
      return Status::Corruption(what + "truncated (" + std::to_string(file_size) + " bytes)");
    }
    return Status::Corruption(what + "not an elink graph file (bad magic)");
  }
  if (data.size() < kPrefixBytes) {
    return Status::Corruption(what + "truncated (" + std::to_string(file_size) + " bytes)");
  }
  std::uint32_t version = 0;
  Prefix p;
  std::memcpy(&version, data.data() + 8, 4);
  std::memcpy(&p.header_bytes, data.data() + 12, 4);
  std::memcpy(&p.file_bytes, data.data() + 16, 8);
  if (version != kGraphFileVersion) {
    return Status::FailedPrecondition(
        what + "format version " + std::to_string(version) + ", but this elink reads version " +
        std::to_string(kGraphFileVersion) + "; re-run `elink import-osm` to rebuild it");
  }
  if (p.file_bytes != file_size) {
    return Status::Corruption(what + "the header says " + std::to_string(p.file_bytes) +
                              " bytes but the file has " + std::to_string(file_size) +
                              " (truncated or appended to)");
  }
  if (p.header_bytes > kMaxHeaderBytes ||
      kPrefixBytes + p.header_bytes + kChecksumBytes > file_size) {
    return Status::Corruption(what + "header length out of range");
  }
  return p;
}

struct Header {
  GraphFileInfo info;
  NodeIndex node_count = 0;
  std::uint64_t edge_count = 0;
  std::uint32_t flags = 0;
};

Result<Header> ParseHeader(std::string_view block) {
  Reader r(block);
  Header h;
  ELINK_RETURN_IF_ERROR(r.GetString(&h.info.source, "header.source", kGraphFileMaxInfoBytes));
  ELINK_RETURN_IF_ERROR(r.GetString(&h.info.profile, "header.profile", kGraphFileMaxInfoBytes));
  ELINK_RETURN_IF_ERROR(
      r.GetString(&h.info.created_by, "header.created_by", kGraphFileMaxInfoBytes));
  ELINK_RETURN_IF_ERROR(r.Get(&h.info.created_unix, "header.created_unix"));
  ELINK_RETURN_IF_ERROR(r.Get(&h.node_count, "header.node_count"));
  ELINK_RETURN_IF_ERROR(r.Get(&h.edge_count, "header.edge_count"));
  ELINK_RETURN_IF_ERROR(r.Get(&h.flags, "header.flags"));
  if (r.remaining() != 0) return Status::Corruption("graph file: header longer than its fields");
  if (h.node_count > kMaxNodes)
    return Status::Corruption("graph file: header node count too large");
  if ((h.flags & ~kFlagHierarchy) != 0)
    return Status::Corruption("graph file: unknown header flags");
  return h;
}

}  // namespace

// The only code that touches RoadGraph's and ContractionHierarchy's private arrays.
class GraphFileAccess {
 public:
  static void PutGraph(Writer& w, const RoadGraph& g) {
    w.PutSection("OFFS", g.offsets_);
    w.PutSection("TRGT", g.targets_);
    w.PutSection("TIME", g.times_);
    w.PutSection("LENM", g.lengths_m_);
    w.PutSection("COOR", g.coordinates_);
    w.PutSection("CLAS", g.road_classes_);
    w.PutSection("NMID", g.name_ids_);
    Writer names;
    names.Put(static_cast<std::uint32_t>(g.names_.size()));
    for (const std::string& s : g.names_) names.PutString(s);
    w.PutRawSection("NAME", names.bytes());
  }

  static Result<RoadGraph> GetGraph(Reader& r, const Header& h) {
    RoadGraph g;
    const NodeIndex n = h.node_count;
    // edge_count comes from a checksummed header, but is still only trusted as far as the
    // TRGT section (bounded by the file size) agrees with it.
    if (h.edge_count > r.remaining()) return Corrupt("header", "edge count larger than the file");
    const auto m = static_cast<std::size_t>(h.edge_count);
    g.node_count_ = n;
    ELINK_RETURN_IF_ERROR(r.Array("OFFS", std::size_t{n} + 1, false, &g.offsets_));
    ELINK_RETURN_IF_ERROR(r.Array("TRGT", m, false, &g.targets_));
    ELINK_RETURN_IF_ERROR(r.Array("TIME", m, false, &g.times_));
    ELINK_RETURN_IF_ERROR(r.Array("LENM", m, false, &g.lengths_m_));
    ELINK_RETURN_IF_ERROR(r.Array("COOR", n, true, &g.coordinates_));
    ELINK_RETURN_IF_ERROR(r.Array("CLAS", m, true, &g.road_classes_));
    ELINK_RETURN_IF_ERROR(r.Array("NMID", m, true, &g.name_ids_));
    std::string_view names;
    ELINK_RETURN_IF_ERROR(r.Section("NAME", &names));
    Reader nr(names);
    std::uint32_t count = 0;
    ELINK_RETURN_IF_ERROR(nr.Get(&count, "section NAME count"));
    if (count > nr.remaining() / 4) return Corrupt("NAME", "count larger than the section");
    g.names_.reserve(count);
    for (std::uint32_t i = 0; i < count; ++i) {
      std::string name;
      if (!nr.GetString(&name, "section NAME").ok()) {
        return Corrupt("NAME", "name " + std::to_string(i) + " truncated");
      }
      g.names_.push_back(std::move(name));
    }
    if (nr.remaining() != 0) return Corrupt("NAME", "trailing bytes");
    ELINK_RETURN_IF_ERROR(Validate(g));
    return g;
  }

  // Defence in depth: the checksum only proves the file is what some writer wrote.
  static Status Validate(const RoadGraph& g) {
    const NodeIndex n = g.node_count_;
    const std::size_t m = g.targets_.size();
    ELINK_RETURN_IF_ERROR(CheckOffsets(g.offsets_, m, "OFFS"));
    for (std::size_t e = 0; e < m; ++e) {
      if (g.targets_[e] >= n) return Corrupt("TRGT", "edge " + std::to_string(e) + " out of range");
      if (g.times_[e] > kMaxWeight)
        return Corrupt("TIME", "edge " + std::to_string(e) + " too large");
    }
    for (std::size_t u = 0; u < g.coordinates_.size(); ++u) {
      const LatLonE6 c = g.coordinates_[u];
      if (c.lat_e6 < -90'000'000 || c.lat_e6 > 90'000'000 || c.lon_e6 < -180'000'000 ||
          c.lon_e6 > 180'000'000) {
        return Corrupt("COOR", "node " + std::to_string(u) + " not on Earth");
      }
    }
    for (std::size_t e = 0; e < g.road_classes_.size(); ++e) {
      if (static_cast<std::uint8_t>(g.road_classes_[e]) >= kRoadClassCount) {
        return Corrupt("CLAS", "edge " + std::to_string(e) + " has an unknown road class");
      }
    }
    for (std::size_t e = 0; e < g.name_ids_.size(); ++e) {
      if (g.name_ids_[e] != kNoName && g.name_ids_[e] >= g.names_.size()) {
        return Corrupt("NMID", "edge " + std::to_string(e) + " names no entry of NAME");
      }
    }
    return Status::Ok();
  }

  // ---- The contraction hierarchy: adapt these two functions when its members change. ----

  static void PutHierarchy(Writer& w, const ContractionHierarchy& ch) {
    static_assert(std::is_trivially_copyable_v<ContractionHierarchy::Arc>);
    static_assert(sizeof(ContractionHierarchy::Arc) == 16 &&
                  offsetof(ContractionHierarchy::Arc, head) == 0 &&
                  offsetof(ContractionHierarchy::Arc, middle) == 4 &&
                  offsetof(ContractionHierarchy::Arc, weight) == 8);
    Writer hdr;
    hdr.Put(ch.node_count_);
    hdr.Put(static_cast<std::uint64_t>(ch.shortcut_count_));
    w.PutRawSection("CHDR", hdr.bytes());
    w.PutSection("RANK", ch.rank_);
    w.PutSection("UPOF", ch.up_offsets_);
    w.PutSection("UPAR", ch.up_);
    w.PutSection("DNOF", ch.down_offsets_);
    w.PutSection("DNAR", ch.down_);
  }

  static Result<ContractionHierarchy> GetHierarchy(Reader& r, NodeIndex graph_nodes,
                                                   std::size_t graph_edges) {
    using Arc = ContractionHierarchy::Arc;
    ContractionHierarchy ch;
    std::string_view hdr;
    ELINK_RETURN_IF_ERROR(r.Section("CHDR", &hdr));
    Reader hr(hdr);
    std::uint64_t shortcuts = 0;
    ELINK_RETURN_IF_ERROR(hr.Get(&ch.node_count_, "section CHDR"));
    ELINK_RETURN_IF_ERROR(hr.Get(&shortcuts, "section CHDR"));
    if (hr.remaining() != 0) return Corrupt("CHDR", "trailing bytes");
    if (ch.node_count_ != graph_nodes)
      return Corrupt("CHDR", "node count differs from the graph's");
    const NodeIndex n = ch.node_count_;
    ELINK_RETURN_IF_ERROR(r.Array("RANK", n, false, &ch.rank_));
    ELINK_RETURN_IF_ERROR(r.Array("UPOF", std::size_t{n} + 1, false, &ch.up_offsets_));
    ELINK_RETURN_IF_ERROR(ArcArray(r, "UPAR", &ch.up_));
    ELINK_RETURN_IF_ERROR(r.Array("DNOF", std::size_t{n} + 1, false, &ch.down_offsets_));
    ELINK_RETURN_IF_ERROR(ArcArray(r, "DNAR", &ch.down_));

    // The rank must be a permutation; its inverse is the order.
    ch.order_.assign(n, kNoNode);
    for (NodeIndex u = 0; u < n; ++u) {
      const NodeIndex rank = ch.rank_[u];
      if (rank >= n || ch.order_[rank] != kNoNode) {
        return Corrupt("RANK", "not a permutation (node " + std::to_string(u) + ")");
      }
      ch.order_[rank] = u;
    }
    ELINK_RETURN_IF_ERROR(CheckOffsets(ch.up_offsets_, ch.up_.size(), "UPOF"));
    ELINK_RETURN_IF_ERROR(CheckOffsets(ch.down_offsets_, ch.down_.size(), "DNOF"));

    // Arcs are grouped by their lower rank r; the head is higher, a shortcut's middle lower.
    Distance total_weight = 0;
    std::size_t shortcut_count = 0;
    for (const auto* side : {&ch.up_, &ch.down_}) {
      const bool up = side == &ch.up_;
      const auto& offsets = up ? ch.up_offsets_ : ch.down_offsets_;
      const char* section = up ? "UPAR" : "DNAR";
      for (NodeIndex rank = 0; rank < n; ++rank) {
        for (std::size_t i = offsets[rank]; i < offsets[std::size_t{rank} + 1]; ++i) {
          const Arc& a = (*side)[i];
          if (a.head >= n || a.head <= rank) {
            return Corrupt(section, "arc " + std::to_string(i) + " does not lead to a higher rank");
          }
          if (a.middle != kNoNode) {
            if (a.middle >= rank) {
              return Corrupt(section, "shortcut " + std::to_string(i) + " bypasses a higher rank");
            }
            ++shortcut_count;
          }
          total_weight += std::min(a.weight, kMaxTotalArcWeight);
          if (total_weight >= kMaxTotalArcWeight) return Corrupt(section, "weights too large");
        }
      }
    }
    if (shortcut_count != shortcuts) return Corrupt("CHDR", "shortcut count disagrees with arcs");
    ch.shortcut_count_ = shortcut_count;
    ELINK_RETURN_IF_ERROR(CheckShortcutHalves(ch, std::size_t{n} + graph_edges));
    return ch;
  }

 private:
  // An arc section of any length; its offsets are checked against it afterwards.
  static Status ArcArray(Reader& r, const char (&tag)[5],
                         std::vector<ContractionHierarchy::Arc>* out) {
    Reader probe = r;
    std::string_view bytes;
    ELINK_RETURN_IF_ERROR(probe.Section(tag, &bytes));
    return r.Array(tag, bytes.size() / sizeof(ContractionHierarchy::Arc), false, out);
  }

  // Unpacking a shortcut looks up the arcs to and from its middle (ContractionHierarchy::FindArc
  // stops the process when one is missing), so each must exist. The walk a shortcut unpacks into
  // is also bounded, in rank order, so that a crafted file cannot make one route exponentially
  // long: genuine hierarchies unpack into paths, far below nodes + edges.
  static Status CheckShortcutHalves(const ContractionHierarchy& ch, std::size_t max_hops) {
    using Arc = ContractionHierarchy::Arc;
    const NodeIndex n = ch.node_count_;
    const ArcLookup up(ch.up_offsets_, ch.up_);
    const ArcLookup down(ch.down_offsets_, ch.down_);
    // 32 bits are plenty: a walk longer than that is refused anyway.
    max_hops = std::min<std::size_t>(max_hops, std::numeric_limits<std::uint32_t>::max());
    std::vector<std::uint32_t> up_hops(ch.up_.size(), 0);
    std::vector<std::uint32_t> down_hops(ch.down_.size(), 0);
    // A shortcut grouped at rank r has its halves grouped at its middle (< r): done by then.
    for (NodeIndex rank = 0; rank < n; ++rank) {
      for (int s = 0; s < 2; ++s) {
        const bool is_up = s == 0;
        const auto& offsets = is_up ? ch.up_offsets_ : ch.down_offsets_;
        const auto& arcs = is_up ? ch.up_ : ch.down_;
        auto& hops = is_up ? up_hops : down_hops;
        for (std::size_t i = offsets[rank]; i < offsets[std::size_t{rank} + 1]; ++i) {
          const Arc& a = arcs[i];
          if (a.middle == kNoNode) {
            hops[i] = 1;
            continue;
          }
          // Up arc rank→head and down arc head→rank alike: head→middle is a down arc of the
          // middle, middle→rank or rank→middle the other half.
          const std::size_t first = down.Find(a.middle, is_up ? rank : a.head);
          const std::size_t second = is_up ? up.Find(a.middle, a.head) : up.Find(a.middle, rank);
          if (first == kMissing || second == kMissing) {
            return Corrupt(is_up ? "UPAR" : "DNAR",
                           "shortcut " + std::to_string(i) + " has no arc to or from its middle");
          }
          const std::uint64_t walk = std::uint64_t{down_hops[first]} + up_hops[second];
          if (walk > max_hops) {
            return Corrupt(is_up ? "UPAR" : "DNAR",
                           "shortcut " + std::to_string(i) + " unpacks into too long a walk");
          }
          hops[i] = static_cast<std::uint32_t>(walk);
        }
      }
    }
    return Status::Ok();
  }

  static constexpr std::size_t kMissing = std::numeric_limits<std::size_t>::max();

  // FindArc's lookup (the first arc of a group with a given head), without its quadratic worst
  // case: groups larger than a few arcs are searched through a sorted copy of their heads.
  class ArcLookup {
   public:
    ArcLookup(const std::vector<std::size_t>& offsets,
              const std::vector<ContractionHierarchy::Arc>& arcs)
        : offsets_(offsets), arcs_(arcs) {
      for (std::size_t g = 0; g + 1 < offsets.size(); ++g) {
        if (offsets[g + 1] - offsets[g] <= kLinear) continue;
        big_.emplace_back(g, sorted_.size());
        const auto from = static_cast<std::ptrdiff_t>(sorted_.size());
        for (std::size_t i = offsets[g]; i < offsets[g + 1]; ++i)
          sorted_.emplace_back(arcs[i].head, i);
        std::sort(sorted_.begin() + from, sorted_.end());
      }
    }
    [[nodiscard]] std::size_t Find(NodeIndex group, NodeIndex head) const {
      const std::size_t begin = offsets_[group];
      const std::size_t end = offsets_[std::size_t{group} + 1];
      if (end - begin <= kLinear) {
        for (std::size_t i = begin; i < end; ++i) {
          if (arcs_[i].head == head) return i;
        }
        return kMissing;
      }
      const auto big =
          std::lower_bound(big_.begin(), big_.end(), std::pair<std::size_t, std::size_t>{group, 0});
      const auto first = sorted_.begin() + static_cast<std::ptrdiff_t>(big->second);
      const auto last = first + static_cast<std::ptrdiff_t>(end - begin);
      const auto it = std::lower_bound(first, last, std::pair<NodeIndex, std::size_t>{head, 0});
      return it != last && it->first == head ? it->second : kMissing;
    }

   private:
    static constexpr std::size_t kLinear = 16;
    const std::vector<std::size_t>& offsets_;
    const std::vector<ContractionHierarchy::Arc>& arcs_;
    std::vector<std::pair<std::size_t, std::size_t>> big_;   // (group, start in sorted_)
    std::vector<std::pair<NodeIndex, std::size_t>> sorted_;  // (head, arc index) per big group
  };
};

Status WriteGraphFile(const std::string& path, const RoadGraph& graph,
                      const ContractionHierarchy* ch, const GraphFileInfo& info) {
  const std::pair<const char*, const std::string*> strings[] = {
      {"info.source", &info.source},
      {"info.profile", &info.profile},
      {"info.created_by", &info.created_by}};
  for (const auto& [field, s] : strings) {
    if (s->size() > kGraphFileMaxInfoBytes) {
      return Status::InvalidArgument(
          field, "longer than " + std::to_string(kGraphFileMaxInfoBytes) + " bytes");
    }
  }
  if (ch != nullptr && ch->node_count() != graph.node_count()) {
    return Status::InvalidArgument("ch", "hierarchy has " + std::to_string(ch->node_count()) +
                                             " nodes, the graph " +
                                             std::to_string(graph.node_count()));
  }
  Writer header;
  header.PutString(info.source);
  header.PutString(info.profile);
  header.PutString(info.created_by);
  header.Put(info.created_unix);
  header.Put(graph.node_count());
  header.Put(static_cast<std::uint64_t>(graph.edge_count()));
  header.Put(ch != nullptr ? kFlagHierarchy : std::uint32_t{0});

  Writer w;
  w.bytes().append(kMagic.data(), kMagic.size());
  w.Put(kGraphFileVersion);
  w.Put(static_cast<std::uint32_t>(header.bytes().size()));
  w.Put(std::uint64_t{0});  // file length, patched below
  w.bytes().append(header.bytes());
  GraphFileAccess::PutGraph(w, graph);
  if (ch != nullptr) GraphFileAccess::PutHierarchy(w, *ch);
  std::string& bytes = w.bytes();
  const auto total = static_cast<std::uint64_t>(bytes.size() + kChecksumBytes);
  std::memcpy(bytes.data() + 16, &total, sizeof(total));
  const Sha256Digest digest = Sha256(bytes);
  bytes.append(reinterpret_cast<const char*>(digest.data()), digest.size());  // NOLINT: byte view
  return WriteFileAtomically(path, bytes, 0644);
}

Result<LoadedGraph> ReadGraphFile(const std::string& path) {
  FileBytes data;
  std::size_t file_size = 0;
  ELINK_RETURN_IF_ERROR(
      ReadFileBytes(path, std::numeric_limits<std::size_t>::max(), &data, &file_size));
  const std::string_view all = data.view();
  ELINK_ASSIGN_OR_RETURN(const Prefix prefix, CheckPrefix(all, all.size(), path));
  const std::string_view body = all.substr(0, all.size() - kChecksumBytes);
  const Sha256Digest digest = Sha256(body);
  if (std::memcmp(digest.data(), all.data() + body.size(), kChecksumBytes) != 0) {
    return Status::Corruption("graph file " + path + ": checksum mismatch");
  }
  auto with_path = [&path](const Status& s) { return s.WithMessagePrefix(path + ": "); };
  const Result<Header> header = ParseHeader(body.substr(kPrefixBytes, prefix.header_bytes));
  if (!header.ok()) return with_path(header.status());
  Reader r(body.substr(kPrefixBytes + prefix.header_bytes));
  LoadedGraph loaded;
  loaded.info = header->info;
  Result<RoadGraph> graph = GraphFileAccess::GetGraph(r, *header);
  if (!graph.ok()) return with_path(graph.status());
  loaded.graph = std::move(graph).value();
  if ((header->flags & kFlagHierarchy) != 0) {
    Result<ContractionHierarchy> ch =
        GraphFileAccess::GetHierarchy(r, loaded.graph.node_count(), loaded.graph.edge_count());
    if (!ch.ok()) return with_path(ch.status());
    loaded.ch = std::move(ch).value();
  }
  if (r.remaining() != 0) {
    return Status::Corruption("graph file " + path + ": unknown trailing section");
  }
  return loaded;
}

Result<GraphFileInfo> ReadGraphFileInfo(const std::string& path) {
  FileBytes data;
  std::size_t file_size = 0;
  ELINK_RETURN_IF_ERROR(ReadFileBytes(path, kPrefixBytes + kMaxHeaderBytes, &data, &file_size));
  const std::string_view head = data.view();
  ELINK_ASSIGN_OR_RETURN(const Prefix prefix, CheckPrefix(head, file_size, path));
  if (head.size() < kPrefixBytes + prefix.header_bytes) {
    return Status::Corruption("graph file " + path + ": truncated header");
  }
  const Result<Header> header = ParseHeader(head.substr(kPrefixBytes, prefix.header_bytes));
  if (!header.ok()) return header.status().WithMessagePrefix(path + ": ");
  return header->info;
}

}  // namespace elink::geo
