// SPDX-License-Identifier: Apache-2.0
// Fuzzes the CAP writer (warning/cap.hpp) with the alert fields a commander can publish. Input:
// 8 bytes of choices (level, category, urgency, certainty, flags, area, times), then the texts
// separated by NUL bytes: region id, organisation name zh and en, event zh and en, headline zh
// and en, description zh and en, instruction zh and en, area zh and en, cancel reason.
// The texts are held to what the engine lets through (warning::Decide: valid UTF-8, length limits,
// a headline and an area in some language); everything else is the writer's problem.
// Invariants, for the alert and for its cancel message: the document is well-formed XML (read
// back with expat, the XML library the OSM import links), its root is the CAP 1.2 <alert>, it has
// one <info> per language with a headline, and the free texts read back exactly as given (control
// characters as spaces, line ends as XML normalises them); identifiers are tokens.
#include "core/domain.hpp"
#include "engine/registry.hpp"
#include "fuzz.hpp"
#include "warning/cap.hpp"

#include <expat.h>

#include <array>
#include <map>
#include <string>
#include <vector>

namespace elink::fuzz {

namespace {

// The document as elements' texts, in order, by name; `ok` when expat read it whole.
struct Parsed {
  bool ok = false;
  std::string root;
  std::map<std::string, std::vector<std::string>> texts;
  int depth = 0;
  std::vector<std::string> open;
  std::string text;
};

Parsed ParseXml(const std::string& doc) {
  Parsed p;
  XML_Parser parser = XML_ParserCreate("UTF-8");
  XML_SetUserData(parser, &p);
  XML_SetElementHandler(
      parser,
      [](void* user, const XML_Char* name, const XML_Char** /*attrs*/) {
        auto* q = static_cast<Parsed*>(user);
        if (q->open.empty()) q->root = name;
        q->open.emplace_back(name);
        q->text.clear();
      },
      [](void* user, const XML_Char* name) {
        auto* q = static_cast<Parsed*>(user);
        q->texts[name].push_back(q->text);
        q->text.clear();
        q->open.pop_back();
      });
  XML_SetCharacterDataHandler(parser, [](void* user, const XML_Char* s, int len) {
    static_cast<Parsed*>(user)->text.append(s, static_cast<std::size_t>(len));
  });
  p.ok =
      XML_Parse(parser, doc.data(), static_cast<int>(doc.size()), /*isFinal=*/1) == XML_STATUS_OK;
  XML_ParserFree(parser);
  return p;
}

// What a text reads back as: control characters other than tab and line ends as spaces and
// U+FFFE, U+FFFF as U+FFFD (the writer's rules: XML 1.0 has no such characters), then CR LF and
// CR as LF (XML's line ends).
std::string ReadBackAs(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\xEF' && i + 2 < text.size() && text[i + 1] == '\xBF' &&
        (text[i + 2] == '\xBE' || text[i + 2] == '\xBF')) {
      out += "\xEF\xBF\xBD";
      i += 2;
    } else if (c == '\r') {
      out += '\n';
      if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
    } else if (static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n') {
      out += ' ';
    } else {
      out += c;
    }
  }
  return out;
}

bool IsToken(std::string_view s) {
  for (const char c : s) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '.' || c == '_' || c == '-' || c == '@' || c == ',' || c == ':' ||
                    c == '+';
    if (!ok) return false;
  }
  return true;
}

std::vector<std::string> Split(std::string_view rest, std::size_t n) {
  std::vector<std::string> out;
  while (out.size() + 1 < n) {
    const std::size_t nul = rest.find('\0');
    if (nul == std::string_view::npos) break;
    out.emplace_back(rest.substr(0, nul));
    rest.remove_prefix(nul + 1);
  }
  out.emplace_back(rest);
  out.resize(n);
  return out;
}

void CheckDocument(const std::string& doc, const core::Alert& alert, bool cancel) {
  const Parsed p = ParseXml(doc);
  if (!p.ok) std::fprintf(stderr, "not well-formed:\n%s\n", doc.c_str());
  ELINK_FUZZ_CHECK(p.ok);
  ELINK_FUZZ_CHECK(p.root == "alert");
  const core::AlertContent& a = alert.content;
  const auto texts = [&](const char* name) {
    const auto it = p.texts.find(name);
    return it == p.texts.end() ? std::vector<std::string>{} : it->second;
  };
  std::vector<bool> languages;  // zh, en: those with a headline, in that order
  if (!a.headline.zh.empty()) languages.push_back(true);
  if (!a.headline.en.empty()) languages.push_back(false);
  ELINK_FUZZ_CHECK(texts("info").size() == languages.size());
  ELINK_FUZZ_CHECK(texts("identifier").size() == 1 && IsToken(texts("identifier")[0]));
  ELINK_FUZZ_CHECK(texts("sender").size() == 1 && IsToken(texts("sender")[0]));
  const auto headlines = texts("headline");
  const auto areas = texts("areaDesc");
  ELINK_FUZZ_CHECK(headlines.size() == languages.size() && areas.size() == languages.size());
  for (std::size_t i = 0; i < languages.size(); ++i) {
    const bool zh = languages[i];
    const std::string& headline = zh ? a.headline.zh : a.headline.en;
    const std::string want = ReadBackAs(headline);
    ELINK_FUZZ_CHECK(headlines[i].size() >= want.size() &&
                     headlines[i].compare(headlines[i].size() - want.size(), want.size(), want) ==
                         0);
    const std::string& area = zh ? a.area.description.zh : a.area.description.en;
    const std::string& other = zh ? a.area.description.en : a.area.description.zh;
    ELINK_FUZZ_CHECK(areas[i] == ReadBackAs(!area.empty() ? area : other));
  }
  if (cancel) {
    if (!alert.cancel_reason.empty()) {
      ELINK_FUZZ_CHECK(texts("note").size() == 1 &&
                       texts("note")[0] == ReadBackAs(alert.cancel_reason));
    }
  } else {
    std::vector<std::string> want;
    for (const bool zh : languages) {
      const std::string& d = zh ? a.description.zh : a.description.en;
      if (!d.empty()) want.push_back(ReadBackAs(d));
    }
    ELINK_FUZZ_CHECK(texts("description") == want);
  }
}

}  // namespace

int CapOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 8) return 0;
  const auto texts = Split(AsText(data + 8, size - 8), 14);
  core::Region region;
  region.id = texts[0];
  core::Organisation org;
  org.id = core::OrgId("root");
  org.name = {texts[1], texts[2]};
  region.organisations.push_back(org);
  core::State state;
  engine::Event imported;
  imported.seq = 1;
  imported.body = region::RegionImported{region};
  if (!engine::Apply(state, imported).ok()) return 0;

  core::Alert alert;
  alert.id = core::AlertId(data[6]);
  core::AlertContent& a = alert.content;
  a.org = (data[4] & 1) != 0 ? core::OrgId("root") : core::OrgId("elsewhere");
  a.level = static_cast<core::AlertLevel>(data[0] % 4);
  a.category = static_cast<core::AlertCategory>(data[1] % 12);
  a.urgency = static_cast<core::AlertUrgency>(data[2] % 5);
  a.certainty = static_cast<core::AlertCertainty>(data[3] % 5);
  a.exercise = (data[4] & 2) != 0;
  if ((data[4] & 4) != 0) a.incident = core::IncidentId(data[7]);
  a.event = {texts[3], texts[4]};
  a.headline = {texts[5], texts[6]};
  a.description = {texts[7], texts[8]};
  a.instruction = {texts[9], texts[10]};
  a.area.description = {texts[11], texts[12]};
  a.area.center = {-90.0 + 180.0 * data[5] / 255.0, -180.0 + 360.0 * data[7] / 255.0};
  a.area.radius_km = 0.5 + data[6];
  // Any second from 1970 to about 2106, with the expiry up to a week later.
  alert.sent = FromUnixMillis(1000LL * ((static_cast<std::int64_t>(data[5]) << 24) |
                                        (static_cast<std::int64_t>(data[6]) << 16) |
                                        (static_cast<std::int64_t>(data[7]) << 8) | data[3]));
  a.expires = alert.sent + std::chrono::hours(1 + data[2] % 168);
  alert.cancel_reason = texts[13];
  if ((data[4] & 8) != 0) alert.cancelled_at = alert.sent + std::chrono::minutes(data[1]);

  // What warning::Decide lets through (PublishAlert, CancelAlert).
  const std::array<std::pair<const std::string*, std::size_t>, 11> gated = {{
      {&a.event.zh, core::kMaxShortText},
      {&a.event.en, core::kMaxShortText},
      {&a.headline.zh, core::kMaxShortText},
      {&a.headline.en, core::kMaxShortText},
      {&a.description.zh, core::kMaxLongText},
      {&a.description.en, core::kMaxLongText},
      {&a.instruction.zh, core::kMaxLongText},
      {&a.instruction.en, core::kMaxLongText},
      {&a.area.description.zh, core::kMaxShortText},
      {&a.area.description.en, core::kMaxShortText},
      {&alert.cancel_reason, core::kMaxLongText},
  }};
  // The organisation's name comes from the region files, whose loader holds it to the same.
  for (const std::string* name : {&org.name.zh, &org.name.en}) {
    if (!core::CheckText("", *name, core::kMaxShortText).ok()) return 0;
  }
  for (const auto& [text, max] : gated) {
    if (!core::CheckText("", *text, max).ok()) return 0;
  }
  if (a.headline.zh.empty() && a.headline.en.empty()) return 0;
  if (a.area.description.zh.empty() && a.area.description.en.empty()) return 0;

  CheckDocument(warning::AlertToCap(state, alert), alert, false);
  CheckDocument(warning::CancelToCap(state, alert), alert, true);
  return 0;
}

}  // namespace elink::fuzz

#ifdef ELINK_FUZZ_MAIN
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return elink::fuzz::CapOneInput(data, size);
}
#endif
