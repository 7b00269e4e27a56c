// SPDX-License-Identifier: Apache-2.0
#include "app/incident_cli.hpp"

#include "api/views.hpp"
#include "app/routing_cli.hpp"
#include "dispatch/duplicates.hpp"
#include "dispatch/recommend.hpp"

#include <chrono>
#include <cstdio>
#include <utility>

namespace elink::app {

Status RunRecommend(const core::State& state, std::shared_ptr<const geo::Router> router,
                    std::uint64_t incident, bool json, Lang lang, TimePoint now,
                    std::ostream& out) {
  dispatch::Recommender recommender(std::move(router));
  ELINK_ASSIGN_OR_RETURN(const dispatch::Recommendation rec,
                         recommender.Recommend(state, core::IncidentId(incident), now));
  if (!json) {
    out << dispatch::Describe(rec, state, lang == Lang::kZh);
    return Status::Ok();
  }
  out << api::RecommendationJson(rec).dump() << "\n";
  return Status::Ok();
}

Status RunCoverage(const core::State& state, const geo::Router& router,
                   const dispatch::LiveCoverageOptions& options, bool json, Lang lang,
                   TimePoint now, std::ostream& out) {
  ELINK_ASSIGN_OR_RETURN(const dispatch::LiveCoverage cov,
                         dispatch::ComputeLiveCoverage(state, router, options, now));
  if (json) {
    out << api::CoverageJson(cov, state.last_seq()).dump() << "\n";
    return Status::Ok();
  }
  const bool zh = lang == Lang::kZh;
  const auto name = [&](const core::Name& n) { return zh ? n.zh : n.en; };
  const auto station = [&](const std::optional<core::StationId>& id) -> std::string {
    if (!id) return zh ? "途中" : "on the road";
    const core::Station* st = state.stations().Find(*id);
    return st == nullptr ? id->value() : name(st->name);
  };
  const auto& info = core::InfoOf(cov.type);
  const std::string type(zh ? info.zh : info.en);
  char line[512];
  const long long minutes = static_cast<long long>(cov.standard.count() / 60);
  if (zh) {
    std::snprintf(line, sizeof line,
                  "%s：%d 个空闲力量在 %lld 分钟内覆盖 %.0f%% 的需求（权重 %lld / %lld）\n",
                  type.c_str(), cov.free_units, minutes, cov.share * 100,
                  static_cast<long long>(cov.covered_weight),
                  static_cast<long long>(cov.total_weight));
  } else {
    std::snprintf(
        line, sizeof line,
        "%s: %d free units cover %.0f%% of the demand within %lld min (weight %lld of %lld)\n",
        type.c_str(), cov.free_units, cov.share * 100, minutes,
        static_cast<long long>(cov.covered_weight), static_cast<long long>(cov.total_weight));
  }
  out << line;
  for (const dispatch::GridCover& g : cov.grids) {
    if (g.placed && g.units_within > 0) continue;
    const core::Grid* grid = state.grids().Find(g.grid);
    const std::string gname = grid == nullptr ? g.grid.value() : name(grid->name);
    if (!g.placed) {
      out << "  " << gname
          << (zh ? "：中心不在路网上，不计入\n" : ": centre off the roads, left out\n");
    } else if (g.soonest) {
      std::snprintf(line, sizeof line,
                    zh ? "  %s：未覆盖，最快 %.1f 分钟\n" : "  %s: not covered, soonest %.1f min\n",
                    gname.c_str(), static_cast<double>(g.soonest->count()) / 600.0);
      out << line;
    } else {
      out << "  " << gname
          << (zh ? "：未覆盖，没有空闲力量可达\n" : ": not covered, no free unit reaches it\n");
    }
  }
  out << (zh ? "补位建议：" : "Move-up advice:")
      << (cov.moves.empty() ? (zh ? "无\n" : " none\n") : "\n");
  for (const dispatch::MoveUpAdvice& m : cov.moves) {
    std::snprintf(line, sizeof line, "  %s: %s → %s (%.0f%% → %.0f%%)\n", m.unit.value().c_str(),
                  station(m.from).c_str(), station(m.to).c_str(), m.share_before * 100,
                  m.share_after * 100);
    out << line;
  }
  for (const auto& [id, status] : cov.unplaced) {
    out << (zh ? "  未定位：" : "  not placed: ") << id.value() << " (" << status.message()
        << ")\n";
  }
  return Status::Ok();
}

Status RunIncidentCreate(engine::Engine& engine, const IncidentCreateOptions& options, Lang lang,
                         std::ostream& out) {
  dispatch::ReportIncident report;
  report.type = options.type;
  const std::optional<core::IncidentLevel> level =
      core::ParseEnum<core::IncidentLevel>(options.level);
  if (!level) return Status::InvalidArgument("level", "expected I, II, III or IV");
  report.level = *level;
  ELINK_ASSIGN_OR_RETURN(const geo::Position p, ParsePosition(options.at, "at"));
  report.location = {p.lat, p.lon};
  report.address = options.address;
  report.description = options.description;
  ELINK_ASSIGN_OR_RETURN(report.source,
                         core::ParseEnumField<core::IncidentSource>(options.source, "source"));
  report.reporter_name = options.reporter_name;
  report.reporter_phone = options.reporter_phone;
  report.casualties = options.casualties;
  ELINK_ASSIGN_OR_RETURN(
      const engine::Reply reply,
      engine.Execute({.actor = options.actor, .request_id = "", .body = report}));
  out << (lang == Lang::kZh ? "已接警，事件编号 " : "incident reported, number ")
      << (reply.incident ? reply.incident->value() : 0) << "\n";
  // Saved first, flagged after: a duplicate is the dispatcher's call (merge or keep apart).
  const auto state = engine.View();
  const core::Incident* created = reply.incident ? state->FindIncident(*reply.incident) : nullptr;
  if (created == nullptr) return Status::Ok();
  ELINK_ASSIGN_OR_RETURN(const std::vector<dispatch::DuplicateCandidate> dups,
                         dispatch::FindDuplicates(*state, created->type, created->location,
                                                  created->reported_at, {}, created->id));
  for (const dispatch::DuplicateCandidate& d : dups) {
    char line[256];
    std::snprintf(line, sizeof line,
                  lang == Lang::kZh
                      ? "可能重复：事件 %llu（%s，相距 %.0f 米，%lld 分钟前接报）；如属同一警情，"
                        "用 elink incident merge 合并\n"
                      : "possible duplicate: incident %llu (%s, %.0f m away, reported %lld min "
                        "ago); merge with elink incident merge if it is the same emergency\n",
                  static_cast<unsigned long long>(d.id.value()), d.type.c_str(), d.distance_m,
                  static_cast<long long>(d.age.count() / 60));
    out << line;
  }
  return Status::Ok();
}

void RunIncidentList(const core::State& state, bool all, Lang lang, TimePoint now,
                     std::ostream& out) {
  const bool zh = lang == Lang::kZh;
  for (const auto& [id, inc] : state.incidents()) {
    if (!all && !inc.IsOpen()) continue;
    const auto age = std::chrono::duration_cast<std::chrono::minutes>(now - inc.reported_at);
    char line[512];
    std::snprintf(line, sizeof line, "%llu\t%s\t%s\t%s\t%lld %s\t%.5f,%.5f\t%s\n",
                  static_cast<unsigned long long>(id.value()),
                  std::string(Label(inc.status, lang)).c_str(),
                  std::string(Label(inc.level, lang)).c_str(), inc.type.c_str(),
                  static_cast<long long>(age.count()), zh ? "分钟" : "min", inc.location.lat,
                  inc.location.lon, inc.address.c_str());
    out << line;
  }
}

Status RunIncidentMerge(engine::Engine& engine, std::uint64_t duplicate, std::uint64_t into,
                        Lang lang, std::ostream& out) {
  ELINK_RETURN_IF_ERROR(engine
                            .Execute({.actor = "cli",
                                      .request_id = "",
                                      .body = dispatch::MergeIncidents{core::IncidentId(duplicate),
                                                                       core::IncidentId(into)}})
                            .status());
  out << (lang == Lang::kZh ? "已合并：事件 " : "merged: incident ") << duplicate
      << (lang == Lang::kZh ? " 并入事件 " : " into incident ") << into << "\n";
  return Status::Ok();
}

}  // namespace elink::app
