// SPDX-License-Identifier: Apache-2.0
#include "warning/cap.hpp"

#include "core/enums.hpp"
#include "util/text.hpp"

#include <fmt/chrono.h>
#include <fmt/format.h>

#include <cmath>

namespace elink::warning {

namespace {

// Text as XML 1.0 character data (the engine keeps invalid UTF-8 out; EscapeMarkup turns control
// characters into spaces). U+FFFE and U+FFFF are valid UTF-8 but not XML characters: a document
// holding one is not well-formed, so they become U+FFFD. Found by tests/fuzz/cap_fuzz.cpp.
std::string Xml(std::string_view text) {
  std::string out = EscapeMarkup(text);
  // In UTF-8, 0xEF only ever starts a three-byte sequence; EF BF BE/BF are U+FFFE/U+FFFF.
  for (std::size_t i = out.find("\xEF\xBF"); i != std::string::npos && i + 2 < out.size();
       i = out.find("\xEF\xBF", i + 3)) {
    if (out[i + 2] == '\xBE' || out[i + 2] == '\xBF') out[i + 2] = '\xBD';
  }
  return out;
}

std::string Token(std::string_view text) {
  std::string out;
  for (const char c : text) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '.' || c == '_' || c == '-';
    out += ok ? c : '_';
  }
  return out.empty() ? "center" : out;
}

void Element(std::string& out, std::string_view indent, std::string_view name,
             std::string_view text) {
  out += indent;
  out += '<';
  out += name;
  out += '>';
  out += Xml(text);
  out += "</";
  out += name;
  out += ">\n";
}

const std::string& Pick(const core::Name& name, bool zh) { return zh ? name.zh : name.en; }

// One <info> per language the headline is written in.
void Infos(std::string& out, const core::State& state, const core::Alert& alert, bool cancel) {
  const core::AlertContent& a = alert.content;
  const core::Organisation* org = state.FindOrg(a.org);
  for (const bool zh : {true, false}) {
    if (Pick(a.headline, zh).empty()) continue;
    out += "  <info>\n";
    Element(out, "    ", "language", zh ? "zh-CN" : "en-US");
    Element(out, "    ", "category", core::CodeOf(a.category));
    const std::string& event = Pick(a.event, zh);
    Element(out, "    ", "event",
            !event.empty() ? event
                           : std::string(zh ? core::InfoOf(a.level).zh : core::InfoOf(a.level).en));
    if (cancel) Element(out, "    ", "responseType", "AllClear");
    Element(out, "    ", "urgency", cancel ? "Past" : core::CodeOf(a.urgency));
    Element(out, "    ", "severity", CapSeverity(a.level));
    Element(out, "    ", "certainty", core::CodeOf(a.certainty));
    Element(out, "    ", "effective", CapTime(alert.sent));
    Element(out, "    ", "expires", CapTime(a.expires));
    if (org != nullptr) Element(out, "    ", "senderName", Pick(org->name, zh));
    const std::string level = std::string(zh ? core::InfoOf(a.level).zh : core::InfoOf(a.level).en);
    if (cancel) {
      Element(out, "    ", "headline", (zh ? "解除：" : "Cancelled: ") + Pick(a.headline, zh));
      const std::string& reason = alert.cancel_reason;
      Element(
          out, "    ", "description",
          reason.empty() ? (zh ? "该预警已解除。" : "This warning has been cancelled.") : reason);
    } else {
      Element(out, "    ", "headline", "[" + level + "] " + Pick(a.headline, zh));
      if (!Pick(a.description, zh).empty()) {
        Element(out, "    ", "description", Pick(a.description, zh));
      }
      if (!Pick(a.instruction, zh).empty()) {
        Element(out, "    ", "instruction", Pick(a.instruction, zh));
      }
    }
    out += "    <parameter>\n";
    Element(out, "      ", "valueName", "elink:level");
    Element(out, "      ", "value", core::CodeOf(a.level));
    out += "    </parameter>\n";
    out += "    <area>\n";
    const std::string& area = Pick(a.area.description, zh);
    Element(out, "      ", "areaDesc", !area.empty() ? area : Pick(a.area.description, !zh));
    Element(out, "      ", "circle",
            fmt::format("{:.6f},{:.6f} {:.3f}", a.area.center.lat, a.area.center.lon,
                        a.area.radius_km));
    out += "    </area>\n";
    out += "  </info>\n";
  }
}

// CAP <incidents>: the incident the warning is about, named as the center names it.
void Incidents(std::string& out, const core::State& state, const core::Alert& alert) {
  if (!alert.content.incident) return;
  Element(out, "  ", "incidents",
          "elink." + Token(state.region_id()) + ".incident." +
              std::to_string(alert.content.incident->value()));
}

std::string Head(const core::State& state, std::string_view identifier, TimePoint sent,
                 bool exercise, std::string_view msg_type) {
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out += "<alert xmlns=\"urn:oasis:names:tc:emergency:cap:1.2\">\n";
  Element(out, "  ", "identifier", identifier);
  Element(out, "  ", "sender", CapSender(state));
  Element(out, "  ", "sent", CapTime(sent));
  Element(out, "  ", "status", exercise ? "Exercise" : "Actual");
  Element(out, "  ", "msgType", msg_type);
  Element(out, "  ", "scope", "Public");
  return out;
}

}  // namespace

const char* CapSeverity(core::AlertLevel level) {
  switch (level) {
    case core::AlertLevel::kBlue: return "Minor";
    case core::AlertLevel::kYellow: return "Moderate";
    case core::AlertLevel::kOrange: return "Severe";
    case core::AlertLevel::kRed: return "Extreme";
  }
  return "Unknown";
}

std::string CapSender(const core::State& state) { return "elink@" + Token(state.region_id()); }

std::string CapIdentifier(const core::State& state, const core::AlertId& id) {
  return "elink." + Token(state.region_id()) + ".alert." + std::to_string(id.value());
}

std::string CapTime(TimePoint t) {
  return fmt::format("{:%Y-%m-%dT%H:%M:%S}+00:00", std::chrono::floor<std::chrono::seconds>(t));
}

std::string AlertToCap(const core::State& state, const core::Alert& alert) {
  std::string out =
      Head(state, CapIdentifier(state, alert.id), alert.sent, alert.content.exercise, "Alert");
  Incidents(out, state, alert);
  Infos(out, state, alert, false);
  out += "</alert>\n";
  return out;
}

std::string CancelToCap(const core::State& state, const core::Alert& alert) {
  const TimePoint at = alert.cancelled_at.value_or(alert.sent);
  std::string out =
      Head(state, CapIdentifier(state, alert.id) + ".cancel", at, alert.content.exercise, "Cancel");
  if (!alert.cancel_reason.empty()) Element(out, "  ", "note", alert.cancel_reason);
  // CAP references: "sender,identifier,sent" of the message being cancelled.
  Element(out, "  ", "references",
          CapSender(state) + "," + CapIdentifier(state, alert.id) + "," + CapTime(alert.sent));
  Incidents(out, state, alert);
  Infos(out, state, alert, true);
  out += "</alert>\n";
  return out;
}

}  // namespace elink::warning
