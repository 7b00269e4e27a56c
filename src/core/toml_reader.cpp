// SPDX-License-Identifier: Apache-2.0
#include "core/toml_reader.hpp"

#include "util/text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <climits>
#include <cmath>
#include <fstream>
#include <system_error>
#include <utility>

namespace elink::core {

namespace fs = std::filesystem;

namespace {

// Longest user string quoted back in a message.
constexpr std::size_t kMaxQuoted = 64;

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

Status InvalidUtf8(std::string_view text, std::size_t bad, const std::string& name) {
  return ConfigError(name, LineAt(text, bad), "",
                     "invalid UTF-8 at byte offset " + std::to_string(bad) +
                         " (configuration files must be UTF-8)");
}

}  // namespace

std::string Quoted(std::string_view s) {
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

std::string JoinKeys(std::initializer_list<std::string_view> keys) {
  std::string out;
  for (std::string_view key : keys) {
    if (!out.empty()) out += ", ";
    out += key;
  }
  return out;
}

std::string IndexedPath(std::string_view base, std::size_t i) {
  return std::string(base) + "[" + std::to_string(i) + "]";
}

std::string ChildPath(std::string_view base, std::string_view key) {
  if (base.empty()) return std::string(key);
  return std::string(base) + "." + std::string(key);
}

Status ConfigError(std::string_view file, std::size_t line, std::string_view path,
                   std::string_view reason, bool path_in_field) {
  std::string msg = std::string(file) + ":" + std::to_string(std::max<std::size_t>(line, 1)) + ": ";
  if (!path.empty()) msg += std::string(path) + ": ";
  msg += reason;
  return Status::InvalidArgument(path_in_field ? std::string(path) : std::string(), std::move(msg));
}

std::size_t LineAt(std::string_view text, std::size_t offset) {
  offset = std::min(offset, text.size());
  return 1 + static_cast<std::size_t>(std::count(
                 text.begin(), text.begin() + static_cast<std::ptrdiff_t>(offset), '\n'));
}

Result<std::optional<std::string>> ReadConfigText(const fs::path& path, const std::string& name,
                                                  Need need, std::uintmax_t max_bytes) {
  std::error_code ec;
  const fs::file_status st = fs::status(path, ec);
  if (st.type() == fs::file_type::not_found) {
    if (need == Need::kOptional) return std::optional<std::string>();
    return Status::NotFound(name + ": not found in " + path.parent_path().string());
  }
  if (ec) return Status::IOError(name + ": " + ec.message());
  if (!fs::is_regular_file(st)) return ConfigError(name, 1, "", "not a regular file");
  const std::uintmax_t size = fs::file_size(path, ec);
  if (ec) return Status::IOError(name + ": " + ec.message());
  if (size > max_bytes) {
    return ConfigError(name, 1, "",
                       "file is " + std::to_string(size) + " bytes; the limit is " +
                           std::to_string(max_bytes >> 20U) + " MiB");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::IOError(name + ": cannot open for reading");
  std::string text(static_cast<std::size_t>(size), '\0');
  in.read(text.data(), static_cast<std::streamsize>(size));
  if (in.bad()) return Status::IOError(name + ": read failed");
  text.resize(static_cast<std::size_t>(in.gcount()));
  if (const std::size_t bad = FindInvalidUtf8(text); bad != std::string_view::npos) {
    return InvalidUtf8(text, bad, name);
  }
  return std::optional<std::string>(std::move(text));
}

Result<toml::table> ParseToml(std::string_view text, const std::string& file) {
  if (const std::size_t bad = FindInvalidUtf8(text); bad != std::string_view::npos) {
    return InvalidUtf8(text, bad, file);
  }
  try {
    return toml::parse(text, file);
  } catch (const toml::parse_error& e) {
    return ConfigError(file, e.source().begin.line, "", std::string(e.description()));
  }
}

std::size_t LineOf(const toml::node& n) { return n.source().begin.line; }

std::string_view TomlTypeName(const toml::node& n) {
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

TomlReader::TomlReader(const toml::table& table, const TomlDoc& doc, std::string file_path,
                       std::string model_path)
    : table_(table),
      doc_(doc),
      file_path_(std::move(file_path)),
      model_path_(std::move(model_path)) {
  RecordAt(model_path_, LineOf(table_), file_path_);
}

std::string TomlReader::Path(std::string_view key) const { return ChildPath(file_path_, key); }

TomlReader TomlReader::Sub(const toml::table& t, std::string_view key) const {
  return {t, doc_, Path(key), ChildPath(model_path_, key)};
}

TomlReader TomlReader::Element(const toml::table& t, std::string_view key, std::size_t i) const {
  return {t, doc_, IndexedPath(Path(key), i), IndexedPath(ChildPath(model_path_, key), i)};
}

Status TomlReader::TableError(std::string_view reason) const {
  return Error(table_, file_path_, reason);
}

Status TomlReader::Error(const toml::node& at, std::string_view path,
                         std::string_view reason) const {
  return ConfigError(doc_.file, LineOf(at), path, reason, doc_.path_in_field);
}

Status TomlReader::KeyError(const toml::node& at, std::string_view key,
                            std::string_view reason) const {
  return Error(at, Path(key), reason);
}

Status TomlReader::WrongType(const toml::node& n, std::string_view path,
                             std::string_view expected) const {
  return Error(n, path,
               "expected " + std::string(expected) + ", got " + std::string(TomlTypeName(n)));
}

// The first unknown key by line, so that the error points at the first thing to fix.
Status TomlReader::AllowOnly(std::initializer_list<std::string_view> allowed) const {
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
  return Error(*first, Path(first_key), "unknown key (allowed keys: " + JoinKeys(allowed) + ")");
}

Result<const toml::node*> TomlReader::Find(std::string_view key, Need need) const {
  const toml::node* n = table_.get(key);
  if (n == nullptr && need == Need::kRequired) {
    return Error(table_, Path(key), "missing required key");
  }
  return n;
}

Status TomlReader::String(std::string_view key, std::string* out, Need need,
                          std::string_view model_key) const {
  ELINK_ASSIGN_OR_RETURN(const toml::node* n, Find(key, need));
  if (n == nullptr) return Status::Ok();
  const auto* s = n->as_string();
  if (s == nullptr) return WrongType(*n, Path(key), "a string");
  *out = s->get();
  Record(key, model_key, *n);
  return Status::Ok();
}

Status TomlReader::Text(std::string_view key, std::string* out, Need need,
                        std::size_t max_bytes) const {
  ELINK_ASSIGN_OR_RETURN(const toml::node* n, Find(key, need));
  if (n == nullptr) return Status::Ok();
  const auto* s = n->as_string();
  if (s == nullptr) return WrongType(*n, Path(key), "a string");
  if (s->get().size() > max_bytes) {
    return Error(*n, Path(key), fmt::format("longer than {} bytes", max_bytes));
  }
  // The document is UTF-8, but an escape can still spell a code point on its own.
  if (!IsValidUtf8(s->get())) return Error(*n, Path(key), "invalid UTF-8");
  *out = s->get();
  Record(key, {}, *n);
  return Status::Ok();
}

Status TomlReader::Int(std::string_view key, int* out, Need need) const {
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

Status TomlReader::Double(std::string_view key, double* out, Need need,
                          std::string_view model_key) const {
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

Status TomlReader::Number(std::string_view key, double* out, Need need, double lo,
                          double hi) const {
  double v = 0;
  ELINK_RETURN_IF_ERROR(Double(key, &v, need));
  const toml::node* n = table_.get(key);
  if (n == nullptr) return Status::Ok();
  if (!std::isfinite(v) || v < lo || v > hi) {
    return Error(*n, Path(key), fmt::format("must be between {} and {}", lo, hi));
  }
  *out = v;
  return Status::Ok();
}

Status TomlReader::Bool(std::string_view key, bool* out, Need need) const {
  ELINK_ASSIGN_OR_RETURN(const toml::node* n, Find(key, need));
  if (n == nullptr) return Status::Ok();
  const auto* b = n->as_boolean();
  if (b == nullptr) return WrongType(*n, Path(key), "true or false");
  *out = b->get();
  Record(key, {}, *n);
  return Status::Ok();
}

Result<const toml::array*> TomlReader::Array(std::string_view key, Need need,
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
      return WrongType(e, IndexedPath(Path(key), i),
                       element_name == "strings" ? "a string" : "a table");
    }
    RecordAt(IndexedPath(ChildPath(model_path_, key), i), LineOf(e), IndexedPath(Path(key), i));
  }
  return a;
}

Status TomlReader::Strings(std::string_view key, std::vector<std::string>* out, Need need) const {
  ELINK_ASSIGN_OR_RETURN(const toml::array* a,
                         Array(key, need, toml::node_type::string, "strings"));
  if (a == nullptr) return Status::Ok();
  for (const toml::node& e : *a) out->push_back(*e.value<std::string>());
  return Status::Ok();
}

void TomlReader::Record(std::string_view key, std::string_view model_key,
                        const toml::node& n) const {
  RecordAt(ChildPath(model_path_, model_key.empty() ? key : model_key), LineOf(n), Path(key));
}

void TomlReader::RecordAt(std::string model_path, std::size_t line, std::string file_path) const {
  if (doc_.record && !model_path.empty()) {
    doc_.record(std::move(model_path), line, std::move(file_path));
  }
}

}  // namespace elink::core
