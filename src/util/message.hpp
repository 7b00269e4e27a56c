#pragma once
// Messages people read, by id: each is declared once, beside the code that says it, with its
// English and its zh-CN, and a Status carries the message and its arguments instead of English
// text that the API would have to recognise to translate.
//
//   ELINK_MESSAGE(kNoIncident, "dispatch.no_incident", "no incident {}", "没有编号为 {} 的事件");
//   return Status::NotFound(kNoIncident, id).At("incident");
//
// Placeholders: {} in the English, filled in order; in the zh-CN {} takes the arguments in the
// same order, or {N} the N-th (from 0) when the sentence needs another order. The declaration is
// checked when it is compiled: an id of [a-z0-9._], both languages present, and the same
// arguments in both (a message without its zh-CN does not build).

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace elink {

enum class Lang : std::uint8_t { kZhCN, kEn };

struct Message {
  std::string_view id;
  std::string_view en;
  std::string_view zh;
};

namespace internal_message {

// The number of arguments `text` takes; -1 when its placeholders are malformed ("{" without "}",
// "{x}", a mix of {} and {N}, an index twice or a gap), -2 when `indexed` is false and one is {N}.
consteval int Arguments(std::string_view text, bool indexed) {
  int plain = 0;
  unsigned seen = 0;  // bit N: {N} used
  int numbered = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '}') return -1;
    if (text[i] != '{') continue;
    const std::size_t close = text.find('}', i);
    if (close == std::string_view::npos) return -1;
    const std::string_view inside = text.substr(i + 1, close - i - 1);
    if (inside.empty()) {
      ++plain;
    } else {
      if (!indexed) return -2;
      if (inside.size() != 1 || inside[0] < '0' || inside[0] > '9') return -1;
      const unsigned bit = 1U << static_cast<unsigned>(inside[0] - '0');
      if ((seen & bit) != 0) return -1;
      seen |= bit;
      ++numbered;
    }
    i = close;
  }
  if (plain > 0 && numbered > 0) return -1;
  if (numbered > 0 && seen != (1U << static_cast<unsigned>(numbered)) - 1) return -1;
  return plain + numbered;
}

consteval bool ValidId(std::string_view id) {
  if (id.empty() || id.front() == '.' || id.back() == '.') return false;
  for (const char c : id) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_')) return false;
  }
  return true;
}

// Stops the build (a throw in a constant evaluation) when the declaration is wrong; the text of
// the throw is what the compiler shows.
consteval Message Checked(std::string_view id, std::string_view en, std::string_view zh) {
  if (!ValidId(id)) throw "a message id is [a-z0-9._], not empty, not starting or ending with '.'";
  if (en.empty()) throw "a message needs its English";
  if (zh.empty()) throw "a message needs its zh-CN";
  const int en_args = Arguments(en, false);
  if (en_args < 0) throw "the English's placeholders are malformed (only {} in English)";
  const int zh_args = Arguments(zh, true);
  if (zh_args < 0) throw "the zh-CN's placeholders are malformed";
  if (en_args != zh_args) throw "the English and the zh-CN take different numbers of arguments";
  return {id, en, zh};
}

// Adds `m` to the list of every declared message (for the tests); returns true.
bool Register(const Message& m);

}  // namespace internal_message

// Every message declared with ELINK_MESSAGE in the linked program, in no particular order.
const std::vector<const Message*>& AllMessages();

// `text` with its placeholders filled: {} in order, {N} by index. A missing argument leaves the
// placeholder as it is; extra arguments are ignored.
std::string FillPlaceholders(std::string_view text, const std::vector<std::string>& args);

// One argument of a message, in both languages: a value (an id, a number, a name) reads the same
// in both, a word of a vocabulary (a status, a role) or a nested message does not.
struct MessageArg {
  std::string en;
  std::string zh;
};

}  // namespace elink

// Declares `name`, an inline constexpr Message, checked at compile time and listed in
// AllMessages(). At namespace scope, in a header or a .cpp.
#define ELINK_MESSAGE(name, id, en, zh)                                                    \
  inline constexpr ::elink::Message name = ::elink::internal_message::Checked(id, en, zh); \
  [[maybe_unused]] inline const bool name##_registered_ = ::elink::internal_message::Register(name)
