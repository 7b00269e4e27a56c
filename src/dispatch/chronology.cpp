// SPDX-License-Identifier: Apache-2.0
#include "dispatch/chronology.hpp"

#include "core/enums.hpp"
#include "core/incident_types.hpp"
#include "core/messages.hpp"
#include "dispatch/events.hpp"
#include "dispatch/recommend.hpp"
#include "tasks/events.hpp"
#include "units/events.hpp"
#include "util/duration_text.hpp"
#include "util/text.hpp"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

namespace elink::dispatch {
namespace {

using std::string_view;

// The log and the state are trusted, but a chronology is read by people from a terminal or a web
// page: one bad byte or a newline in an actor must not break the line or the page's encoding.
std::string Clean(string_view s) {
  std::string out;
  out.reserve(s.size());
  std::size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x20 || c == 0x7F) {
      out += ' ';
      ++i;
      continue;
    }
    std::size_t len = 1;
    if (c >= 0xF0) {
      len = 4;
    } else if (c >= 0xE0) {
      len = 3;
    } else if (c >= 0xC0) {
      len = 2;
    }
    if (c >= 0x80 &&
        (i + len > s.size() || (c & 0xC0) == 0x80 || c > 0xF4 || !IsValidUtf8(s.substr(i, len)))) {
      out += "\xEF\xBF\xBD";  // U+FFFD REPLACEMENT CHARACTER
      ++i;
      continue;
    }
    out.append(s.substr(i, len));
    i += len;
  }
  return out;
}

// A name missing in one language is better shown in the other than as nothing.
const std::string& NameIn(const core::Name& n, bool zh) {
  const std::string& first = zh ? n.zh : n.en;
  return first.empty() ? (zh ? n.en : n.zh) : first;
}

template <typename E>
std::string Label(E value, bool zh) {
  const auto& info = core::InfoOf(value);
  return std::string(zh ? info.zh : info.en);
}

std::optional<std::uint64_t> ParseU64(string_view s) {
  std::uint64_t v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return v;
}

std::optional<std::uint32_t> ParseU32(string_view s) {
  std::uint32_t v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return v;
}

// Splits at the first `sep`; nullopt when there is none.
std::optional<std::pair<string_view, string_view>> SplitFirst(string_view s, char sep) {
  const auto at = s.find(sep);
  if (at == string_view::npos) return std::nullopt;
  return std::pair{s.substr(0, at), s.substr(at + 1)};
}

// "from>to" of one vocabulary.
template <typename E>
std::optional<std::pair<E, E>> ParseTransition(string_view s) {
  const auto parts = SplitFirst(s, '>');
  if (!parts) return std::nullopt;
  const auto from = core::ParseEnum<E>(parts->first);
  const auto to = core::ParseEnum<E>(parts->second);
  if (!from || !to) return std::nullopt;
  return std::pair{*from, *to};
}

std::string UnitRef(const core::State& state, string_view id, bool zh) {
  const core::Unit* u = state.FindUnit(core::UnitId(std::string(id)));
  if (u == nullptr || NameIn(u->name, zh).empty()) return std::string(id);
  return std::string(id) + (zh ? "（" : " (") + NameIn(u->name, zh) + (zh ? "）" : ")");
}

std::string OrgName(const core::State& state, const core::OrgId& id, bool zh) {
  const core::Organisation* o = state.FindOrg(id);
  return o != nullptr && !NameIn(o->name, zh).empty() ? NameIn(o->name, zh) : id.value();
}

std::string PlanName(const core::State& state, const core::PlanId& id, bool zh) {
  const core::Plan* p = state.plans().Find(id);
  return p != nullptr && !NameIn(p->name, zh).empty() ? NameIn(p->name, zh) : id.value();
}

std::string Quoted(const std::string& s, bool zh) { return zh ? "《" + s + "》" : "“" + s + "”"; }

// "任务 2「灭火」（消防救援，D1组织）": the task as the department knows it; the id alone when the
// incident has no such task.
std::string TaskRef(const core::State& state, const core::Incident& inc, std::uint32_t id, bool zh,
                    bool with_org) {
  std::string out = (zh ? "任务 " : "task ") + std::to_string(id);
  if (id < 1 || id > inc.tasks.size()) return out;
  const core::DepartmentTask& t = inc.tasks[id - 1];
  out += zh ? "「" + NameIn(t.task, zh) + "」（" : " “" + NameIn(t.task, zh) + "” (";
  out += Label(t.department, zh);
  if (with_org) out += (zh ? "，" : ", ") + OrgName(state, t.org, zh);
  out += zh ? "）" : ")";
  return out;
}

std::string TimeOr(const std::optional<TimePoint>& t) { return t ? FormatTime(*t) : "—"; }

// Each returns nullopt when the detail does not parse; the caller then shows it raw.
std::optional<std::string> DescribeKnown(const core::ChronologyEntry& e, const core::Incident& inc,
                                         const core::State& state, bool zh) {
  const string_view what = e.what;
  const string_view detail = e.detail;
  if (what == IncidentReported::kType) {
    const auto source = core::ParseEnum<core::IncidentSource>(detail);
    if (!source) return std::nullopt;
    return zh ? Label(*source, zh) + "接报" : "reported by " + Label(*source, zh);
  }
  if (what == IncidentStatusChanged::kType) {
    const auto t = ParseTransition<core::IncidentStatus>(detail);
    if (!t) return std::nullopt;
    return (zh ? "状态：" : "status: ") + Label(t->first, zh) + " → " + Label(t->second, zh);
  }
  if (what == IncidentLevelChanged::kType) {
    const auto t = ParseTransition<core::IncidentLevel>(detail);
    if (!t) return std::nullopt;
    // I is 1: a smaller number is more severe.
    const int from = static_cast<int>(t->first);
    const int to = static_cast<int>(t->second);
    const char* head = to < from   ? (zh ? "级别提升：" : "level raised: ")
                       : to > from ? (zh ? "级别下调：" : "level lowered: ")
                                   : (zh ? "级别：" : "level: ");
    return head + Label(t->first, zh) + " → " + Label(t->second, zh);
  }
  if (what == IncidentsMerged::kType) {
    const auto parts = SplitFirst(detail, ':');
    if (!parts) return std::nullopt;
    const auto other = ParseU64(parts->second);
    if (!other) return std::nullopt;
    const std::string n = std::to_string(*other);
    if (parts->first == "into") {
      return zh ? "作为重复报警并入事件 " + n : "merged into incident " + n + " as a duplicate";
    }
    if (parts->first == "from") {
      return zh ? "合并重复报警：事件 " + n : "merged duplicate incident " + n + " into this one";
    }
    return std::nullopt;
  }
  if (what == UnitDispatched::kType) {
    if (detail.empty()) return std::nullopt;
    return (zh ? "派出 " : "dispatched ") + UnitRef(state, detail, zh);
  }
  if (what == units::UnitStatusChanged::kType) {
    // The unit id comes first and the statuses never contain ':', so split at the last one.
    const auto at = detail.rfind(':');
    if (at == string_view::npos || at == 0) return std::nullopt;
    const auto t = ParseTransition<core::UnitStatus>(detail.substr(at + 1));
    if (!t) return std::nullopt;
    return UnitRef(state, detail.substr(0, at), zh) + (zh ? "：" : ": ") + Label(t->first, zh) +
           " → " + Label(t->second, zh);
  }
  if (what == tasks::PlanActivated::kType) {
    // "plan:level[:first-last]", parsed from the right so that a plan id may hold ':'.
    string_view rest = detail;
    std::optional<std::pair<std::uint32_t, std::uint32_t>> range;
    auto at = rest.rfind(':');
    if (at == string_view::npos) return std::nullopt;
    if (const auto r = SplitFirst(rest.substr(at + 1), '-')) {
      const auto first = ParseU32(r->first);
      const auto last = ParseU32(r->second);
      if (!first || !last) return std::nullopt;
      range = std::pair{*first, *last};
      rest = rest.substr(0, at);
      at = rest.rfind(':');
      if (at == string_view::npos) return std::nullopt;
    }
    const auto level = core::ParseEnum<core::IncidentLevel>(rest.substr(at + 1));
    if (!level || at == 0) return std::nullopt;
    const std::string plan =
        Quoted(PlanName(state, core::PlanId(std::string(rest.substr(0, at))), zh), zh);
    std::string tasks;
    if (!range) {
      tasks = zh ? "，无新任务" : "; no new tasks";
    } else if (range->first == range->second) {
      tasks =
          (zh ? "，下达任务 " : "; task ") + std::to_string(range->first) + (zh ? "" : " issued");
    } else {
      tasks = (zh ? "，下达任务 " : "; tasks ") + std::to_string(range->first) + "–" +
              std::to_string(range->second) + (zh ? "" : " issued");
    }
    return zh ? "启动" + plan + Label(*level, zh) + "响应" + tasks
              : "activated " + plan + " for a " + Label(*level, zh) + " response" + tasks;
  }
  if (what == tasks::TaskUpdated::kType) {
    const auto parts = SplitFirst(detail, ':');
    if (!parts) return std::nullopt;
    const auto id = ParseU32(parts->first);
    const auto status = core::ParseEnum<core::TaskStatus>(parts->second);
    if (!id || !status) return std::nullopt;
    return TaskRef(state, inc, *id, zh, true) + (zh ? "：" : ": ") + Label(*status, zh);
  }
  if (what == IncidentNoteAdded::kType) {
    if (detail.empty()) return std::nullopt;
    return (zh ? "补充记录：" : "note: ") + std::string(detail);
  }
  if (what == IncidentShared::kType || what == IncidentUnshared::kType) {
    if (detail.empty()) return std::nullopt;
    const std::string org = OrgName(state, core::OrgId(std::string(detail)), zh);
    if (what == IncidentShared::kType) return (zh ? "共享给" : "shared with ") + org;
    return (zh ? "取消共享：" : "no longer shared with ") + org;
  }
  if (what == tasks::TaskEscalated::kType) {
    const auto parts = SplitFirst(detail, ':');
    if (!parts) return std::nullopt;
    const auto id = ParseU32(parts->first);
    const auto orgs = SplitFirst(parts->second, '>');
    if (!id || !orgs || orgs->first.empty() || orgs->second.empty()) return std::nullopt;
    const std::string from = OrgName(state, core::OrgId(std::string(orgs->first)), zh);
    const std::string to = OrgName(state, core::OrgId(std::string(orgs->second)), zh);
    std::string out = TaskRef(state, inc, *id, zh, false);
    // At the top of the tree an escalation has nowhere to go: it is a reminder to the same office.
    if (orgs->first == orgs->second) {
      out += zh ? "：逾期未签收，再次提醒" + to : ": not acknowledged in time, reminder to " + to;
    } else {
      out += zh ? "：逾期未签收，由" + from + "升级至" + to
                : ": not acknowledged in time, escalated from " + from + " to " + to;
    }
    return out;
  }
  if (what == IncidentPhotoAttached::kType) {
    // "index:media_type:size"; the media type holds no ':'.
    const auto first = SplitFirst(detail, ':');
    if (!first) return std::nullopt;
    const auto rest = SplitFirst(first->second, ':');
    const auto index = ParseU32(first->first);
    const auto size = rest ? ParseU64(rest->second) : std::nullopt;
    if (!index || !size || !rest->first.starts_with("image/") || rest->first.size() <= 6) {
      return std::nullopt;
    }
    std::string format(rest->first.substr(6));
    for (char& c : format) c = c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
    // Tenths of a KiB, rounded.
    const std::uint64_t tenths = (*size * 10 + 512) / 1024;
    const std::string kb = std::to_string(tenths / 10) + "." + std::to_string(tenths % 10) + " KB";
    return zh ? "附现场照片 " + std::to_string(*index) + "（" + format + "，" + kb + "）"
              : "photo " + std::to_string(*index) + " attached (" + format + ", " + kb + ")";
  }
  return std::nullopt;
}

// A readable name for the codes State writes, so that a garbled detail still says what kind of
// entry it was.
std::optional<std::string> KindLabel(string_view what, bool zh) {
  static constexpr std::pair<string_view, std::pair<string_view, string_view>> kKinds[] = {
      {IncidentReported::kType, {"接报", "reported"}},
      {IncidentStatusChanged::kType, {"状态变更", "status change"}},
      {IncidentLevelChanged::kType, {"级别变更", "level change"}},
      {IncidentsMerged::kType, {"事件合并", "merge"}},
      {UnitDispatched::kType, {"派出力量", "unit dispatched"}},
      {units::UnitStatusChanged::kType, {"力量状态变更", "unit status change"}},
      {tasks::PlanActivated::kType, {"启动预案", "plan activated"}},
      {tasks::TaskUpdated::kType, {"任务更新", "task update"}},
      {tasks::TaskEscalated::kType, {"任务升级", "task escalated"}},
      {IncidentShared::kType, {"事件共享", "shared"}},
      {IncidentUnshared::kType, {"取消共享", "unshared"}},
      {IncidentPhotoAttached::kType, {"现场照片", "photo"}},
      {IncidentNoteAdded::kType, {"补充记录", "note"}},
  };
  for (const auto& [code, label] : kKinds) {
    if (code == what) return std::string(zh ? label.first : label.second);
  }
  return std::nullopt;
}

std::string DescribeRaw(const core::ChronologyEntry& e, bool zh) {
  std::string head = KindLabel(e.what, zh).value_or(e.what);
  if (head.empty()) head = zh ? "未知记录" : "unknown entry";
  if (e.detail.empty()) return head;
  return head + (zh ? "（原始记录：" : " (raw: ") + e.detail + (zh ? "）" : ")");
}

// Free text in the state (addresses, notes) reaches the view too; one entry stays one line.
void Add(std::string& out, const std::string& line) {
  out += Clean(line);
  out += '\n';
}

}  // namespace

std::string DescribeEntry(const core::ChronologyEntry& e, const core::Incident& inc,
                          const core::State& state, bool zh) {
  const std::string text = DescribeKnown(e, inc, state, zh).value_or(DescribeRaw(e, zh));
  const std::string actor = e.actor.empty() ? "-" : e.actor;
  return Clean(FormatTime(e.at) + "  " + actor + "  " + text);
}

Result<std::string> DescribeIncident(const core::State& state, const core::IncidentId& id, bool zh,
                                     TimePoint now) {
  const core::Incident* found = state.FindIncident(id);
  if (found == nullptr) return Status::NotFound(core::msg::kNoIncident, id.value()).At("incident");
  const core::Incident& inc = *found;
  const std::string colon = zh ? "：" : ": ";
  std::string out;

  // Header.
  const core::IncidentTypeInfo* type = core::FindIncidentType(inc.type);
  std::string head = (zh ? "事件 " : "Incident ") + ToString(inc.id) + " · " +
                     (type != nullptr ? std::string(zh ? type->zh : type->en) : inc.type) + " · " +
                     Label(inc.level, zh) + " · " + Label(inc.status, zh);
  if (inc.exercise) head += zh ? " · 【演练】" : " · [EXERCISE]";
  Add(out, head);
  Add(out, (zh ? "  来源：" : "  source: ") + Label(inc.source, zh));
  char coords[64];
  std::snprintf(coords, sizeof coords, "%.5f, %.5f", inc.location.lat, inc.location.lon);
  Add(out,
      (zh ? "  地点：" : "  location: ") +
          (inc.address.empty() ? std::string(coords)
                               : inc.address + (zh ? "（" : " (") + coords + (zh ? "）" : ")")));
  std::string grid = "—";
  if (inc.grid) {
    const core::Grid* g = state.grids().Find(*inc.grid);
    grid = g != nullptr && !NameIn(g->name, zh).empty() ? NameIn(g->name, zh) : inc.grid->value();
  }
  Add(out, (zh ? "  网格：" : "  grid: ") + grid);
  Add(out, (zh ? "  属地：" : "  jurisdiction: ") +
               (inc.jurisdiction ? OrgName(state, *inc.jurisdiction, zh) : "—"));
  std::string reporter = inc.reporter_name;
  if (!inc.reporter_phone.empty()) reporter += (reporter.empty() ? "" : " ") + inc.reporter_phone;
  Add(out, (zh ? "  报警人：" : "  reporter: ") + (reporter.empty() ? "—" : reporter));
  const core::Casualties& c = inc.casualties;
  Add(out, zh ? "  伤亡：受伤 " + std::to_string(c.injured) + "，死亡 " + std::to_string(c.dead) +
                    "，被困 " + std::to_string(c.trapped) + "，失踪 " + std::to_string(c.missing)
              : "  casualties: " + std::to_string(c.injured) + " injured, " +
                    std::to_string(c.dead) + " dead, " + std::to_string(c.trapped) + " trapped, " +
                    std::to_string(c.missing) + " missing");
  if (!inc.description.empty()) Add(out, (zh ? "  描述：" : "  description: ") + inc.description);
  Add(out, (zh ? "  接报至今：" : "  age: ") +
               AgeText(std::chrono::floor<std::chrono::minutes>(now - inc.reported_at), zh));

  // Lifecycle. closed_at also marks a merge or a cancellation, so it is named after the status.
  Add(out, zh ? "时间节点：" : "Timeline:");
  Add(out, (zh ? "  接报：" : "  reported: ") + FormatTime(inc.reported_at));
  Add(out, (zh ? "  核实：" : "  verified: ") + TimeOr(inc.verified_at));
  Add(out, (zh ? "  调派：" : "  dispatched: ") + TimeOr(inc.dispatched_at));
  Add(out, (zh ? "  到场：" : "  on scene: ") + TimeOr(inc.on_scene_at));
  Add(out, (zh ? "  控制：" : "  controlled: ") + TimeOr(inc.controlled_at));
  const char* end = inc.status == core::IncidentStatus::kMerged      ? (zh ? "合并" : "merged")
                    : inc.status == core::IncidentStatus::kCancelled ? (zh ? "撤销" : "cancelled")
                                                                     : (zh ? "结案" : "closed");
  Add(out, "  " + std::string(end) + colon + TimeOr(inc.closed_at));

  // Units, with where they are now: a unit released from here may already serve elsewhere.
  Add(out, zh ? (inc.units.empty() ? "出动力量：无" : "出动力量：")
              : (inc.units.empty() ? "Units: none" : "Units:"));
  for (const core::UnitId& uid : inc.units) {
    const core::Unit* u = state.FindUnit(uid);
    if (u == nullptr) {
      Add(out, "  " + uid.value() + (zh ? "（不在当前数据中）" : " (not in the current data)"));
      continue;
    }
    std::string line = "  " + uid.value() + " " + NameIn(u->name, zh) + (zh ? "（" : " (") +
                       Label(u->type, zh) + (zh ? "）" : ")") + colon + Label(u->status, zh);
    if (u->incident && *u->incident != inc.id) {
      line += zh ? "（现属事件 " + ToString(*u->incident) + "）"
                 : " (at incident " + ToString(*u->incident) + ")";
    }
    Add(out, line);
  }

  // Plan and checklist.
  if (inc.plan) {
    Add(out, (zh ? "预案：" : "Plan: ") + Quoted(PlanName(state, *inc.plan, zh), zh) +
                 (zh ? "" : ", ") + Label(inc.level, zh) + (zh ? "响应" : " response"));
    // Levels IV to the incident's level, and only those activated (I is 1, IV is 4): a level
    // lowered since keeps its tasks (listed below) but not its checklist.
    int limit = static_cast<int>(inc.level);
    if (inc.plan_level) limit = std::max(limit, static_cast<int>(*inc.plan_level));
    std::vector<std::pair<core::IncidentLevel, const core::Name*>> items;
    if (const core::Plan* plan = state.plans().Find(*inc.plan)) {
      std::vector<const core::PlanLevel*> levels;
      for (const core::PlanLevel& l : plan->levels) {
        if (static_cast<int>(l.level) >= limit) levels.push_back(&l);
      }
      std::stable_sort(levels.begin(), levels.end(), [](const auto* a, const auto* b) {
        return static_cast<int>(a->level) > static_cast<int>(b->level);
      });
      for (const core::PlanLevel* l : levels) {
        for (const core::Name& n : l->checklist) items.emplace_back(l->level, &n);
      }
    }
    Add(out, zh ? (items.empty() ? "  检查单：无" : "  检查单：")
                : (items.empty() ? "  Checklist: none" : "  Checklist:"));
    for (const auto& [level, name] : items) {
      Add(out, "    [" + std::string(core::CodeOf(level)) + "] " + NameIn(*name, zh));
    }
  } else if (const core::Plan* applicable = PlanOf(state, inc)) {
    Add(out,
        zh ? "预案：未启动（适用预案：" + Quoted(NameIn(applicable->name, zh), zh) + "）"
           : "Plan: not activated (applicable: " + Quoted(NameIn(applicable->name, zh), zh) + ")");
  } else {
    Add(out, zh ? "预案：无适用预案" : "Plan: none covers this incident type");
  }

  // Department tasks.
  Add(out, zh ? (inc.tasks.empty() ? "部门任务：无" : "部门任务：")
              : (inc.tasks.empty() ? "Department tasks: none" : "Department tasks:"));
  for (const core::DepartmentTask& t : inc.tasks) {
    std::string line = "  #" + std::to_string(t.id) + " " + Label(t.department, zh) + " · " +
                       NameIn(t.task, zh) + " · " + OrgName(state, t.org, zh) + " · " +
                       Label(t.status, zh) + " · " + (zh ? "签收时限 " : "due ") +
                       FormatTime(t.due);
    if (t.Overdue(now)) line += zh ? " · 超时未签收" : " · OVERDUE";
    line += zh ? " · 升级 " + std::to_string(t.escalations) + " 次"
               : " · escalations: " + std::to_string(t.escalations);
    if (t.acknowledged_at) {
      line += zh ? " · 签收：" + (t.acknowledged_by.empty() ? "-" : t.acknowledged_by) + " " +
                       FormatTime(*t.acknowledged_at)
                 : " · acknowledged by " + (t.acknowledged_by.empty() ? "-" : t.acknowledged_by) +
                       " at " + FormatTime(*t.acknowledged_at);
    }
    if (t.done_at) line += (zh ? " · 完成 " : " · done at ") + FormatTime(*t.done_at);
    if (!t.note.empty()) line += (zh ? " · 备注：" : " · note: ") + t.note;
    Add(out, line);
  }

  // Merges.
  if (!inc.merged_from.empty()) {
    std::string line = zh ? "合并自：" : "Merged from: ";
    for (std::size_t i = 0; i < inc.merged_from.size(); ++i) {
      if (i > 0) line += zh ? "、" : ", ";
      line += (zh ? "事件 " : "incident ") + ToString(inc.merged_from[i]);
    }
    Add(out, line);
  }
  if (inc.merged_into) {
    Add(out, (zh ? "并入：事件 " : "Merged into: incident ") + ToString(*inc.merged_into));
  }

  // Chronology, oldest first as recorded.
  Add(out, zh ? (inc.chronology.empty() ? "事件经过：无" : "事件经过：")
              : (inc.chronology.empty() ? "Chronology: none" : "Chronology:"));
  for (const core::ChronologyEntry& e : inc.chronology) {
    Add(out, "  " + DescribeEntry(e, inc, state, zh));
  }
  return out;
}

}  // namespace elink::dispatch
