// SPDX-License-Identifier: Apache-2.0
#include "app/dispatch_cli.hpp"

#include "app/messages.hpp"
#include "app/routing_cli.hpp"
#include "dispatch/chronology.hpp"
#include "dispatch/recommend.hpp"
#include "geo/gazetteer.hpp"
#include "util/duration_text.hpp"
#include "util/text.hpp"

#include <algorithm>
#include <cstdio>
#include <set>
#include <utility>

namespace elink::app {

namespace {

std::string OrgName(const core::State& state, const core::OrgId& id, Lang lang) {
  const core::Organisation* o = state.FindOrg(id);
  if (o == nullptr) return id.value();
  return lang == Lang::kZh ? o->name.zh : o->name.en;
}

// Prints each task from `first` on (ids are 1-based and only ever appended).
void PrintTasks(const core::State& state, const core::Incident& inc, std::size_t first, Lang lang,
                std::ostream& out) {
  for (std::size_t i = first; i < inc.tasks.size(); ++i) {
    const core::DepartmentTask& t = inc.tasks[i];
    out << "  " << (lang == Lang::kZh ? "任务 " : "task ") << t.id << " · "
        << Label(t.department, lang) << " · " << OrgName(state, t.org, lang) << " · "
        << (lang == Lang::kZh ? t.task.zh : t.task.en) << " · "
        << (lang == Lang::kZh ? "签收时限 " : "acknowledge within ") << t.ack_within_minutes
        << (lang == Lang::kZh ? " 分钟" : " min") << "\n";
  }
}

}  // namespace

Result<std::vector<std::string>> ParseList(const std::string& text, const std::string& field,
                                           std::size_t max_items) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t end = std::min(text.find(',', start), text.size());
    std::string item(Trim(std::string_view(text).substr(start, end - start)));
    if (!item.empty()) out.push_back(std::move(item));
    if (out.size() > max_items) {
      return Status::InvalidArgument(field, msg::kAtMostItems, max_items);
    }
    start = end + 1;
  }
  if (out.empty()) return Status::InvalidArgument(field, msg::kNameAtLeastOne);
  return out;
}

Status RunIncidentStatus(engine::Engine& engine, const std::string& actor, std::uint64_t incident,
                         const std::string& to, const std::string& reason, Lang lang,
                         std::ostream& out) {
  ELINK_ASSIGN_OR_RETURN(const core::IncidentStatus status,
                         core::ParseEnumField<core::IncidentStatus>(to, "to"));
  ELINK_RETURN_IF_ERROR(
      engine
          .Execute({actor, "",
                    dispatch::ChangeIncidentStatus{core::IncidentId(incident), status, reason}})
          .status());
  const auto view = engine.View();
  const core::Incident* inc = view->FindIncident(core::IncidentId(incident));
  out << (lang == Lang::kZh ? "事件 " : "incident ") << incident << " → " << Label(status, lang)
      << "\n";
  if (inc != nullptr && status == core::IncidentStatus::kVerified && inc->plan) {
    const core::Plan* plan = view->plans().Find(*inc->plan);
    out << (lang == Lang::kZh ? "已启动预案：" : "plan activated: ")
        << (plan != nullptr ? (lang == Lang::kZh ? plan->name.zh : plan->name.en)
                            : inc->plan->value())
        << "\n";
    PrintTasks(*view, *inc, 0, lang, out);
  }
  return Status::Ok();
}

Status RunIncidentLevel(engine::Engine& engine, const std::string& actor, std::uint64_t incident,
                        const std::string& to, const std::string& reason, Lang lang,
                        std::ostream& out) {
  ELINK_ASSIGN_OR_RETURN(const core::IncidentLevel level,
                         core::ParseEnumField<core::IncidentLevel>(to, "to"));
  const auto before = engine.View();
  const core::Incident* was = before->FindIncident(core::IncidentId(incident));
  const std::size_t tasks_before = was != nullptr ? was->tasks.size() : 0;
  ELINK_RETURN_IF_ERROR(
      engine
          .Execute(
              {actor, "", dispatch::ChangeIncidentLevel{core::IncidentId(incident), level, reason}})
          .status());
  out << (lang == Lang::kZh ? "事件 " : "incident ") << incident << " → " << Label(level, lang)
      << "\n";
  const auto view = engine.View();
  if (const core::Incident* inc = view->FindIncident(core::IncidentId(incident));
      inc != nullptr && inc->tasks.size() > tasks_before) {
    out << (lang == Lang::kZh ? "新增部门任务：" : "new department tasks:") << "\n";
    PrintTasks(*view, *inc, tasks_before, lang, out);
  }
  return Status::Ok();
}

Status RunIncidentShow(const core::State& state, std::uint64_t incident, Lang lang, TimePoint now,
                       std::ostream& out) {
  ELINK_ASSIGN_OR_RETURN(
      const std::string text,
      dispatch::DescribeIncident(state, core::IncidentId(incident), lang == Lang::kZh, now));
  out << text;
  return Status::Ok();
}

Status RunDispatch(engine::Engine& engine, const std::string& actor,
                   std::shared_ptr<const geo::Router> router, std::uint64_t incident,
                   const std::vector<std::string>& units, Lang lang, TimePoint now,
                   std::ostream& out) {
  dispatch::DispatchUnits command;
  command.incident = core::IncidentId(incident);
  if (!units.empty()) {
    for (const std::string& u : units) command.units.emplace_back(u);
  } else if (router != nullptr) {
    dispatch::Recommender recommender(std::move(router));
    const auto view = engine.View();
    ELINK_ASSIGN_OR_RETURN(const dispatch::Recommendation rec,
                           recommender.Recommend(*view, command.incident, now));
    for (const dispatch::LinePlan& line : rec.lines) {
      for (const dispatch::Pick& p : line.picks) {
        if (!p.already_assigned) command.units.push_back(p.unit);
      }
    }
    if (command.units.empty()) {
      out << (lang == Lang::kZh ? "无需增派：预案要求已满足或无可用力量\n"
                                : "nothing to send: the plan is met or no unit is available\n");
      return Status::Ok();
    }
  } else {
    return Status::InvalidArgument("units", "name the units, or ask for the recommended set");
  }
  ELINK_RETURN_IF_ERROR(engine.Execute({actor, "", command}).status());
  out << (lang == Lang::kZh ? "已调派到事件 " : "dispatched to incident ") << incident << ":";
  for (const core::UnitId& u : command.units) out << " " << u.value();
  out << "\n";
  return Status::Ok();
}

Status RunUnitStatus(engine::Engine& engine, const std::string& actor, const std::string& unit,
                     const std::string& to, const std::string& reason, Lang lang,
                     std::ostream& out) {
  ELINK_ASSIGN_OR_RETURN(const core::UnitStatus status,
                         core::ParseEnumField<core::UnitStatus>(to, "to"));
  ELINK_RETURN_IF_ERROR(
      engine.Execute({actor, "", dispatch::ChangeUnitStatus{core::UnitId(unit), status, reason}})
          .status());
  out << unit << " → " << Label(status, lang) << "\n";
  return Status::Ok();
}

Status RunUnitPosition(engine::Engine& engine, const std::string& actor, const std::string& unit,
                       const std::string& at, Lang lang, TimePoint now, std::ostream& out) {
  ELINK_ASSIGN_OR_RETURN(const geo::Position p, ParsePosition(at, "at"));
  units::ReportPositions batch;
  batch.reports.push_back({core::UnitId(unit), {p.lat, p.lon}, now});
  ELINK_RETURN_IF_ERROR(engine.Execute({actor, "", batch}).status());
  out << unit << (lang == Lang::kZh ? " 位置已更新\n" : " position recorded\n");
  return Status::Ok();
}

void RunUnitList(const core::State& state, Lang lang, TimePoint now,
                 std::chrono::seconds stale_after, std::ostream& out) {
  const bool zh = lang == Lang::kZh;
  std::vector<std::string> retired;
  for (const auto& [id, u] : state.units()) {
    if (u.retired_at) {
      retired.push_back(id.value());
      continue;
    }
    out << id.value() << "\t" << (zh ? u.name.zh : u.name.en) << "\t" << Label(u.status, lang)
        << "\t"
        << DurationText(std::chrono::duration_cast<std::chrono::seconds>(now - u.status_since), zh)
        << "\t";
    if (u.incident) out << (zh ? "事件 " : "incident ") << u.incident->value();
    out << "\t";
    if (u.position_at) {
      const auto age = std::chrono::duration_cast<std::chrono::seconds>(now - *u.position_at);
      out << (zh ? "定位 " : "AVL ") << DurationText(age, zh) << (zh ? "前" : " ago");
      if (age > stale_after) out << (zh ? "（过时）" : " (stale)");
    } else {
      out << (zh ? "无定位，按所属站点" : "no AVL, at its station");
    }
    out << "\t" << (zh ? "版本 " : "revision ") << u.revision.value_or(0) << "\n";
  }
  if (!retired.empty()) {
    out << (zh ? "已退役：" : "retired: ");
    for (std::size_t i = 0; i < retired.size(); ++i) out << (i > 0 ? ", " : "") << retired[i];
    out << "\n";
  }
}

Status RunTaskUpdate(engine::Engine& engine, const std::string& actor, std::uint64_t incident,
                     std::uint32_t task, const std::string& to, const std::string& note, Lang lang,
                     std::ostream& out) {
  ELINK_ASSIGN_OR_RETURN(const core::TaskStatus status,
                         core::ParseEnumField<core::TaskStatus>(to, "to"));
  ELINK_RETURN_IF_ERROR(
      engine.Execute({actor, "", tasks::UpdateTask{core::IncidentId(incident), task, status, note}})
          .status());
  out << (lang == Lang::kZh ? "事件 " : "incident ") << incident
      << (lang == Lang::kZh ? " 任务 " : " task ") << task << " → " << Label(status, lang) << "\n";
  return Status::Ok();
}

Status RunTaskEscalate(engine::Engine& engine, const std::string& actor, Lang lang,
                       std::ostream& out) {
  ELINK_ASSIGN_OR_RETURN(const engine::Reply reply,
                         engine.Execute({actor, "", tasks::EscalateOverdueTasks{}}));
  if (reply.first_seq == 0) {
    out << (lang == Lang::kZh ? "没有超时未签收的任务\n" : "no overdue task\n");
    return Status::Ok();
  }
  const auto view = engine.View();
  for (const auto& [id, inc] : view->incidents()) {
    for (const core::ChronologyEntry& e : inc.chronology) {
      if (e.seq < reply.first_seq || e.seq > reply.last_seq) continue;
      out << (lang == Lang::kZh ? "事件 " : "incident ") << id.value() << " · "
          << dispatch::DescribeEntry(e, inc, *view, lang == Lang::kZh) << "\n";
    }
  }
  return Status::Ok();
}

Status RunAssign(const core::State& state, std::shared_ptr<const geo::Router> router,
                 const std::vector<std::uint64_t>& incidents, Lang lang, TimePoint now,
                 std::ostream& out) {
  std::vector<core::IncidentId> ids;
  for (const std::uint64_t i : incidents) ids.emplace_back(i);
  if (ids.empty()) {
    for (const auto& [id, inc] : state.incidents()) {
      if (inc.IsOpen() && inc.status != core::IncidentStatus::kReported) ids.push_back(id);
    }
    if (ids.empty()) {
      out << (lang == Lang::kZh ? "没有已核实的在办事件\n" : "no verified open incident\n");
      return Status::Ok();
    }
  }
  dispatch::Recommender recommender(std::move(router));
  ELINK_ASSIGN_OR_RETURN(const dispatch::JointAssignment joint,
                         recommender.AssignJointly(state, ids, now));
  out << dispatch::DescribeJoint(joint, state, lang == Lang::kZh);
  return Status::Ok();
}

Status RunPlaceSearch(const geo::Router& router, const std::string& query, std::size_t limit,
                      Lang lang, std::ostream& out) {
  const geo::Gazetteer gazetteer = geo::Gazetteer::Build(router.graph());
  ELINK_ASSIGN_OR_RETURN(const std::vector<geo::PlaceMatch> matches,
                         gazetteer.Search(query, limit));
  if (matches.empty()) {
    out << (lang == Lang::kZh ? "未找到匹配的道路或路口\n" : "no street or intersection matches\n");
    return Status::Ok();
  }
  for (const geo::PlaceMatch& m : matches) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.6f,%.6f", m.lat, m.lon);
    out << buf << "\t"
        << (m.kind == geo::PlaceMatch::Kind::kIntersection
                ? (lang == Lang::kZh ? "路口" : "corner")
                : (lang == Lang::kZh ? "道路" : "street"))
        << "\t" << m.name << "\n";
  }
  return Status::Ok();
}

Result<geo::Position> ResolvePlace(const geo::Router& router, const std::string& query,
                                   std::string* name) {
  const geo::Gazetteer gazetteer = geo::Gazetteer::Build(router.graph());
  Result<std::vector<geo::PlaceMatch>> found = gazetteer.Search(query, 1);
  // The gazetteer's errors are all about the text; name the option the user typed it in.
  if (!found.ok()) return Status(found.status()).At("place");
  const std::vector<geo::PlaceMatch>& matches = *found;
  if (matches.empty()) {
    return Status::NotFound(
        "no street or intersection called '" + query.substr(0, 64) + "' in the road graph",
        "place");
  }
  if (name != nullptr) *name = matches.front().name;
  return geo::Position{matches.front().lat, matches.front().lon};
}

}  // namespace elink::app
