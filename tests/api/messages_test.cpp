// SPDX-License-Identifier: Apache-2.0
// Messages by id in the API (util/message.hpp): a declared message copies what its arguments hold
// without interpreting it (braces, percent signs, quotes, megabytes); an error still made from
// text says its English in every language, with no message_id. And the sources: every message
// the API can answer with is declared (a new one written as text fails here, listing it). Then
// every declared message has a unique id and both languages, and the problems the API answers
// with say theirs in the client's language with its message_id.
#include "api/internal/messages.hpp"

#include "api/problem.hpp"
#include "api/service_fixture.hpp"
#include "auth/messages.hpp"
#include "core/enums.hpp"
#include "core/messages.hpp"
#include "dispatch/messages.hpp"
#include "engine/messages.hpp"
#include "geo/messages.hpp"
#include "geo/router.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace elink::api {
namespace {

TEST(MessagesTest, ArgumentsAreCopiedNeverInterpreted) {
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
    const Status twice = Status::InvalidArgument("body", msg::kKeyTwice, value);
    EXPECT_EQ(twice.message(), "the key \"" + value + "\" appears twice in one object");
    EXPECT_EQ(twice.Text(Lang::kZhCN), "键“" + value + "”在同一对象中出现了两次");
    const Status type = Status::InvalidArgument("type", dispatch::msg::kUnknownType, value);
    EXPECT_EQ(type.message(), "unknown incident type '" + value + "'");
    EXPECT_EQ(type.Text(Lang::kZhCN), "未知的事件类型“" + value + "”");
    const Status code = Status::InvalidArgument("to", core::msg::kUnknownValue, value, "a, b");
    EXPECT_EQ(code.message(), "unknown value '" + value + "' (expected one of a, b)");
    EXPECT_EQ(code.Text(Lang::kZhCN), "未知的取值“" + value + "”（可选值：a, b）");
  }
}

TEST(MessagesTest, VeryLongValuesAreCopiedInLinearTime) {
  const std::string big(4 << 20, 'x');
  const auto start = std::chrono::steady_clock::now();
  // A declared message copies a long argument as it is.
  const Status unknown = Status::InvalidArgument("org", core::msg::kUnknownOrg, big);
  EXPECT_EQ(unknown.message(), "unknown organisation '" + big + "'");
  EXPECT_EQ(unknown.Text(Lang::kZhCN), "未知的组织“" + big + "”");
  // And one of separators and braces, which it never reads as a template.
  std::string separators;
  while (separators.size() < (4 << 20)) separators += " is ' ({} {0}";
  const Status street = Status::InvalidArgument("q", geo::msg::kStreetOnEachSide, separators);
  EXPECT_EQ(street.Text(Lang::kZhCN), "路口须在“" + separators + "”两侧各写一条街道");
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
}

// What is not declared (a storage error's own words, a third-party library's) is said as it is
// in every language, and its problem has no message_id.
TEST(MessagesTest, AnErrorMadeFromTextKeepsItsEnglishAndHasNoId) {
  const Status disk = Status::IOError("disk on fire");
  for (const ApiLang lang : {ApiLang::kZh, ApiLang::kEn}) {
    const Problem p = ProblemOf(disk, lang);
    EXPECT_EQ(p.status, 500);
    EXPECT_EQ(p.body.value("detail", ""), "disk on fire");
    EXPECT_FALSE(p.body.contains("message_id")) << p.body.dump();
  }
  // Near misses of a declared message's English are text too.
  const Problem required = ProblemOf(Status::InvalidArgument("x", "required "), ApiLang::kZh);
  EXPECT_EQ(required.body.value("detail", ""), "required ");
  EXPECT_EQ(required.body.value("field", ""), "x");
}

// ---- every message the API can answer with is declared -----------------------------------------

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

TEST(MessagesTest, EveryMessageTheSourcesCanAnswerWithIsDeclared) {
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
      {"ProblemResponse(", 1},
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
      "src/api/routes/users.cpp",
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
      "src/dispatch/duplicates.cpp",
      "src/api/internal/http_session.hpp",
  };
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
      "expected ",
      " hex digits, got ",
      " characters",
      "not hex digits",
      "must be at least 1",
      "built for another graph (node counts differ)",
      "the road graph has no coordinates to snap to",
      "the road graph has no coordinates, so points cannot be snapped"};
  std::set<std::string> missing;
  std::set<std::string> config_seen;
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
          if (not_api.count(lit) > 0) config_seen.insert(lit);
          if (letters < 3 || not_words.count(lit) > 0 || not_api.count(lit) > 0) continue;
          // Words of a message written as text: the API could say them only in English.
          missing.insert(file + ": \"" + lit + "\"");
        }
      }
    }
  }
  std::string list;
  for (const std::string& m : missing) list += "\n  " + m;
  EXPECT_TRUE(missing.empty()) << "messages made from text, not declared (util/message.hpp):"
                               << list;
  // The scan sees what it skips: each start-up error is found where it is written (and one no
  // longer there is taken off the list).
  EXPECT_EQ(config_seen, not_api);
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
  EXPECT_GT(declared_uses, 150U)
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

TEST_F(DeclaredMessagesTest, AnUnknownCodeInAQueryIsCoresDeclaredMessage) {
  const std::string token = Login("central");
  const Reply zh = Call("GET", "/api/v1/units?type=bogus", "", token);
  EXPECT_EQ(zh.status, 400) << zh.raw;
  EXPECT_EQ(zh.body.value("message_id", ""), "core.unknown_value") << zh.raw;
  EXPECT_EQ(zh.body.value("field", ""), "type") << zh.raw;
  EXPECT_TRUE(zh.body.value("detail", "").starts_with("未知的取值“bogus”（可选值：")) << zh.raw;
  const Reply en = Call("GET", "/api/v1/units?type=bogus&lang=en", "", token);
  EXPECT_EQ(en.body.value("message_id", ""), "core.unknown_value") << en.raw;
  EXPECT_TRUE(en.body.value("detail", "").starts_with("unknown value 'bogus' (expected one of "))
      << en.raw;
}

// With a road graph: the gazetteer's refusals reach the client as geo's declared messages, in
// the field the request named.
class PlaceMessagesTest : public ServiceTest {
 protected:
  void Configure(ServiceOptions& options) override {
    geo::RoadGraphBuilder b(2);
    b.SetCoordinate(0, {37800000, -122400000});
    b.SetCoordinate(1, {37801000, -122400000});
    b.SetNames({"Lombard Street"});
    b.AddEdge({0, 1, 100, 111, geo::RoadClass::kPrimary, 0});
    b.AddEdge({1, 0, 100, 111, geo::RoadClass::kPrimary, 0});
    options.router = geo::Router::Create(std::move(b).Build().value(), std::nullopt).value();
  }
};

TEST_F(PlaceMessagesTest, AGazetteerRefusalSaysItsDeclaredMessage) {
  const std::string token = Login("central");
  const Reply found = Call("GET", "/api/v1/places?q=Lombard", "", token);
  EXPECT_EQ(found.status, 200) << found.raw;
  const Reply zh = Call("GET", "/api/v1/places?q=A%20%26%20B%20%26%20C", "", token);
  EXPECT_EQ(zh.status, 400) << zh.raw;
  EXPECT_EQ(zh.body.value("message_id", ""), "geo.more_than_two_streets") << zh.raw;
  EXPECT_EQ(zh.body.value("field", ""), "q") << zh.raw;
  EXPECT_EQ(zh.body.value("detail", ""), "指定了两条以上的街道") << zh.raw;
  const Reply en = Call("GET", "/api/v1/places?q=%26&lang=en", "", token);
  EXPECT_EQ(en.status, 400) << en.raw;
  EXPECT_EQ(en.body.value("message_id", ""), "geo.street_on_each_side") << en.raw;
  EXPECT_EQ(en.body.value("detail", ""), "an intersection needs a street on each side of '&'")
      << en.raw;
}

}  // namespace
}  // namespace elink::api
