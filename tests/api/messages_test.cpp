// SPDX-License-Identifier: Apache-2.0
// The catalogue of problem details in zh-CN (api/messages.hpp): every template translates, the
// matcher copies what placeholders hold without interpreting it (braces, percent signs, quotes,
// megabytes), picks the most specific template, translates vocabularies and nested messages, and
// leaves what it does not know in English. And the sources: every message the API can produce
// has a template (a new message without one fails here, listing it).
#include "api/messages.hpp"

#include "api/internal/messages.hpp"
#include "api/service_fixture.hpp"
#include "auth/messages.hpp"
#include "core/enums.hpp"
#include "core/messages.hpp"
#include "dispatch/messages.hpp"
#include "engine/messages.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace elink::api {
namespace {

// `text` with each placeholder replaced by a sample of its vocabulary.
std::string Fill(std::string_view text) {
  std::string out;
  std::size_t pos = 0;
  int n = 0;
  for (;;) {
    const std::size_t open = text.find('{', pos);
    if (open == std::string_view::npos) break;
    const std::size_t close = text.find('}', open);
    out += text.substr(pos, open - pos);
    const std::string_view name = text.substr(open + 1, close - open - 1);
    if (name == "istatus") {
      out += "closed";
    } else if (name == "ustatus") {
      out += "on_scene";
    } else if (name == "tstatus") {
      out += "done";
    } else if (name == "level") {
      out += "III";
    } else if (name == "msg") {
      out += "token expired";
    } else {
      out += "V" + std::to_string(n);
    }
    ++n;
    pos = close + 1;
  }
  out += text.substr(pos);
  return out;
}

TEST(MessagesTest, EveryTemplateTranslatesItsOwnEnglishToChinese) {
  ASSERT_GT(MessageCatalogue().size(), 30U);
  std::set<std::string_view> seen;
  for (const MessageTemplate& t : MessageCatalogue()) {
    SCOPED_TRACE(std::string(t.en));
    EXPECT_TRUE(seen.insert(t.en).second) << "a template twice";
    const std::string english = Fill(t.en);
    const std::optional<std::string> zh = TranslateToZh(english);
    ASSERT_TRUE(zh.has_value());
    EXPECT_TRUE(HasCjk(*zh)) << *zh;
    EXPECT_FALSE(HasCjk(english));
    // Every plain placeholder's value is carried over.
    for (int n = 0; n < 4; ++n) {
      const std::string value = "V" + std::to_string(n);
      if (english.find(value) != std::string::npos) {
        EXPECT_NE(zh->find(value), std::string::npos) << *zh;
      }
    }
    EXPECT_EQ(LocalizeDetail(english, ApiLang::kEn), english);
    EXPECT_EQ(LocalizeDetail(english, ApiLang::kZh), *zh);
  }
}

TEST(MessagesTest, VocabulariesAndNestedMessagesAreTranslatedToo) {
  EXPECT_EQ(TranslateToZh("task 2 is already done"), "任务 2 已完成");
}

TEST(MessagesTest, TheMostSpecificTemplateWins) {
  EXPECT_EQ(TranslateToZh("incident 4 is closed"), "事件 4 已结案");
  EXPECT_EQ(TranslateToZh("incident 4 is already shared with sf-west"), "事件 4 已共享给 sf-west");
  EXPECT_EQ(TranslateToZh("unit E1 is dispatched"), "力量 E1 已派出");
  EXPECT_EQ(TranslateToZh("longer than 64 bytes"), "超过 64 字节");
  EXPECT_EQ(TranslateToZh("longer than 200 bytes (5000)"), "超过 200 字节（实际 5000 字节）");
  // A typed placeholder takes only its vocabulary: "flying" is no incident status.
  EXPECT_EQ(TranslateToZh("incident is flying"), std::nullopt);
}

TEST(MessagesTest, PlaceholdersAreCopiedNeverInterpreted) {
  const std::vector<std::string> hostile = {
      "{}",
      "{0}{1}{2}",
      "{msg}",
      "{type}",
      "%s%n%d%%",
      "'\"“”",
      "' (expected one of {})",
      "\\u0000\\n",
      std::string("a\0b", 3),
      "\xff\xfe",
      "中文{}",
      "}}}{{{",
  };
  for (const std::string& value : hostile) {
    SCOPED_TRACE(value);
    EXPECT_EQ(TranslateToZh("unknown incident type '" + value + "'"),
              "未知的事件类型“" + value + "”");
    EXPECT_EQ(TranslateToZh("no incident " + value), "没有编号为 " + value + " 的事件");
    if (value.find("' (expected one of ") == std::string::npos) {  // see below
      EXPECT_EQ(TranslateToZh("unknown value '" + value + "' (expected one of a, b)"),
                "未知的取值“" + value + "”（可选值：a, b）");
    }
    // A declared message copies its arguments the same way.
    const Status twice = Status::InvalidArgument("body", msg::kKeyTwice, value);
    EXPECT_EQ(twice.message(), "the key \"" + value + "\" appears twice in one object");
    EXPECT_EQ(twice.Text(Lang::kZhCN), "键“" + value + "”在同一对象中出现了两次");
  }
  // A value that holds the template's own separator: the first occurrence splits (the value is
  // then shown split differently), and nothing is lost or repeated.
  EXPECT_EQ(TranslateToZh("unknown value 'x' (expected one of ' (expected one of y)"),
            "未知的取值“x”（可选值：' (expected one of y）");
}

TEST(MessagesTest, VeryLongValuesAreCopiedInLinearTime) {
  const std::string big(4 << 20, 'x');
  const auto start = std::chrono::steady_clock::now();
  // A declared message copies a long argument as it is.
  const Status unknown = Status::InvalidArgument("org", core::msg::kUnknownOrg, big);
  EXPECT_EQ(unknown.message(), "unknown organisation '" + big + "'");
  EXPECT_EQ(unknown.Text(Lang::kZhCN), "未知的组织“" + big + "”");
  // Nothing matches, but every template is tried against 4 MiB of separators.
  const std::string separators = [] {
    std::string s;
    while (s.size() < (4 << 20)) s += " is ' (";
    return s;
  }();
  EXPECT_EQ(TranslateToZh(separators), std::nullopt);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
}

TEST(MessagesTest, UnknownMessagesStayInEnglish) {
  EXPECT_EQ(TranslateToZh("the moon is made of cheese"), std::nullopt);
  EXPECT_EQ(LocalizeDetail("the moon is made of cheese", ApiLang::kZh),
            "the moon is made of cheese");
  EXPECT_EQ(TranslateToZh(""), std::nullopt);
  // Near misses are not matches.
  EXPECT_EQ(TranslateToZh("required "), std::nullopt);
  EXPECT_EQ(TranslateToZh("Required"), std::nullopt);
  EXPECT_EQ(TranslateToZh("no incident"), std::nullopt) << "the space is part of the template";
}

// ---- every message in the sources has a template ------------------------------------------------

std::string ReadSource(const std::string& path) {
  std::ifstream in(std::string(ELINK_SOURCE_DIR) + "/" + path);
  EXPECT_TRUE(in.good()) << path;
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// The top-level arguments of the call whose '(' is at `open`: [begin, end) ranges of `src`.
std::vector<std::pair<std::size_t, std::size_t>> Arguments(const std::string& src,
                                                           std::size_t open) {
  std::vector<std::pair<std::size_t, std::size_t>> out;
  int depth = 0;
  std::size_t start = open + 1;
  for (std::size_t i = open; i < src.size(); ++i) {
    const char c = src[i];
    if (c == '"' || c == '\'') {  // skip a literal
      for (++i; i < src.size() && src[i] != c; ++i) {
        if (src[i] == '\\') ++i;
      }
      continue;
    }
    if (c == '(' || c == '{' || c == '[') ++depth;
    if (c == ')' || c == '}' || c == ']') {
      if (--depth == 0) {
        out.emplace_back(start, i);
        return out;
      }
    }
    if (c == ',' && depth == 1) {
      out.emplace_back(start, i);
      start = i + 1;
    }
  }
  return out;
}

// The string literals in src[begin, end), unescaped (enough for messages: \" and \\).
std::vector<std::string> Literals(const std::string& src, std::size_t begin, std::size_t end) {
  std::vector<std::string> out;
  for (std::size_t i = begin; i < end; ++i) {
    if (src[i] == '\'') {
      i += src[i + 1] == '\\' ? 3U : 2U;
      continue;
    }
    if (src[i] != '"') continue;
    std::string lit;
    for (++i; i < end && src[i] != '"'; ++i) {
      if (src[i] == '\\' && i + 1 < end) ++i;
      lit += src[i];
    }
    out.push_back(lit);
  }
  return out;
}

TEST(MessagesTest, EveryMessageTheSourcesCanAnswerWithHasATemplate) {
  // Where the API's problem details come from, and how each maker takes its message.
  struct Maker {
    std::string call;     // up to its '('
    std::size_t message;  // which argument, counted from the call's '(', is the message
  };
  const std::vector<Maker> makers = {
      {"Status::InvalidArgument(", 1},
      {"Status::NotFound(", 0},
      {"Status::Conflict(", 0},
      {"Status::FailedPrecondition(", 0},
      {"Status::Unavailable(", 0},
      {"Status::PermissionDenied(", 0},
      {"Status::Unauthenticated(", 0},
      {"Status::Internal(", 0},
      {"Status::IOError(", 0},
      {"Status(StatusCode::", 1},
      {" Bad(field, ", 1},
      {" Bad(Path(name), ", 1},
      {" Bad(\"body\", ", 1},
      {"QueryError(", 0},
      {"SendLimitError(", 2},
      {"call->Fail(429, ", 2},
      {"Refuse(from, to, ", 2},
      {"OwnProblem(", 2},
  };
  const std::vector<std::string> files = {
      "src/api/routes/route_table.cpp",
      "src/api/routes/operations.cpp",
      "src/api/routes/session.cpp",
      "src/api/routes/public.cpp",
      "src/api/routes/reference.cpp",
      "src/api/routes/units.cpp",
      "src/api/routes/incidents.cpp",
      "src/api/routes/dispatch.cpp",
      "src/api/routes/tasks.cpp",
      "src/api/routes/warnings.cpp",
      "src/api/routes/events.cpp",
      "src/api/internal/routes.hpp",
      "src/api/service.cpp",
      "src/api/json_input.cpp",
      "src/api/stream.cpp",
      "src/api/http/transport.cpp",
      "src/api/http/http_session.cpp",
      "src/api/http/ws_session.cpp",
      "src/api/http_types.cpp",
      "src/api/internal/http_transport.hpp",
      "src/api/internal/call.hpp",
      "src/engine/decide.cpp",
      "src/engine/engine.cpp",
      "src/auth/token.cpp",
      // the domains' decisions
      "src/core/domain.cpp",
      "src/region/decide.cpp",
      "src/units/decide.cpp",
      "src/tasks/decide.cpp",
      "src/dispatch/decide.cpp",
      "src/warning/decide.cpp",
      "src/auth/decide.cpp",
      "src/auth/password.cpp",
      "src/auth/policy.cpp",
      "src/core/lifecycle.cpp",
      "src/core/enums.hpp",
      "src/dispatch/recommend.cpp",
      "src/dispatch/joint.cpp",
      "src/geo/gazetteer.cpp",
      "src/geo/router.cpp",
      "src/geo/snap.cpp",
  };
  // The English of every template, in one text to search.
  std::string all;
  for (const MessageTemplate& t : MessageCatalogue()) all += std::string(t.en) + "\n";
  // Literals that are field names or parts of a path, not words of a message.
  const std::set<std::string> not_words = {"body", "id",   "into", "task", "incidents", "reports",
                                           "text", "type", "org",  "q",    "after",     "active"};
  // Errors of the configuration at start-up (server options, the token key, the road graph's
  // files), which no request can cause.
  const std::set<std::string> not_api = {
      "cannot listen on ",
      "must be > 0",
      "must be an IPv4 or IPv6 address, got \"",
      "must not be empty",
      "not an IP address: ",
      " hex digits, got ",
      " characters",
      "not hex digits",
      "must be at least 1",
      "built for another graph (node counts differ)",
      "the road graph has no coordinates to snap to",
      "the road graph has no coordinates, so points cannot be snapped"};
  // `lit` with every run of digits written as a placeholder: "[1, " → "[{}, ".
  const auto placeheld = [](const std::string& lit) {
    std::string out;
    for (std::size_t i = 0; i < lit.size(); ++i) {
      if (lit[i] < '0' || lit[i] > '9') {
        out += lit[i];
        continue;
      }
      out += "{}";
      while (i + 1 < lit.size() && lit[i + 1] >= '0' && lit[i + 1] <= '9') ++i;
    }
    return out;
  };
  std::set<std::string> missing;
  std::size_t checked = 0;
  for (const std::string& file : files) {
    const std::string src = ReadSource(file);
    for (const Maker& m : makers) {
      for (std::size_t at = src.find(m.call); at != std::string::npos;
           at = src.find(m.call, at + 1)) {
        const std::size_t open = at + m.call.size() - 1;
        const auto args =
            m.call.back() == '(' ? Arguments(src, open) : Arguments(src, src.rfind('(', open));
        if (m.message >= args.size()) continue;
        for (const std::string& lit :
             Literals(src, args[m.message].first, args[m.message].second)) {
          std::size_t letters = 0;
          for (char c : lit) letters += (c >= 'a' && c <= 'z') ? 1U : 0U;
          if (letters < 3 || not_words.count(lit) > 0 || not_api.count(lit) > 0) continue;
          ++checked;
          // A piece of a template's text (with numbers for placeholders), or a whole message one
          // translates ("must be within [0, 1000000]").
          if (all.find(lit) == std::string::npos && all.find(placeheld(lit)) == std::string::npos &&
              !TranslateToZh(lit)) {
            missing.insert(file + ": \"" + lit + "\"");
          }
        }
      }
    }
  }
  std::string list;
  for (const std::string& m : missing) list += "\n  " + m;
  EXPECT_TRUE(missing.empty()) << "messages without a template in api/messages.cpp:" << list;
  // Messages declared by id (util/message.hpp) are checked when they are compiled and counted
  // here as found: the sources say them as msg::kName, not as text.
  std::size_t declared_uses = 0;
  for (const std::string& file : files) {
    const std::string src = ReadSource(file);
    for (std::size_t at = src.find("msg::k"); at != std::string::npos;
         at = src.find("msg::k", at + 1)) {
      ++declared_uses;
    }
  }
  EXPECT_GT(declared_uses, 0U) << "the domains' decisions say declared messages";
  EXPECT_GT(checked + declared_uses, 150U)
      << "the scan found too few messages to be looking at the right code";
}

}  // namespace
}  // namespace elink::api

namespace elink::api {
namespace {

// ---- messages declared by id (util/message.hpp) ------------------------------------------------

// The placeholders of `text`: {} and {N} alike (recounted here, apart from the compile-time check).
int Placeholders(std::string_view text) {
  int n = 0;
  for (std::size_t i = text.find('{'); i != std::string_view::npos; i = text.find('{', i + 1)) {
    const std::size_t close = text.find('}', i);
    if (close != std::string_view::npos && close - i <= 2) ++n;
  }
  return n;
}

TEST(MessagesTest, EveryDeclaredMessageHasAUniqueIdAndBothLanguages) {
  const std::vector<const Message*>& all = AllMessages();
  ASSERT_GE(all.size(), 40U) << "the domains' messages are linked into the API";
  std::set<std::string_view> ids;
  for (const Message* m : all) {
    EXPECT_TRUE(ids.insert(m->id).second) << "two messages share the id " << m->id;
    EXPECT_FALSE(m->en.empty()) << m->id << " has no English";
    EXPECT_FALSE(m->zh.empty()) << m->id << " has no zh-CN";
    EXPECT_NE(m->en, m->zh) << m->id << "'s zh-CN is its English";
    EXPECT_EQ(Placeholders(m->en), Placeholders(m->zh)) << m->id;
  }
}

TEST(MessagesTest, DeclaredMessagesSayWordsAndValuesInEachLanguage) {
  // A role is a vocabulary word, an action a declared word (auth/messages.hpp).
  const Status viewer = Status::PermissionDenied(
      auth::msg::kRoleMayNot, core::Word(core::Role::kViewer), auth::msg::kDispatch);
  EXPECT_EQ(viewer.message(), "role viewer may not dispatch");
  EXPECT_EQ(viewer.Text(Lang::kZhCN), "查看员角色无权调派力量");
  const Status grid_worker = Status::PermissionDenied(
      auth::msg::kRoleMayNot, core::Word(core::Role::kGridWorker), auth::msg::kReadEventLog);
  EXPECT_EQ(grid_worker.message(), "role grid_worker may not read the event log");
  EXPECT_EQ(grid_worker.Text(Lang::kZhCN), "网格员角色无权查看事件日志");
  // The zh-CN takes the arguments in its own order.
  const Status already = Status::FailedPrecondition(auth::msg::kAlreadyRoleAt, "wang",
                                                    core::Word(core::Role::kCommander), "sf");
  EXPECT_EQ(already.message(), "user 'wang' already is commander at sf");
  EXPECT_EQ(already.Text(Lang::kZhCN), "用户“wang”已是sf的指挥长");
  const Status outside = Status::PermissionDenied(auth::msg::kIncidentOutside, "4", "中区");
  EXPECT_EQ(outside.message(), "incident 4 is outside 中区's jurisdiction");
  EXPECT_EQ(outside.Text(Lang::kZhCN), "事件 4 不在中区的管辖范围内");
  // Statuses and levels are vocabulary words (core::Word).
  const Status cannot_go = Status::FailedPrecondition(
      core::msg::kCannotGo, core::msg::kIncidentWord, core::Word(core::IncidentStatus::kReported),
      core::Word(core::IncidentStatus::kOnScene));
  EXPECT_EQ(cannot_go.message(), "incident cannot go from reported to on_scene");
  EXPECT_EQ(cannot_go.Text(Lang::kZhCN), "事件不能从“已接报”变为“处置中”");
  const Status on_scene = Status::FailedPrecondition(dispatch::msg::kUnitIsAt, "E16",
                                                     core::Word(core::UnitStatus::kOnScene), "4");
  EXPECT_EQ(on_scene.message(), "unit E16 is on_scene at incident 4");
  EXPECT_EQ(on_scene.Text(Lang::kZhCN), "力量 E16 到场（事件 4）");
  const Status level = Status::FailedPrecondition(dispatch::msg::kAlreadyLevel,
                                                  core::Word(core::IncidentLevel::kIII));
  EXPECT_EQ(level.message(), "incident is already level III");
  EXPECT_EQ(level.Text(Lang::kZhCN), "事件已是较大(III级)");
  const Status yours = Status::PermissionDenied(msg::kIncidentNotYours, "4");
  EXPECT_EQ(yours.message(), "incident 4 is outside your jurisdiction");
  EXPECT_EQ(yours.Text(Lang::kZhCN), "事件 4 不在您的管辖范围内");
  // A JSON type is a declared word (api/internal/messages.hpp).
  const Status type = Status::InvalidArgument("x", msg::kExpectedString, msg::kTypeBoolean);
  EXPECT_EQ(type.message(), "expected a string, got a boolean");
  EXPECT_EQ(type.Text(Lang::kZhCN), "应为字符串，实际为布尔值");
  // A nested error is said in each language, a declared one translated, one of text as it is.
  const Status stopping =
      Status::Unavailable(msg::kNotReady, Status::Unavailable(engine::msg::kShuttingDown));
  EXPECT_EQ(stopping.message(), "not ready: the center is shutting down");
  EXPECT_EQ(stopping.Text(Lang::kZhCN), "尚未就绪：指挥中心正在停止");
  const Status on_fire = Status::Unavailable(msg::kNotReady, Status::IOError("disk on fire"));
  EXPECT_EQ(on_fire.message(), "not ready: disk on fire");
  EXPECT_EQ(on_fire.Text(Lang::kZhCN), "尚未就绪：disk on fire");
}

class DeclaredMessagesTest : public ServiceTest {};

TEST_F(DeclaredMessagesTest, AProblemSaysADeclaredMessageInTheClientsLanguageWithItsId) {
  const std::string token = Login("central");
  const std::uint64_t id = CreateIncident(token);
  const std::string path = "/api/v1/incidents/" + std::to_string(id) + "/dispatch";
  const Reply zh = Call("POST", path, R"({"units": []})", token);
  EXPECT_EQ(zh.status, 400) << zh.raw;
  EXPECT_EQ(zh.body.value("detail", ""), "请至少指定一个力量") << zh.raw;
  EXPECT_EQ(zh.body.value("message_id", ""), "dispatch.name_a_unit") << zh.raw;
  EXPECT_EQ(zh.body.value("field", ""), "units") << zh.raw;
  const Reply en = Call("POST", path + "?lang=en", R"({"units": []})", token);
  EXPECT_EQ(en.body.value("detail", ""), "name at least one unit") << en.raw;
  EXPECT_EQ(en.body.value("message_id", ""), "dispatch.name_a_unit") << en.raw;
  const Reply unverified = Call("POST", path, R"({"units": ["E16"]})", token);
  EXPECT_EQ(unverified.status, 409) << unverified.raw;
  EXPECT_EQ(unverified.body.value("detail", ""), "事件尚未核实，请先核实") << unverified.raw;
  const Reply missing =
      Call("POST", "/api/v1/incidents/999/dispatch", R"({"units": ["E16"]})", token);
  EXPECT_EQ(missing.status, 404) << missing.raw;
  EXPECT_EQ(missing.body.value("detail", ""), "没有编号为 999 的事件") << missing.raw;
}

}  // namespace
}  // namespace elink::api
