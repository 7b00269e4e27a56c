// SPDX-License-Identifier: Apache-2.0
#include "api/messages.hpp"

#include "core/enums.hpp"
#include "util/check.hpp"

#include <algorithm>
#include <cstddef>
#include <utility>

namespace elink::api {

namespace {

// The English templates of every message the API can put in a problem's detail, and their zh-CN.
// In the English, {} is any text and a named placeholder a vocabulary (see Kind); in the zh-CN,
// {} takes the English placeholders in order and {N} the N-th (from 0), each exactly once.
// Keep one entry per template; tests/api/messages_test.cpp checks the sources for messages that
// have none.
const std::vector<MessageTemplate> kCatalogue = {
    // ---- text, JSON and lists as core, geo, sim and app still check them
    {"longer than {} bytes", "超过 {} 字节"},
    {"longer than {} bytes ({})", "超过 {} 字节（实际 {} 字节）"},
    {"not valid UTF-8", "不是有效的 UTF-8 文本"},
    {"contains a control character", "含有控制字符"},
    {"contains a control character (byte {})", "含有控制字符（字节 {}）"},
    {"nested deeper than {} levels", "嵌套超过 {} 层"},
    {"not valid JSON", "不是有效的 JSON"},
    {"required", "必填"},
    {"at most {} items", "最多 {} 项"},
    {"unknown field", "未知字段"},

    // ---- the joint assignment (dispatch/joint.cpp), alerts (warning/apply.cpp), the server's
    // plain last-resort replies (api/http)
    {"no incident {}", "没有编号为 {} 的事件"},
    {"name at least one incident", "请至少指定一个事件"},
    {"an incident is named twice", "同一事件被指定了两次"},
    {"at most {} incidents", "最多 {} 个事件"},
    {"no alert {}", "没有编号为 {} 的预警"},
    {"internal error", "内部错误"},
    {"the request handler finished without replying", "请求处理程序未作答复"},

    // ---- core: vocabularies, positions, lifecycles, photos
    {"unknown value '{}' (expected one of {})", "未知的取值“{}”（可选值：{}）"},
    {"must be within [{}, {}]", "必须在 [{}, {}] 范围内"},

    // ---- incidents, units and tasks as dispatch's apply, its advice and sim still say them
    {"unknown incident type '{}'", "未知的事件类型“{}”"},
    {"incident {} is {istatus}", "事件 {} {istatus}"},
    {"incident is {istatus}", "事件{istatus}"},
    {"unit {} is {ustatus}", "力量 {} {ustatus}"},
    {"task {} is already {tstatus}", "任务 {} {tstatus}"},
    {"incident {} is already shared with {}", "事件 {} 已共享给 {}"},
    {"must be a finite number", "必须是有限数值"},

    // ---- recommendations, routes and places (dispatch/, geo/)
    {"incident {} is no longer open", "事件 {} 已结束"},
    {"no road within {} m", "{} 米内没有道路"},
    {"no road within {} m (the nearest is {} m away)", "{} 米内没有道路（最近的道路在 {} 米外）"},
    {"the road graph has no roads", "路网中没有道路"},
    {"no road route between these places (one-way streets or a separate part of the network)",
     "两地之间没有可通行的道路（受单行道限制，或属于不相连的路网）"},
    {"no route between the given places", "给定地点之间没有路线"},
    {"must be a number from {} to {}", "必须是 {} 到 {} 之间的数字"},
    {"must be a distance of 0 or more", "必须是不小于 0 的距离"},
    {"must be a distance of 0 m or more", "必须是不小于 0 米的距离"},
    {"must not be negative", "不能为负数"},
    {"not a position on Earth", "不是地球上的位置"},
    {"no position and no station", "既没有位置也没有所属站点"},
    {"is empty", "为空"},
    {"names more than two streets", "指定了两条以上的街道"},
    {"an intersection needs a street on each side of '{}'", "路口须在“{}”两侧各写一条街道"},
    {"names no street", "没有指定街道"},
};

// What a placeholder matches, and how its value is written in zh-CN.
enum class Kind {
  kText,            // {}: anything, copied
  kIncidentStatus,  // {istatus}
  kUnitStatus,      // {ustatus}
  kTaskStatus,      // {tstatus}
  kLevel,           // {level}: an incident level code
  kMessage,         // {msg}: a nested message, translated in its turn (or copied)
};

// Nested messages ({msg}) are translated this deep at most.
constexpr int kMaxDepth = 3;

template <typename E>
std::optional<std::string> EnumZh(std::string_view code) {
  const std::optional<E> value = core::ParseEnum<E>(code);
  if (!value) return std::nullopt;
  return std::string(core::InfoOf(*value).zh);
}

std::optional<std::string> TranslateAt(std::string_view english, int depth);

// The zh-CN of a placeholder's value, or nullopt when it is not of the placeholder's vocabulary.
std::optional<std::string> Convert(Kind kind, std::string_view value, int depth) {
  switch (kind) {
    case Kind::kText: return std::string(value);
    case Kind::kIncidentStatus: return EnumZh<core::IncidentStatus>(value);
    case Kind::kUnitStatus: return EnumZh<core::UnitStatus>(value);
    case Kind::kTaskStatus: return EnumZh<core::TaskStatus>(value);
    case Kind::kLevel: return EnumZh<core::IncidentLevel>(value);
    case Kind::kMessage: {
      if (depth < kMaxDepth) {
        if (auto inner = TranslateAt(value, depth + 1)) return inner;
      }
      return std::string(value);
    }
  }
  return std::nullopt;
}

std::optional<Kind> KindNamed(std::string_view name) {
  static constexpr std::pair<std::string_view, Kind> kNames[] = {
      {"", Kind::kText},
      {"istatus", Kind::kIncidentStatus},
      {"ustatus", Kind::kUnitStatus},
      {"tstatus", Kind::kTaskStatus},
      {"level", Kind::kLevel},
      {"msg", Kind::kMessage},
  };
  for (const auto& [n, k] : kNames) {
    if (n == name) return k;
  }
  return std::nullopt;
}

// A template split at its placeholders: literal[0] {0} literal[1] {1} ... literal[n].
struct Parsed {
  std::vector<std::string_view> literals;
  std::vector<std::string_view> names;  // the text inside each {...}
};

Parsed Split(std::string_view text) {
  Parsed out;
  std::size_t start = 0;
  for (;;) {
    const std::size_t open = text.find('{', start);
    if (open == std::string_view::npos) break;
    const std::size_t close = text.find('}', open);
    ELINK_CHECK(close != std::string_view::npos) << "unclosed placeholder in \"" << text << "\"";
    out.literals.push_back(text.substr(start, open - start));
    out.names.push_back(text.substr(open + 1, close - open - 1));
    start = close + 1;
  }
  out.literals.push_back(text.substr(start));
  return out;
}

struct Entry {
  std::vector<std::string_view> literals;  // n + 1
  std::vector<Kind> kinds;                 // n
  std::vector<std::string_view> zh_literals;
  std::vector<std::size_t> zh_slots;  // which English placeholder each zh placeholder takes
  std::size_t literal_bytes = 0;      // the more, the more specific
};

Entry Compile(const MessageTemplate& t) {
  Entry e;
  Parsed en = Split(t.en);
  e.literals = std::move(en.literals);
  for (std::size_t i = 0; i < en.names.size(); ++i) {
    const std::optional<Kind> kind = KindNamed(en.names[i]);
    ELINK_CHECK(kind.has_value()) << "unknown placeholder {" << en.names[i] << "} in \"" << t.en
                                  << "\"";
    e.kinds.push_back(*kind);
    // Two placeholders in a row could split their text anywhere.
    ELINK_CHECK(i == 0 || !e.literals[i].empty())
        << "placeholders without text between them in \"" << t.en << "\"";
  }
  for (const std::string_view l : e.literals) e.literal_bytes += l.size();
  Parsed zh = Split(t.zh);
  e.zh_literals = std::move(zh.literals);
  std::vector<bool> used(e.kinds.size(), false);
  std::size_t next = 0;
  for (const std::string_view name : zh.names) {
    std::size_t slot = 0;
    if (!name.empty() && name.size() == 1 && name[0] >= '0' && name[0] <= '9') {
      slot = static_cast<std::size_t>(name[0] - '0');
    } else {
      // {} or a named one: the next English placeholder, whose kind it must repeat.
      slot = next++;
      ELINK_CHECK(slot < e.kinds.size() && KindNamed(name) == e.kinds[slot])
          << "placeholder {" << name << "} of \"" << t.zh << "\" does not follow \"" << t.en
          << "\"";
    }
    ELINK_CHECK(slot < e.kinds.size() && !used[slot])
        << "placeholder {" << name << "} of \"" << t.zh << "\" does not follow \"" << t.en << "\"";
    used[slot] = true;
    e.zh_slots.push_back(slot);
  }
  ELINK_CHECK(std::all_of(used.begin(), used.end(), [](bool u) { return u; }))
      << "\"" << t.zh << "\" leaves out a placeholder of \"" << t.en << "\"";
  return e;
}

// Every entry, most specific (most literal text) first, so that "incident {} is outside your
// jurisdiction" is tried before "incident {} is {istatus}".
const std::vector<Entry>& Entries() {
  static const std::vector<Entry> entries = [] {
    std::vector<Entry> out;
    out.reserve(kCatalogue.size());
    for (const MessageTemplate& t : kCatalogue) out.push_back(Compile(t));
    std::stable_sort(out.begin(), out.end(), [](const Entry& a, const Entry& b) {
      return a.literal_bytes > b.literal_bytes;
    });
    return out;
  }();
  return entries;
}

// The placeholders' values when `message` has the form of `e`. The first literal must begin it and
// the last end it; each literal between is taken at its first occurrence after the previous one.
// With placeholders that match any text this finds a match whenever there is one, in one pass.
bool Match(const Entry& e, std::string_view message, std::vector<std::string_view>& values) {
  values.clear();
  const std::size_t n = e.kinds.size();
  const std::string_view first = e.literals.front();
  if (n == 0) return message == first;
  const std::string_view last = e.literals.back();
  if (message.size() < first.size() + last.size() || !message.starts_with(first) ||
      !message.ends_with(last)) {
    return false;
  }
  const std::size_t end = message.size() - last.size();
  std::size_t pos = first.size();
  for (std::size_t i = 1; i < n; ++i) {
    const std::string_view lit = e.literals[i];
    const std::size_t at = message.substr(0, end).find(lit, pos);
    if (at == std::string_view::npos) return false;
    values.push_back(message.substr(pos, at - pos));
    pos = at + lit.size();
  }
  values.push_back(message.substr(pos, end - pos));
  return true;
}

std::optional<std::string> TranslateAt(std::string_view english, int depth) {
  std::vector<std::string_view> values;
  std::vector<std::string> converted;
  for (const Entry& e : Entries()) {
    if (!Match(e, english, values)) continue;
    converted.clear();
    bool ok = true;
    for (std::size_t i = 0; i < values.size() && ok; ++i) {
      std::optional<std::string> v = Convert(e.kinds[i], values[i], depth);
      ok = v.has_value();
      if (ok) converted.push_back(std::move(*v));
    }
    if (!ok) continue;  // a typed placeholder that is not of its vocabulary: another template
    std::string out;
    for (std::size_t i = 0; i < e.zh_slots.size(); ++i) {
      out += e.zh_literals[i];
      out += converted[e.zh_slots[i]];
    }
    out += e.zh_literals.back();
    return out;
  }
  return std::nullopt;
}

}  // namespace

const std::vector<MessageTemplate>& MessageCatalogue() { return kCatalogue; }

std::optional<std::string> TranslateToZh(std::string_view english) {
  return TranslateAt(english, 0);
}

std::string LocalizeDetail(std::string_view english, ApiLang lang) {
  if (lang == ApiLang::kEn) return std::string(english);
  return TranslateToZh(english).value_or(std::string(english));
}

}  // namespace elink::api
