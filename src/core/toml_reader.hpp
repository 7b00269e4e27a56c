#pragma once
// The one strict reader of configuration files (region files, scenarios, durations): the file
// read whole with a size limit and a UTF-8 check, the TOML parsed, and each table read through a
// TomlReader whose typed getters check types and ranges and refuse unknown keys. Every error is
// kInvalidArgument reading "<file>:<line>: <field path>: <reason>" ("units.toml:12: units[3].crew:
// expected an integer, got a string"); a caller gets the whole value or nothing.

#include "core/enums.hpp"
#include "util/status.hpp"

#include <toml++/toml.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace elink::core {

enum class Need { kOptional, kRequired };

// "'value'" for a message: control bytes escaped and long values cut (on a UTF-8 boundary), so
// that a hostile value cannot forge lines in a log or flood it.
std::string Quoted(std::string_view s);

// "a, b, c".
std::string JoinKeys(std::initializer_list<std::string_view> keys);

// Field paths: IndexedPath("units", 3) is "units[3]"; ChildPath("units[3]", "crew") is
// "units[3].crew", and ChildPath("", "crew") is "crew".
std::string IndexedPath(std::string_view base, std::size_t i);
std::string ChildPath(std::string_view base, std::string_view key);

// kInvalidArgument "<file>:<line>: <path>: <reason>" (no "<path>: " when `path` is empty; line 0
// reads as 1). The path is in Status::field() too only when `path_in_field`.
Status ConfigError(std::string_view file, std::size_t line, std::string_view path,
                   std::string_view reason, bool path_in_field = false);

// The 1-based line of byte `offset` in `text`.
std::size_t LineAt(std::string_view text, std::size_t offset);

// The text of the file at `path`, named `name` in messages; nullopt when it is absent and
// optional. kNotFound when it is absent and required ("<name>: not found in <dir>");
// kInvalidArgument when it is not a regular file, larger than `max_bytes` ("... the limit is
// 4 MiB") or not UTF-8 (with the line and byte offset); kIOError when it cannot be read.
Result<std::optional<std::string>> ReadConfigText(const std::filesystem::path& path,
                                                  const std::string& name, Need need,
                                                  std::uintmax_t max_bytes);

// The TOML document in `text`. kInvalidArgument for text that is not UTF-8 or not TOML, at the
// line of the fault. Never throws.
Result<toml::table> ParseToml(std::string_view text, const std::string& file);

std::size_t LineOf(const toml::node& n);
// "a string", "an integer", ...: what a message says it got.
std::string_view TomlTypeName(const toml::node& n);

// One TOML file being read: its name as shown in messages and what its errors carry.
// Owned by the caller; must outlive every TomlReader on it.
struct TomlDoc {
  std::string file;  // "units.toml", "plans/fire.toml", "drill.toml"
  // Also put each error's field path in Status::field() (the scenario's API shows it apart).
  bool path_in_field = false;
  // Told of every value read: (path in the model, line, path in the file). Optional: a region
  // uses it to report errors found after parsing against the file.
  std::function<void(std::string model_path, std::size_t line, std::string file_path)> record;
};

// Reads one TOML table with the schema's rules: each key is read through a typed getter that
// checks its type (and range or length where asked) and records where it came from; AllowOnly
// refuses any other key. Absent optional keys leave the output untouched. Not thread-safe;
// `table` and `doc` must outlive the reader.
class TomlReader {
 public:
  // `file_path` names the table in the file ("plans[0].levels[1]"); `model_path` names the same
  // value in what is loaded ("plans[2].levels[1]"), for TomlDoc::record.
  TomlReader(const toml::table& table, const TomlDoc& doc, std::string file_path,
             std::string model_path = {});

  [[nodiscard]] const TomlDoc& doc() const { return doc_; }
  [[nodiscard]] const toml::table& table() const { return table_; }
  // The path of `key` in this table ("units[3].crew").
  [[nodiscard]] std::string Path(std::string_view key) const;

  // A reader for the (inline) table at `key`, in the file and the model alike.
  [[nodiscard]] TomlReader Sub(const toml::table& t, std::string_view key) const;
  // A reader for element `i` of the array of tables at `key`.
  [[nodiscard]] TomlReader Element(const toml::table& t, std::string_view key, std::size_t i) const;

  // Errors at the line of `at`: about the table as a whole, at `path`, or at this table's `key`.
  [[nodiscard]] Status TableError(std::string_view reason) const;
  [[nodiscard]] Status Error(const toml::node& at, std::string_view path,
                             std::string_view reason) const;
  [[nodiscard]] Status KeyError(const toml::node& at, std::string_view key,
                                std::string_view reason) const;
  // "expected <expected>, got <what `n` is>".
  [[nodiscard]] Status WrongType(const toml::node& n, std::string_view path,
                                 std::string_view expected) const;

  // kInvalidArgument naming the first key, by line, that is not in `allowed`.
  [[nodiscard]] Status AllowOnly(std::initializer_list<std::string_view> allowed) const;

  [[nodiscard]] bool Has(std::string_view key) const { return table_.get(key) != nullptr; }
  // The node at `key`, or nullptr.
  [[nodiscard]] const toml::node* Get(std::string_view key) const { return table_.get(key); }
  // The node at `key`; nullptr when it is absent and optional; "missing required key" else.
  [[nodiscard]] Result<const toml::node*> Find(std::string_view key, Need need) const;

  // The getters: kInvalidArgument for a missing required key or a value of the wrong type.
  // `model_key` records the value under another name in the model ("name_en" → "name").
  [[nodiscard]] Status String(std::string_view key, std::string* out, Need need,
                              std::string_view model_key = {}) const;
  // A string of at most `max_bytes` bytes ("longer than 200 bytes").
  [[nodiscard]] Status Text(std::string_view key, std::string* out, Need need,
                            std::size_t max_bytes) const;
  // An integer that fits an int ("integer out of range").
  [[nodiscard]] Status Int(std::string_view key, int* out, Need need) const;
  // A float or an integer: `lat = 38` is a latitude.
  [[nodiscard]] Status Double(std::string_view key, double* out, Need need,
                              std::string_view model_key = {}) const;
  // A finite number within [lo, hi] ("must be between 0.1 and 1440").
  [[nodiscard]] Status Number(std::string_view key, double* out, Need need, double lo,
                              double hi) const;
  [[nodiscard]] Status Bool(std::string_view key, bool* out, Need need) const;

  // A code of enum E (core::ParseEnum); `what` names the vocabulary in the message: "unknown
  // unit type 'x' (expected one of ...)".
  template <typename E>
  [[nodiscard]] Status Enum(std::string_view key, E* out, Need need, std::string_view what,
                            std::string_view model_key = {}) const;
  template <typename E>
  [[nodiscard]] Result<E> ParseCode(const toml::node& n, const std::string& path,
                                    std::string_view what) const;

  // An array whose elements are all of one kind ("strings" or "tables"); each element is
  // recorded as "<key>[i]". nullptr when it is absent and optional.
  [[nodiscard]] Result<const toml::array*> Array(std::string_view key, Need need,
                                                 toml::node_type element,
                                                 std::string_view element_name) const;
  [[nodiscard]] Status Strings(std::string_view key, std::vector<std::string>* out,
                               Need need) const;

 private:
  void Record(std::string_view key, std::string_view model_key, const toml::node& n) const;
  void RecordAt(std::string model_path, std::size_t line, std::string file_path) const;

  const toml::table& table_;
  const TomlDoc& doc_;
  std::string file_path_;
  std::string model_path_;
};

template <typename E>
Status TomlReader::Enum(std::string_view key, E* out, Need need, std::string_view what,
                        std::string_view model_key) const {
  ELINK_ASSIGN_OR_RETURN(const toml::node* n, Find(key, need));
  if (n == nullptr) return Status::Ok();
  ELINK_ASSIGN_OR_RETURN(*out, ParseCode<E>(*n, Path(key), what));
  Record(key, model_key, *n);
  return Status::Ok();
}

template <typename E>
Result<E> TomlReader::ParseCode(const toml::node& n, const std::string& path,
                                std::string_view what) const {
  const auto* s = n.as_string();
  if (s == nullptr) return WrongType(n, path, "a string");
  const std::optional<E> v = ParseEnum<E>(s->get());
  if (!v) {
    return Error(n, path,
                 "unknown " + std::string(what) + " " + Quoted(s->get()) + " (expected one of " +
                     AcceptedCodes<E>() + ")");
  }
  return *v;
}

// Each table of the array of tables at `key`, as fn(reader, index); stops at the first error.
template <typename Fn>
Status ForEachTable(const TomlReader& parent, std::string_view key, Need need, Fn&& fn) {
  ELINK_ASSIGN_OR_RETURN(const toml::array* a,
                         parent.Array(key, need, toml::node_type::table, "tables"));
  if (a == nullptr) return Status::Ok();
  for (std::size_t i = 0; i < a->size(); ++i) {
    ELINK_RETURN_IF_ERROR(fn(parent.Element(*a->get(i)->as_table(), key, i), i));
  }
  return Status::Ok();
}

}  // namespace elink::core
