// SPDX-License-Identifier: Apache-2.0
#include "core/region_loader.hpp"

#include <nlohmann/json.hpp>
#include <toml++/toml.h>

#include <algorithm>
#include <climits>
#include <cstdint>
#include <fstream>
#include <initializer_list>
#include <new>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <unordered_map>
#include <utility>
#include <vector>

// The file layout and every key are specified in docs/region-config.md.

namespace elink::core {

namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;

// A region is a few MiB at most; anything larger is a mistake or an attack, and refusing it early
// keeps a hostile file from exhausting memory in the parsers.
constexpr std::uintmax_t kMaxFileBytes = std::uintmax_t{64} << 20;
// GeoJSON needs 8 levels (collection, features, feature, geometry, coordinates, polygon, ring,
// position); nlohmann's DOM builder and destructor are only as deep as the input allows.
constexpr int kMaxJsonDepth = 64;
// Longest user string quoted back in a message.
constexpr std::size_t kMaxQuoted = 64;

enum class Need { kOptional, kRequired };

// "'value'" for a message: control bytes escaped and long values cut (on a UTF-8 boundary), so
// that a hostile value cannot forge lines in a log or flood it.
std::string Show(std::string_view s) {
  std::string out = "'";
  std::size_t n = 0;
  for (std::size_t i = 0; i < s.size(); ++i, ++n) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (n >= kMaxQuoted && (c & 0xC0U) != 0x80U) {
      out += "...";
      break;
    }
    if (c < 0x20 || c == 0x7F) {
      static constexpr char kHex[] = "0123456789abcdef";
      out += "\\x";
      out += kHex[c >> 4U];
      out += kHex[c & 0xFU];
    } else {
      out += static_cast<char>(c);
    }
  }
  out += "'";
  return out;
}

std::string Join(std::initializer_list<std::string_view> items) {
  std::string out;
  for (std::string_view item : items) {
    if (!out.empty()) out += ", ";
    out += item;
  }
  return out;
}

std::string Indexed(std::string_view base, std::size_t i) {
  return std::string(base) + "[" + std::to_string(i) + "]";
}

std::string Child(std::string_view base, std::string_view key) {
  if (base.empty()) return std::string(key);
  return std::string(base) + "." + std::string(key);
}

// Every loader error reads "<file>:<line>: <path>: <reason>". The path is in the message, not in
// Status::field(), so that ToString() does not print it twice.
Status ErrorAt(std::string_view file, std::size_t line, std::string_view path,
               std::string_view reason) {
  std::string msg = std::string(file) + ":" + std::to_string(std::max<std::size_t>(line, 1)) + ": ";
  if (!path.empty()) msg += std::string(path) + ": ";
  msg += reason;
  return Status::InvalidArgument("", std::move(msg));
}

std::size_t LineAt(std::string_view text, std::size_t offset) {
  offset = std::min(offset, text.size());
  return 1 + static_cast<std::size_t>(std::count(
                 text.begin(), text.begin() + static_cast<std::ptrdiff_t>(offset), '\n'));
}

// Offset of the first byte that is not well-formed UTF-8 (RFC 3629: no overlong forms, no
// surrogates, nothing above U+10FFFF), or npos.
std::size_t FindInvalidUtf8(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<std::uint32_t>(static_cast<unsigned char>(s[i]));
    if (c < 0x80U) {
      ++i;
      continue;
    }
    std::size_t len = 0;
    std::uint32_t cp = 0;
    std::uint32_t min = 0;
    if ((c & 0xE0U) == 0xC0U) {
      len = 2, cp = c & 0x1FU, min = 0x80U;
    } else if ((c & 0xF0U) == 0xE0U) {
      len = 3, cp = c & 0x0FU, min = 0x800U;
    } else if ((c & 0xF8U) == 0xF0U) {
      len = 4, cp = c & 0x07U, min = 0x10000U;
    } else {
      return i;
    }
    if (len > s.size() - i) return i;
    for (std::size_t k = 1; k < len; ++k) {
      const auto cc = static_cast<std::uint32_t>(static_cast<unsigned char>(s[i + k]));
      if ((cc & 0xC0U) != 0x80U) return i;
      cp = (cp << 6U) | (cc & 0x3FU);
    }
    if (cp < min || cp > 0x10FFFFU || (cp >= 0xD800U && cp <= 0xDFFFU)) return i;
    i += len;
  }
  return std::string_view::npos;
}

// Where a value of the model came from, so that errors found by ValidateRegion after parsing can
// be reported against the file.
struct Origin {
  std::string file;
  std::size_t line = 0;
  std::string path;  // the path in the file's own terms ("features[4].properties.community")
};

// Model path ("units[3].station") → origin. Lookups take the longest recorded prefix, so an
// error on a field nobody recorded still lands on its entry's line.
class SourceMap {
 public:
  void Add(std::string model_path, Origin origin) {
    if (model_path.empty()) return;
    origins_.insert_or_assign(std::move(model_path), std::move(origin));
  }

  // The ValidateRegion error `s`, restated as "<file>:<line>: <file path>: <message>".
  [[nodiscard]] Status Locate(const Status& s) const {
    const std::string& field = s.field();
    std::string key = field;
    while (!key.empty()) {
      auto it = origins_.find(key);
      if (it != origins_.end()) {
        return ErrorAt(it->second.file, it->second.line, it->second.path + field.substr(key.size()),
                       s.message());
      }
      const std::size_t cut = key.find_last_of(".[");
      key.resize(cut == std::string::npos ? 0 : cut);
    }
    return ErrorAt("region.toml", 1, field, s.message());
  }

 private:
  std::unordered_map<std::string, Origin> origins_;
};

// ---------------------------------------------------------------------------------------------
// Files

// The file's text; nullopt when it is absent and optional. Refuses oversized and non-UTF-8 files.
Result<std::optional<std::string>> ReadText(const fs::path& path, const std::string& name,
                                            Need need) {
  std::error_code ec;
  const fs::file_status st = fs::status(path, ec);
  if (st.type() == fs::file_type::not_found) {
    if (need == Need::kOptional) return std::optional<std::string>();
    return Status::NotFound(name + ": not found in " + path.parent_path().string());
  }
  if (ec) return Status::IOError(name + ": " + ec.message());
  if (!fs::is_regular_file(st)) return ErrorAt(name, 1, "", "not a regular file");
  const std::uintmax_t size = fs::file_size(path, ec);
  if (ec) return Status::IOError(name + ": " + ec.message());
  if (size > kMaxFileBytes) {
    return ErrorAt(name, 1, "",
                   "file is " + std::to_string(size) + " bytes; the limit is " +
                       std::to_string(kMaxFileBytes >> 20U) + " MiB");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::IOError(name + ": cannot open for reading");
  std::string text(static_cast<std::size_t>(size), '\0');
  in.read(text.data(), static_cast<std::streamsize>(size));
  if (in.bad()) return Status::IOError(name + ": read failed");
  text.resize(static_cast<std::size_t>(in.gcount()));
  if (const std::size_t bad = FindInvalidUtf8(text); bad != std::string_view::npos) {
    return ErrorAt(name, LineAt(text, bad), "",
                   "invalid UTF-8 at byte offset " + std::to_string(bad) +
                       " (configuration files must be UTF-8)");
  }
  return std::optional<std::string>(std::move(text));
}

// ---------------------------------------------------------------------------------------------
// TOML

struct TomlCtx {
  std::string file;  // as shown in messages: "units.toml", "plans/fire.toml"
  SourceMap* map;
};

std::size_t LineOf(const toml::node& n) { return n.source().begin.line; }

std::string_view TypeName(const toml::node& n) {
  switch (n.type()) {
    case toml::node_type::table: return "a table";
    case toml::node_type::array: return "an array";
    case toml::node_type::string: return "a string";
    case toml::node_type::integer: return "an integer";
    case toml::node_type::floating_point: return "a float";
    case toml::node_type::boolean: return "a boolean";
    case toml::node_type::date: return "a date";
    case toml::node_type::time: return "a time";
    case toml::node_type::date_time: return "a date-time";
    case toml::node_type::none: break;
  }
  return "nothing";
}

Result<toml::table> ParseToml(std::string_view text, const std::string& file) {
  try {
    return toml::parse(text, file);
  } catch (const toml::parse_error& e) {
    return ErrorAt(file, e.source().begin.line, "", std::string(e.description()));
  }
}

// Reads one TOML table with the schema's rules: every key read through it is type-checked and
// recorded in the source map; keys not in AllowOnly's list are errors.
// `table` and `ctx.map` must outlive the reader.
class TableReader {
 public:
  // `file_path` names the table in the file ("plans[0].levels[1]"); `model_path` names the same
  // value in the Region ("plans[2].levels[1]"). They differ only where files and model do.
  TableReader(const toml::table& table, const TomlCtx& ctx, std::string file_path,
              std::string model_path)
      : table_(table),
        ctx_(ctx),
        file_path_(std::move(file_path)),
        model_path_(std::move(model_path)) {
    ctx_.map->Add(model_path_, Origin{ctx_.file, LineOf(table_), file_path_});
  }

  [[nodiscard]] std::string Path(std::string_view key) const { return Child(file_path_, key); }

  // A reader for the (inline) table at `key`, in the file and the model alike.
  [[nodiscard]] TableReader Sub(const toml::table& t, std::string_view key) const {
    return {t, ctx_, Path(key), Child(model_path_, key)};
  }

  // A reader for element `i` of the array of tables at `key`.
  [[nodiscard]] TableReader Element(const toml::table& t, std::string_view key,
                                    std::size_t i) const {
    return {t, ctx_, Indexed(Path(key), i), Indexed(Child(model_path_, key), i)};
  }

  // An error about the table as a whole, reported at its first line.
  [[nodiscard]] Status TableError(std::string_view reason) const {
    return Error(table_, file_path_, reason);
  }

  [[nodiscard]] Status Error(const toml::node& at, std::string_view path,
                             std::string_view reason) const {
    return ErrorAt(ctx_.file, LineOf(at), path, reason);
  }

  // The first unknown key by line, so that the error points at the first thing to fix.
  [[nodiscard]] Status AllowOnly(std::initializer_list<std::string_view> allowed) const {
    const toml::node* first = nullptr;
    std::string_view first_key;
    for (auto&& [key, node] : table_) {
      if (std::find(allowed.begin(), allowed.end(), key.str()) != allowed.end()) continue;
      if (first == nullptr || LineOf(node) < LineOf(*first)) {
        first = &node;
        first_key = key.str();
      }
    }
    if (first == nullptr) return Status::Ok();
    return Error(*first, Path(first_key), "unknown key (allowed keys: " + Join(allowed) + ")");
  }

  [[nodiscard]] bool Has(std::string_view key) const { return table_.get(key) != nullptr; }

  // The node at `key`; nullptr when it is absent and optional.
  [[nodiscard]] Result<const toml::node*> Find(std::string_view key, Need need) const {
    const toml::node* n = table_.get(key);
    if (n == nullptr && need == Need::kRequired) {
      return Error(table_, Path(key), "missing required key");
    }
    return n;
  }

  [[nodiscard]] Status String(std::string_view key, std::string* out, Need need,
                              std::string_view model_key = {}) const {
    ELINK_ASSIGN_OR_RETURN(const toml::node* n, Find(key, need));
    if (n == nullptr) return Status::Ok();
    const auto* s = n->as_string();
    if (s == nullptr) return WrongType(*n, Path(key), "a string");
    *out = s->get();
    Record(key, model_key, *n);
    return Status::Ok();
  }

  [[nodiscard]] Status Int(std::string_view key, int* out, Need need) const {
    ELINK_ASSIGN_OR_RETURN(const toml::node* n, Find(key, need));
    if (n == nullptr) return Status::Ok();
    const auto* i = n->as_integer();
    if (i == nullptr) return WrongType(*n, Path(key), "an integer");
    const std::int64_t v = i->get();
    if (v < INT_MIN || v > INT_MAX) return Error(*n, Path(key), "integer out of range");
    *out = static_cast<int>(v);
    Record(key, {}, *n);
    return Status::Ok();
  }

  // Integers are accepted too: `lat = 38` is a latitude.
  [[nodiscard]] Status Double(std::string_view key, double* out, Need need,
                              std::string_view model_key = {}) const {
    ELINK_ASSIGN_OR_RETURN(const toml::node* n, Find(key, need));
    if (n == nullptr) return Status::Ok();
    if (const auto* f = n->as_floating_point()) {
      *out = f->get();
    } else if (const auto* i = n->as_integer()) {
      *out = static_cast<double>(i->get());
    } else {
      return WrongType(*n, Path(key), "a number");
    }
    Record(key, model_key, *n);
    return Status::Ok();
  }

  // `what` names the vocabulary in the message: "unknown unit type 'x' (expected one of ...)".
  template <typename E>
  [[nodiscard]] Status Enum(std::string_view key, E* out, Need need, std::string_view what,
                            std::string_view model_key = {}) const {
    ELINK_ASSIGN_OR_RETURN(const toml::node* n, Find(key, need));
    if (n == nullptr) return Status::Ok();
    ELINK_ASSIGN_OR_RETURN(*out, ParseCode<E>(*n, Path(key), what));
    Record(key, model_key, *n);
    return Status::Ok();
  }

  template <typename E>
  [[nodiscard]] Result<E> ParseCode(const toml::node& n, const std::string& path,
                                    std::string_view what) const {
    const auto* s = n.as_string();
    if (s == nullptr) return WrongType(n, path, "a string");
    const std::optional<E> v = ParseEnum<E>(s->get());
    if (!v) {
      return Error(n, path,
                   "unknown " + std::string(what) + " " + Show(s->get()) + " (expected one of " +
                       AcceptedCodes<E>() + ")");
    }
    return *v;
  }

  // An array whose elements are all of one kind; each element is recorded as "<key>[i]".
  [[nodiscard]] Result<const toml::array*> Array(std::string_view key, Need need,
                                                 toml::node_type element,
                                                 std::string_view element_name) const {
    ELINK_ASSIGN_OR_RETURN(const toml::node* n, Find(key, need));
    if (n == nullptr) return static_cast<const toml::array*>(nullptr);
    const toml::array* a = n->as_array();
    if (a == nullptr) return WrongType(*n, Path(key), "an array of " + std::string(element_name));
    Record(key, {}, *n);
    for (std::size_t i = 0; i < a->size(); ++i) {
      const toml::node& e = *a->get(i);
      if (e.type() != element) {
        return WrongType(e, Indexed(Path(key), i), ArticleFor(element_name));
      }
      ctx_.map->Add(Indexed(Child(model_path_, key), i),
                    Origin{ctx_.file, LineOf(e), Indexed(Path(key), i)});
    }
    return a;
  }

  [[nodiscard]] Status Strings(std::string_view key, std::vector<std::string>* out,
                               Need need) const {
    ELINK_ASSIGN_OR_RETURN(const toml::array* a,
                           Array(key, need, toml::node_type::string, "strings"));
    if (a == nullptr) return Status::Ok();
    for (const toml::node& e : *a) out->push_back(*e.value<std::string>());
    return Status::Ok();
  }

 private:
  static std::string ArticleFor(std::string_view plural) {
    if (plural == "strings") return "a string";
    return "a table";
  }

  [[nodiscard]] Status WrongType(const toml::node& n, const std::string& path,
                                 std::string_view expected) const {
    return Error(n, path,
                 "expected " + std::string(expected) + ", got " + std::string(TypeName(n)));
  }

  void Record(std::string_view key, std::string_view model_key, const toml::node& n) const {
    ctx_.map->Add(Child(model_path_, model_key.empty() ? key : model_key),
                  Origin{ctx_.file, LineOf(n), Path(key)});
  }

  const toml::table& table_;
  const TomlCtx& ctx_;
  std::string file_path_;
  std::string model_path_;
};

// Each table of the array of tables at `key`, as fn(reader, index).
template <typename Fn>
Status ForEachTable(const TableReader& parent, std::string_view key, Need need, Fn&& fn) {
  ELINK_ASSIGN_OR_RETURN(const toml::array* a,
                         parent.Array(key, need, toml::node_type::table, "tables"));
  if (a == nullptr) return Status::Ok();
  for (std::size_t i = 0; i < a->size(); ++i) {
    ELINK_RETURN_IF_ERROR(fn(parent.Element(*a->get(i)->as_table(), key, i), i));
  }
  return Status::Ok();
}

Status ReadName(const TableReader& r, Name* name) {
  ELINK_RETURN_IF_ERROR(r.String("name", &name->zh, Need::kRequired));
  return r.String("name_en", &name->en, Need::kOptional, "name");
}

Status ParseDepartment(const TableReader& r, Department* d) {
  ELINK_RETURN_IF_ERROR(r.AllowOnly({"kind", "name", "name_en", "phone"}));
  ELINK_RETURN_IF_ERROR(r.Enum("kind", &d->kind, Need::kRequired, "department kind"));
  ELINK_RETURN_IF_ERROR(ReadName(r, &d->name));
  return r.String("phone", &d->phone, Need::kOptional);
}

Status ParseOrganisation(const TableReader& r, Organisation* org) {
  ELINK_RETURN_IF_ERROR(
      r.AllowOnly({"id", "name", "name_en", "tier", "parent", "mutual_aid", "departments"}));
  std::string id;
  ELINK_RETURN_IF_ERROR(r.String("id", &id, Need::kRequired));
  org->id = OrgId(id);
  ELINK_RETURN_IF_ERROR(ReadName(r, &org->name));
  ELINK_RETURN_IF_ERROR(r.Enum("tier", &org->tier, Need::kRequired, "tier"));
  if (r.Has("parent")) {
    std::string parent;
    ELINK_RETURN_IF_ERROR(r.String("parent", &parent, Need::kRequired));
    org->parent = OrgId(parent);
  }
  std::vector<std::string> aid;
  ELINK_RETURN_IF_ERROR(r.Strings("mutual_aid", &aid, Need::kOptional));
  for (auto& a : aid) org->mutual_aid.emplace_back(std::move(a));
  return ForEachTable(r, "departments", Need::kOptional, [&](const TableReader& dr, std::size_t) {
    return ParseDepartment(dr, &org->departments.emplace_back());
  });
}

Status ParseRegionFile(const toml::table& root, const TomlCtx& ctx, Region* region) {
  TableReader doc(root, ctx, "", "");
  ELINK_RETURN_IF_ERROR(doc.AllowOnly({"region", "organisations"}));
  ELINK_ASSIGN_OR_RETURN(const toml::node* rn, doc.Find("region", Need::kRequired));
  const toml::table* rt = rn->as_table();
  if (rt == nullptr) {
    return doc.Error(*rn, "region", "expected a table, got " + std::string(TypeName(*rn)));
  }
  TableReader r(*rt, ctx, "region", "region");
  ELINK_RETURN_IF_ERROR(r.AllowOnly({"id", "name", "name_en"}));
  ELINK_RETURN_IF_ERROR(r.String("id", &region->id, Need::kRequired));
  ELINK_RETURN_IF_ERROR(ReadName(r, &region->name));
  return ForEachTable(doc, "organisations", Need::kRequired,
                      [&](const TableReader& orr, std::size_t) {
                        return ParseOrganisation(orr, &region->organisations.emplace_back());
                      });
}

Status ParseStation(const TableReader& r, Station* s) {
  ELINK_RETURN_IF_ERROR(
      r.AllowOnly({"id", "name", "name_en", "kind", "org", "lat", "lon", "address"}));
  std::string id;
  std::string org;
  ELINK_RETURN_IF_ERROR(r.String("id", &id, Need::kRequired));
  ELINK_RETURN_IF_ERROR(ReadName(r, &s->name));
  ELINK_RETURN_IF_ERROR(r.Enum("kind", &s->kind, Need::kRequired, "station kind"));
  ELINK_RETURN_IF_ERROR(r.String("org", &org, Need::kRequired));
  ELINK_RETURN_IF_ERROR(r.Double("lat", &s->location.lat, Need::kRequired, "location.lat"));
  ELINK_RETURN_IF_ERROR(r.Double("lon", &s->location.lon, Need::kRequired, "location.lon"));
  ELINK_RETURN_IF_ERROR(r.String("address", &s->address, Need::kOptional));
  s->id = StationId(id);
  s->org = OrgId(org);
  return Status::Ok();
}

Status ParseStationsFile(const toml::table& root, const TomlCtx& ctx, Region* region) {
  TableReader doc(root, ctx, "", "");
  ELINK_RETURN_IF_ERROR(doc.AllowOnly({"stations"}));
  return ForEachTable(doc, "stations", Need::kRequired, [&](const TableReader& r, std::size_t) {
    return ParseStation(r, &region->stations.emplace_back());
  });
}

Status ParseUnit(const TableReader& r, const std::unordered_map<std::string, OrgId>& station_org,
                 Unit* u) {
  ELINK_RETURN_IF_ERROR(r.AllowOnly(
      {"id", "name", "name_en", "type", "capabilities", "station", "org", "crew", "status"}));
  std::string id;
  std::string station;
  std::string org;
  std::string status;
  ELINK_RETURN_IF_ERROR(r.String("id", &id, Need::kRequired));
  ELINK_RETURN_IF_ERROR(ReadName(r, &u->name));
  ELINK_RETURN_IF_ERROR(r.Enum("type", &u->type, Need::kRequired, "unit type"));
  ELINK_ASSIGN_OR_RETURN(const toml::array* caps, r.Array("capabilities", Need::kOptional,
                                                          toml::node_type::string, "strings"));
  if (caps != nullptr) {
    for (std::size_t i = 0; i < caps->size(); ++i) {
      const std::string path = Indexed(r.Path("capabilities"), i);
      ELINK_ASSIGN_OR_RETURN(const Capability c,
                             r.ParseCode<Capability>(*caps->get(i), path, "capability"));
      if (std::find(u->capabilities.begin(), u->capabilities.end(), c) != u->capabilities.end()) {
        return r.Error(*caps->get(i), path, "duplicate capability " + Show(CodeOf(c)));
      }
      u->capabilities.push_back(c);
    }
    std::sort(u->capabilities.begin(), u->capabilities.end());
  }
  ELINK_RETURN_IF_ERROR(r.String("station", &station, Need::kRequired));
  ELINK_RETURN_IF_ERROR(r.String("org", &org, Need::kOptional));
  if (!r.Has("org")) {
    // A unit belongs to its station's organisation unless it says otherwise. When the station is
    // unknown the org stays empty and ValidateRegion reports the station, which it checks first.
    if (auto it = station_org.find(station); it != station_org.end()) org = it->second.value();
  }
  ELINK_RETURN_IF_ERROR(r.Int("crew", &u->crew, Need::kRequired));
  ELINK_RETURN_IF_ERROR(r.String("status", &status, Need::kOptional));
  if (r.Has("status")) {
    // Configuration describes units at rest; the dispatch states only ever come from events.
    if (status != "available" && status != "out_of_service") {
      ELINK_ASSIGN_OR_RETURN(const toml::node* n, r.Find("status", Need::kRequired));
      return r.Error(
          *n, r.Path("status"),
          "unknown unit status " + Show(status) + " (expected one of available, out_of_service)");
    }
    u->status = ParseEnum<UnitStatus>(status).value_or(UnitStatus::kAvailable);
  }
  u->id = UnitId(id);
  u->station = StationId(station);
  u->org = OrgId(org);
  return Status::Ok();
}

Status ParseUnitsFile(const toml::table& root, const TomlCtx& ctx, Region* region) {
  std::unordered_map<std::string, OrgId> station_org;
  for (const auto& s : region->stations) station_org.emplace(s.id.value(), s.org);
  TableReader doc(root, ctx, "", "");
  ELINK_RETURN_IF_ERROR(doc.AllowOnly({"units"}));
  return ForEachTable(doc, "units", Need::kRequired, [&](const TableReader& r, std::size_t) {
    return ParseUnit(r, station_org, &region->units.emplace_back());
  });
}

Status ParseRequirement(const TableReader& r, PlanRequirement* req) {
  ELINK_RETURN_IF_ERROR(r.AllowOnly({"type", "capability", "count", "within_minutes"}));
  if (r.Has("type") == r.Has("capability")) {
    return r.TableError("give exactly one of 'type' (a unit type) or 'capability'");
  }
  if (r.Has("type")) {
    UnitType t{};
    ELINK_RETURN_IF_ERROR(r.Enum("type", &t, Need::kRequired, "unit type", "unit_type"));
    req->unit_type = t;
  } else {
    Capability c{};
    ELINK_RETURN_IF_ERROR(r.Enum("capability", &c, Need::kRequired, "capability"));
    req->capability = c;
  }
  ELINK_RETURN_IF_ERROR(r.Int("count", &req->count, Need::kRequired));
  return r.Int("within_minutes", &req->within_minutes, Need::kRequired);
}

Status ParseTask(const TableReader& r, PlanTask* task) {
  ELINK_RETURN_IF_ERROR(r.AllowOnly({"department", "task", "task_en", "ack_within_minutes"}));
  ELINK_RETURN_IF_ERROR(
      r.Enum("department", &task->department, Need::kRequired, "department kind"));
  ELINK_RETURN_IF_ERROR(r.String("task", &task->task.zh, Need::kRequired));
  ELINK_RETURN_IF_ERROR(r.String("task_en", &task->task.en, Need::kOptional, "task"));
  return r.Int("ack_within_minutes", &task->ack_within_minutes, Need::kRequired);
}

Status ParseChecklistItem(const TableReader& r, Name* item) {
  ELINK_RETURN_IF_ERROR(r.AllowOnly({"item", "item_en"}));
  ELINK_RETURN_IF_ERROR(r.String("item", &item->zh, Need::kRequired));
  return r.String("item_en", &item->en, Need::kOptional, "item");
}

Status ParseLevel(const TableReader& r, PlanLevel* level) {
  ELINK_RETURN_IF_ERROR(r.AllowOnly({"level", "command", "units", "tasks", "checklist"}));
  ELINK_RETURN_IF_ERROR(r.Enum("level", &level->level, Need::kRequired, "level"));
  ELINK_RETURN_IF_ERROR(
      r.Enum("command", &level->command_tier, Need::kRequired, "tier", "command_tier"));
  ELINK_RETURN_IF_ERROR(
      ForEachTable(r, "units", Need::kOptional, [&](const TableReader& ur, std::size_t) {
        return ParseRequirement(ur, &level->units.emplace_back());
      }));
  ELINK_RETURN_IF_ERROR(
      ForEachTable(r, "tasks", Need::kOptional, [&](const TableReader& tr, std::size_t) {
        return ParseTask(tr, &level->tasks.emplace_back());
      }));
  return ForEachTable(r, "checklist", Need::kOptional, [&](const TableReader& cr, std::size_t) {
    return ParseChecklistItem(cr, &level->checklist.emplace_back());
  });
}

Status ParsePlan(const TableReader& r, Plan* plan) {
  ELINK_RETURN_IF_ERROR(r.AllowOnly({"id", "name", "name_en", "incident_types", "levels"}));
  std::string id;
  ELINK_RETURN_IF_ERROR(r.String("id", &id, Need::kRequired));
  plan->id = PlanId(id);
  ELINK_RETURN_IF_ERROR(ReadName(r, &plan->name));
  ELINK_RETURN_IF_ERROR(r.Strings("incident_types", &plan->incident_types, Need::kRequired));
  return ForEachTable(r, "levels", Need::kRequired, [&](const TableReader& lr, std::size_t) {
    return ParseLevel(lr, &plan->levels.emplace_back());
  });
}

// Plans from several files share Region::plans, so a file's "plans[i]" is the model's
// "plans[g]" with g counted across files.
Status ParsePlansFile(const toml::table& root, const TomlCtx& ctx, Region* region) {
  // The document reader would record the file's numbering as model paths; give it a model path
  // that no ValidateRegion field starts with.
  TableReader doc(root, ctx, "", "(plans file)");
  ELINK_RETURN_IF_ERROR(doc.AllowOnly({"plans"}));
  ELINK_ASSIGN_OR_RETURN(const toml::array* a,
                         doc.Array("plans", Need::kRequired, toml::node_type::table, "tables"));
  for (std::size_t i = 0; i < a->size(); ++i) {
    const std::size_t g = region->plans.size();
    TableReader r(*a->get(i)->as_table(), ctx, Indexed("plans", i), Indexed("plans", g));
    ELINK_RETURN_IF_ERROR(ParsePlan(r, &region->plans.emplace_back()));
  }
  return Status::Ok();
}

// `thresholds = { blue = 2.5, yellow = 2.8, ... }`: the order and finiteness are ValidateRegion's.
Status ParseThresholds(const TableReader& parent, SensorThresholds* t) {
  ELINK_ASSIGN_OR_RETURN(const toml::node* n, parent.Find("thresholds", Need::kRequired));
  const toml::table* table = n->as_table();
  if (table == nullptr) {
    return parent.Error(*n, parent.Path("thresholds"),
                        "expected a table, got " + std::string(TypeName(*n)));
  }
  const TableReader r = parent.Sub(*table, "thresholds");
  ELINK_RETURN_IF_ERROR(r.AllowOnly({"blue", "yellow", "orange", "red"}));
  const std::pair<std::string_view, std::optional<double>*> levels[] = {
      {"blue", &t->blue}, {"yellow", &t->yellow}, {"orange", &t->orange}, {"red", &t->red}};
  for (const auto& [key, out] : levels) {
    if (!r.Has(key)) continue;
    double v = 0;
    ELINK_RETURN_IF_ERROR(r.Double(key, &v, Need::kRequired));
    *out = v;
  }
  if (table->empty()) return r.TableError("give at least one of blue, yellow, orange, red");
  return Status::Ok();
}

// `rise_per_hour = { value = 0.5, level = "yellow" }` with the sensor's `window_min`.
Status ParseRise(const TableReader& parent, Sensor* s) {
  if (!parent.Has("rise_per_hour")) {
    if (parent.Has("window_min")) {
      ELINK_ASSIGN_OR_RETURN(const toml::node* n, parent.Find("window_min", Need::kRequired));
      return parent.Error(*n, parent.Path("window_min"),
                          "only meaningful with rise_per_hour (the window of the rate of rise)");
    }
    return Status::Ok();
  }
  ELINK_ASSIGN_OR_RETURN(const toml::node* n, parent.Find("rise_per_hour", Need::kRequired));
  const toml::table* table = n->as_table();
  if (table == nullptr) {
    return parent.Error(*n, parent.Path("rise_per_hour"),
                        "expected a table { value = <number>, level = <colour> }, got " +
                            std::string(TypeName(*n)));
  }
  const TableReader r = parent.Sub(*table, "rise_per_hour");
  ELINK_RETURN_IF_ERROR(r.AllowOnly({"value", "level"}));
  RiseRule rise;
  ELINK_RETURN_IF_ERROR(r.Double("value", &rise.per_hour, Need::kRequired));
  ELINK_RETURN_IF_ERROR(r.Enum("level", &rise.level, Need::kRequired, "level"));
  ELINK_RETURN_IF_ERROR(parent.Int("window_min", &rise.window_minutes, Need::kOptional));
  s->rise = rise;
  return Status::Ok();
}

Status ParseSensor(const TableReader& r, Sensor* s) {
  ELINK_RETURN_IF_ERROR(r.AllowOnly({"id", "name", "name_en", "kind", "unit", "lat", "lon", "org",
                                     "thresholds", "rise_per_hour", "window_min"}));
  std::string id;
  std::string org;
  ELINK_RETURN_IF_ERROR(r.String("id", &id, Need::kRequired));
  ELINK_RETURN_IF_ERROR(ReadName(r, &s->name));
  ELINK_RETURN_IF_ERROR(r.Enum("kind", &s->kind, Need::kRequired, "sensor kind"));
  ELINK_RETURN_IF_ERROR(r.String("unit", &s->unit, Need::kRequired));
  ELINK_RETURN_IF_ERROR(r.Double("lat", &s->location.lat, Need::kRequired, "location.lat"));
  ELINK_RETURN_IF_ERROR(r.Double("lon", &s->location.lon, Need::kRequired, "location.lon"));
  ELINK_RETURN_IF_ERROR(r.String("org", &org, Need::kRequired));
  ELINK_RETURN_IF_ERROR(ParseThresholds(r, &s->thresholds));
  ELINK_RETURN_IF_ERROR(ParseRise(r, s));
  s->id = SensorId(id);
  s->org = OrgId(org);
  return Status::Ok();
}

Status ParseSensorsFile(const toml::table& root, const TomlCtx& ctx, Region* region) {
  TableReader doc(root, ctx, "", "");
  ELINK_RETURN_IF_ERROR(doc.AllowOnly({"sensors"}));
  return ForEachTable(doc, "sensors", Need::kRequired, [&](const TableReader& r, std::size_t) {
    return ParseSensor(r, &region->sensors.emplace_back());
  });
}

// ---------------------------------------------------------------------------------------------
// GeoJSON

// Finds the line where each element of the top-level "features" array starts (nlohmann keeps no
// positions), and refuses nesting deeper than kMaxJsonDepth before nlohmann sees the text. The
// scan is lexical only; whatever it tolerates, nlohmann rejects afterwards with a message.
Result<std::vector<std::size_t>> ScanJson(std::string_view text, const std::string& file) {
  std::vector<std::size_t> feature_lines;
  std::size_t line = 1;
  int depth = 0;
  bool in_string = false;
  bool escaped = false;
  std::string str;  // the string being read at depth 1, where the keys of interest are
  bool str_plain = true;
  std::string last_string;
  bool key_is_features = false;
  int features_depth = 0;  // depth inside the "features" array; 0 when outside it
  bool expect_element = false;
  for (const char c : text) {
    if (c == '\n') ++line;
    if (in_string) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
        str_plain = false;  // an escaped "features" is not worth decoding; lines fall back
      } else if (c == '"') {
        in_string = false;
        if (depth == 1) last_string = str_plain ? str : std::string();
      } else if (depth == 1 && str.size() < 16) {
        str += c;
      } else {
        str_plain = false;
      }
      continue;
    }
    const bool element_start = features_depth != 0 && depth == features_depth && expect_element;
    switch (c) {
      case ' ':
      case '\t':
      case '\r':
      case '\n': break;
      case '"':
        if (element_start) feature_lines.push_back(line), expect_element = false;
        in_string = true;
        str.clear();
        str_plain = true;
        break;
      case ':':
        if (depth == 1) key_is_features = last_string == "features";
        break;
      case ',':
        if (features_depth != 0 && depth == features_depth) expect_element = true;
        if (depth == 1) key_is_features = false;
        break;
      case '{':
      case '[':
        if (element_start) feature_lines.push_back(line), expect_element = false;
        if (depth == 1) {
          if (c == '[' && key_is_features) {
            feature_lines.clear();  // a repeated key: nlohmann keeps the last one, and so do we
            features_depth = 2;
            expect_element = true;
          }
          key_is_features = false;
        }
        if (++depth > kMaxJsonDepth) {
          return ErrorAt(file, line, "",
                         "JSON nested deeper than " + std::to_string(kMaxJsonDepth) + " levels");
        }
        break;
      case '}':
      case ']':
        if (features_depth != 0 && depth == features_depth) features_depth = 0;
        depth = std::max(0, depth - 1);
        break;
      default:
        if (element_start) feature_lines.push_back(line), expect_element = false;
        break;
    }
  }
  return feature_lines;
}

std::string JsonTypeName(const Json& j) {
  switch (j.type()) {
    case Json::value_t::object: return "an object";
    case Json::value_t::array: return "an array";
    case Json::value_t::string: return "a string";
    case Json::value_t::boolean: return "a boolean";
    case Json::value_t::null: return "null";
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned:
    case Json::value_t::number_float: return "a number";
    case Json::value_t::binary:
    case Json::value_t::discarded: break;
  }
  return "nothing";
}

// Errors inside one feature are reported at the line where the feature starts.
class FeatureReader {
 public:
  FeatureReader(std::string file, std::size_t line) : file_(std::move(file)), line_(line) {}

  [[nodiscard]] Status Error(std::string_view path, std::string_view reason) const {
    return ErrorAt(file_, line_, path, reason);
  }
  [[nodiscard]] Status WrongType(const Json& j, std::string_view path,
                                 std::string_view expected) const {
    return Error(path, "expected " + std::string(expected) + ", got " + JsonTypeName(j));
  }

  [[nodiscard]] Status Object(const Json& j, const std::string& path,
                              std::initializer_list<std::string_view> allowed) const {
    if (!j.is_object()) return WrongType(j, path, "an object");
    for (const auto& [key, value] : j.items()) {
      if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
        return Error(Child(path, key), "unknown key (allowed keys: " + Join(allowed) + ")");
      }
    }
    return Status::Ok();
  }

  // A string member; absent is an error only when required.
  [[nodiscard]] Status String(const Json& obj, const std::string& path, const char* key,
                              std::string* out, Need need) const {
    const auto it = obj.find(key);
    if (it == obj.end()) {
      if (need == Need::kRequired) return Error(Child(path, key), "missing required key");
      return Status::Ok();
    }
    if (!it->is_string()) return WrongType(*it, Child(path, key), "a string");
    *out = it->get<std::string>();
    return Status::Ok();
  }

  [[nodiscard]] Result<LatLon> Position(const Json& j, const std::string& path) const {
    if (!j.is_array() || j.size() < 2 || j.size() > 3) {
      return Error(path, "a position is [longitude, latitude] or [longitude, latitude, altitude]");
    }
    for (std::size_t k = 0; k < j.size(); ++k) {
      if (!j[k].is_number()) return WrongType(j[k], Indexed(path, k), "a number");
    }
    const LatLon p{j[1].get<double>(), j[0].get<double>()};
    if (!(p.lon >= -180 && p.lon <= 180)) {
      return Error(path,
                   "longitude " + Json(p.lon).dump() +
                       " is outside [-180, 180] (GeoJSON positions are [longitude, latitude])");
    }
    if (!(p.lat >= -90 && p.lat <= 90)) {
      return Error(path, "latitude " + Json(p.lat).dump() +
                             " is outside [-90, 90] (GeoJSON positions are [longitude, latitude])");
    }
    return p;
  }

  [[nodiscard]] Result<std::vector<LatLon>> Ring(const Json& j, const std::string& path) const {
    if (!j.is_array()) return WrongType(j, path, "an array of positions");
    std::vector<LatLon> ring;
    ring.reserve(j.size());
    for (std::size_t k = 0; k < j.size(); ++k) {
      ELINK_ASSIGN_OR_RETURN(LatLon p, Position(j[k], Indexed(path, k)));
      ring.push_back(p);
    }
    return ring;
  }

  // GeoJSON polygon coordinates: the outer ring, then the holes. Ring rules (closed, at least
  // four positions) are ValidateRegion's; the source map points its errors back here.
  [[nodiscard]] Result<Polygon> PolygonAt(const Json& j, const std::string& path) const {
    if (!j.is_array()) return WrongType(j, path, "an array of rings");
    if (j.empty()) return Error(path, "a polygon needs an outer ring");
    Polygon poly;
    for (std::size_t r = 0; r < j.size(); ++r) {
      ELINK_ASSIGN_OR_RETURN(std::vector<LatLon> ring, Ring(j[r], Indexed(path, r)));
      if (r == 0) {
        poly.outer = std::move(ring);
      } else {
        poly.holes.push_back(std::move(ring));
      }
    }
    return poly;
  }

 private:
  std::string file_;
  std::size_t line_;
};

// Records where grid `g`'s polygon `p` (coordinates path `cpath`) came from.
void RecordPolygon(SourceMap* map, const Origin& feature, std::size_t g, std::size_t p,
                   const Polygon& poly, const std::string& cpath) {
  const std::string model = Indexed(Indexed("grids", g) + ".area", p);
  map->Add(model, Origin{feature.file, feature.line, cpath});
  map->Add(model + ".outer", Origin{feature.file, feature.line, Indexed(cpath, 0)});
  for (std::size_t h = 0; h < poly.holes.size(); ++h) {
    map->Add(Indexed(model + ".holes", h),
             Origin{feature.file, feature.line, Indexed(cpath, h + 1)});
  }
}

// `multi` tells whether the geometry was a MultiPolygon, whose coordinate paths have one more
// level.
Status ParseFeature(const Json& f, const FeatureReader& fr, const std::string& path, Grid* grid,
                    bool* multi) {
  ELINK_RETURN_IF_ERROR(fr.Object(f, path, {"type", "id", "properties", "geometry", "bbox"}));
  std::string type;
  ELINK_RETURN_IF_ERROR(fr.String(f, path, "type", &type, Need::kRequired));
  if (type != "Feature") return fr.Error(path + ".type", "expected 'Feature', got " + Show(type));

  const std::string ppath = path + ".properties";
  const auto props = f.find("properties");
  if (props == f.end()) return fr.Error(ppath, "missing required key");
  ELINK_RETURN_IF_ERROR(fr.Object(*props, ppath, {"id", "name", "name_en", "community"}));
  std::string id;
  std::string community;
  ELINK_RETURN_IF_ERROR(fr.String(*props, ppath, "id", &id, Need::kRequired));
  ELINK_RETURN_IF_ERROR(fr.String(*props, ppath, "name", &grid->name.zh, Need::kRequired));
  ELINK_RETURN_IF_ERROR(fr.String(*props, ppath, "name_en", &grid->name.en, Need::kOptional));
  ELINK_RETURN_IF_ERROR(fr.String(*props, ppath, "community", &community, Need::kRequired));
  grid->id = GridId(id);
  grid->community = OrgId(community);

  const std::string gpath = path + ".geometry";
  const auto geom = f.find("geometry");
  if (geom == f.end()) return fr.Error(gpath, "missing required key");
  ELINK_RETURN_IF_ERROR(fr.Object(*geom, gpath, {"type", "coordinates", "bbox"}));
  std::string gtype;
  ELINK_RETURN_IF_ERROR(fr.String(*geom, gpath, "type", &gtype, Need::kRequired));
  const std::string cpath = gpath + ".coordinates";
  const auto coords = geom->find("coordinates");
  if (coords == geom->end()) return fr.Error(cpath, "missing required key");

  *multi = gtype == "MultiPolygon";
  if (gtype == "Polygon") {
    ELINK_ASSIGN_OR_RETURN(Polygon poly, fr.PolygonAt(*coords, cpath));
    grid->area.push_back(std::move(poly));
  } else if (gtype == "MultiPolygon") {
    if (!coords->is_array()) return fr.WrongType(*coords, cpath, "an array of polygons");
    if (coords->empty()) return fr.Error(cpath, "a MultiPolygon needs at least one polygon");
    for (std::size_t p = 0; p < coords->size(); ++p) {
      ELINK_ASSIGN_OR_RETURN(Polygon poly, fr.PolygonAt((*coords)[p], Indexed(cpath, p)));
      grid->area.push_back(std::move(poly));
    }
  } else {
    return fr.Error(gpath + ".type", "unsupported geometry type " + Show(gtype) +
                                         " (expected Polygon or MultiPolygon)");
  }
  return Status::Ok();
}

Status ParseGrids(std::string_view text, const std::string& file, SourceMap* map, Region* region) {
  ELINK_ASSIGN_OR_RETURN(const std::vector<std::size_t> lines, ScanJson(text, file));
  Json doc;
  try {
    doc = Json::parse(text);
  } catch (const Json::parse_error& e) {
    // what() is "[json.exception.parse_error.101] parse error at line 3, column 1: <reason>";
    // keep the reason, and take the line from the byte offset.
    std::string reason = e.what();
    if (const std::size_t col = reason.find("column "); col != std::string::npos) {
      if (const std::size_t colon = reason.find(": ", col); colon != std::string::npos) {
        reason = reason.substr(colon + 2);
      }
    }
    const std::size_t offset = e.byte > 0 ? e.byte - 1 : 0;
    return ErrorAt(file, LineAt(text, offset), "", "malformed JSON: " + reason);
  }

  const FeatureReader top(file, 1);
  ELINK_RETURN_IF_ERROR(top.Object(doc, "", {"type", "features", "bbox", "crs", "name"}));
  std::string type;
  ELINK_RETURN_IF_ERROR(top.String(doc, "", "type", &type, Need::kRequired));
  if (type != "FeatureCollection") {
    return top.Error("type", "expected 'FeatureCollection', got " + Show(type));
  }
  const auto features = doc.find("features");
  if (features == doc.end()) return top.Error("features", "missing required key");
  if (!features->is_array()) return top.WrongType(*features, "features", "an array");
  for (std::size_t i = 0; i < features->size(); ++i) {
    const std::string path = Indexed("features", i);
    // The scan and nlohmann agree on well-formed input; the fallback covers odd spellings such
    // as an escaped key.
    const std::size_t line = i < lines.size() ? lines[i] : 1;
    const Origin feature{file, line, path};
    const std::string model = Indexed("grids", i);
    map->Add(model, feature);
    map->Add(model + ".id", Origin{file, line, path + ".properties.id"});
    map->Add(model + ".name", Origin{file, line, path + ".properties.name"});
    map->Add(model + ".community", Origin{file, line, path + ".properties.community"});
    map->Add(model + ".area", Origin{file, line, path + ".geometry.coordinates"});
    Grid& grid = region->grids.emplace_back();
    bool multi = false;
    ELINK_RETURN_IF_ERROR(
        ParseFeature((*features)[i], FeatureReader(file, line), path, &grid, &multi));
    const std::string cpath = path + ".geometry.coordinates";
    if (!multi) {
      RecordPolygon(map, feature, i, 0, grid.area[0], cpath);
    } else {
      for (std::size_t p = 0; p < grid.area.size(); ++p) {
        RecordPolygon(map, feature, i, p, grid.area[p], Indexed(cpath, p));
      }
    }
  }
  return Status::Ok();
}

// ---------------------------------------------------------------------------------------------

using TomlFileParser = Status (*)(const toml::table&, const TomlCtx&, Region*);

Status LoadTomlFile(const fs::path& path, const std::string& name, Need need, TomlFileParser parse,
                    SourceMap* map, Region* region) {
  ELINK_ASSIGN_OR_RETURN(std::optional<std::string> text, ReadText(path, name, need));
  if (!text) return Status::Ok();
  ELINK_ASSIGN_OR_RETURN(toml::table root, ParseToml(*text, name));
  const TomlCtx ctx{name, map};
  return parse(root, ctx, region);
}

// Plan files in name order, so that the order of Region::plans does not depend on the directory.
Result<std::vector<std::string>> PlanFiles(const fs::path& dir) {
  std::vector<std::string> names;
  std::error_code ec;
  const fs::file_status st = fs::status(dir, ec);
  if (st.type() == fs::file_type::not_found) return names;
  if (!fs::is_directory(st)) return ErrorAt("plans", 1, "", "not a directory");
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (name.empty() || name.front() == '.' || it->path().extension() != ".toml") continue;
    names.push_back(name);
  }
  if (ec) return Status::IOError("plans: " + ec.message());
  std::sort(names.begin(), names.end());
  return names;
}

Result<Region> Load(const fs::path& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    return Status::NotFound(dir.string() + ": no such region directory");
  }
  SourceMap map;
  Region region;
  ELINK_RETURN_IF_ERROR(LoadTomlFile(dir / "region.toml", "region.toml", Need::kRequired,
                                     ParseRegionFile, &map, &region));
  ELINK_RETURN_IF_ERROR(LoadTomlFile(dir / "stations.toml", "stations.toml", Need::kOptional,
                                     ParseStationsFile, &map, &region));
  // After stations: a unit without an org takes its station's.
  ELINK_RETURN_IF_ERROR(LoadTomlFile(dir / "units.toml", "units.toml", Need::kOptional,
                                     ParseUnitsFile, &map, &region));
  ELINK_RETURN_IF_ERROR(LoadTomlFile(dir / "sensors.toml", "sensors.toml", Need::kOptional,
                                     ParseSensorsFile, &map, &region));
  ELINK_ASSIGN_OR_RETURN(const std::vector<std::string> plan_files, PlanFiles(dir / "plans"));
  for (const std::string& name : plan_files) {
    ELINK_RETURN_IF_ERROR(LoadTomlFile(dir / "plans" / name, "plans/" + name, Need::kRequired,
                                       ParsePlansFile, &map, &region));
  }
  ELINK_ASSIGN_OR_RETURN(std::optional<std::string> grids,
                         ReadText(dir / "grids.geojson", "grids.geojson", Need::kOptional));
  if (grids) ELINK_RETURN_IF_ERROR(ParseGrids(*grids, "grids.geojson", &map, &region));

  if (Status s = ValidateRegion(region); !s.ok()) return map.Locate(s);
  return region;
}

}  // namespace

Result<Region> LoadRegion(const std::filesystem::path& dir) {
  // Nothing may escape: toml++ and nlohmann report with exceptions, and a hostile file can run
  // the process out of memory.
  try {
    return Load(dir);
  } catch (const std::bad_alloc&) {
    return Status::Internal(dir.string() + ": out of memory while loading the region");
  } catch (const std::exception& e) {
    return Status::Internal(dir.string() +
                            ": unexpected error while loading the region: " + e.what());
  }
}

}  // namespace elink::core
