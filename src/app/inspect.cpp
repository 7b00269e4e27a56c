// SPDX-License-Identifier: Apache-2.0
#include "app/inspect.hpp"

#include "app/anchors.hpp"
#include "app/center.hpp"
#include "engine/engine.hpp"
#include "engine/recover.hpp"

#include <fmt/format.h>

#include <charconv>
#include <map>

namespace elink::app {

namespace {

Result<std::unique_ptr<store::EventLog>> OpenReadOnly(const std::filesystem::path& db) {
  return store::OpenSqliteLog({.path = db, .read_only = true});
}

// Terminal columns of UTF-8 text: CJK characters take two, everything else one.
std::size_t DisplayWidth(std::string_view s) {
  std::size_t width = 0;
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    const std::size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    width += len >= 3 ? 2 : 1;
    i += len;
  }
  return width;
}

template <typename E, typename Map, typename Get>
std::string CountBy(const Map& items, Get get, Lang lang) {
  std::map<E, int> counts;
  for (const auto& [id, item] : items) ++counts[get(item)];
  std::string out;
  for (const auto& [value, n] : counts) {
    if (!out.empty()) out += ", ";
    out += fmt::format("{} {}", Label(value, lang), n);
  }
  return out.empty() ? "-" : out;
}

}  // namespace

Result<std::string> DescribeCenter(const std::filesystem::path& db, Lang lang) {
  ELINK_ASSIGN_OR_RETURN(auto log, OpenReadOnly(db));
  ELINK_ASSIGN_OR_RETURN(auto format, log->GetMeta("center_format"));
  if (!format) return Status::Corruption(db.string() + ": not an elink center");
  ELINK_ASSIGN_OR_RETURN(auto created, log->GetMeta("created_at"));
  ELINK_ASSIGN_OR_RETURN(auto snapshots, log->SnapshotCount());
  // Recovering through the engine is how the center itself would start, so this also proves that
  // the log replays.
  SystemClock clock;
  ELINK_ASSIGN_OR_RETURN(auto engine, engine::Engine::Open(*log, clock, {.snapshot_every = 0}));
  engine->Stop();
  const auto state = engine->View();
  const store::LogHead head = log->Head();

  std::string out;
  auto line = [&](std::string_view zh, std::string_view en, const std::string& value) {
    const std::string_view label = Tr(lang, zh, en);
    out += label;
    out.append(DisplayWidth(label) < 15 ? 15 - DisplayWidth(label) : 1, ' ');
    out += value;
    out += '\n';
  };
  line("数据库", "database", db.string());
  line("格式", "format", *format);
  line("创建时间", "created", created.value_or("-"));
  line("区域", "region",
       state->has_region()
           ? fmt::format("{} ({})", Tr(lang, state->region_name().zh, state->region_name().en),
                         state->region_id())
           : std::string(Tr(lang, "(尚未导入)", "(not imported)")));
  line("组织机构", "organisations", std::to_string(state->organisations().size()));
  line("网格", "grids", std::to_string(state->grids().size()));
  line("站点", "stations", std::to_string(state->stations().size()));
  line("应急预案", "plans", std::to_string(state->plans().size()));
  line("救援队伍", "units",
       fmt::format("{} ({})", state->units().size(),
                   CountBy<core::UnitStatus>(
                       state->units(), [](const core::Unit& u) { return u.status; }, lang)));
  line(
      "突发事件", "incidents",
      fmt::format("{} ({})", state->incidents().size(),
                  CountBy<core::IncidentStatus>(
                      state->incidents(), [](const core::Incident& i) { return i.status; }, lang)));
  line("事件日志", "event log", fmt::format("{} {}", head.seq, Tr(lang, "条事件", "events")));
  line("日志锚点", "head anchor", fmt::format("{}:{}", head.seq, ToHex(head.hash)));
  line("快照", "snapshots", std::to_string(snapshots));
  return out;
}

Result<store::LogHead> ParseHeadAnchor(std::string_view text) {
  const auto colon = text.find(':');
  if (colon == std::string_view::npos) {
    return Status::InvalidArgument("expect-head", "expected SEQ:HASH as printed by elink info");
  }
  store::LogHead head;
  const auto seq_text = text.substr(0, colon);
  const auto [ptr, ec] =
      std::from_chars(seq_text.data(), seq_text.data() + seq_text.size(), head.seq);
  if (ec != std::errc() || ptr != seq_text.data() + seq_text.size() || seq_text.empty()) {
    return Status::InvalidArgument("expect-head", "sequence number is not a whole number");
  }
  const auto hash = Sha256FromHex(text.substr(colon + 1));
  if (!hash) return Status::InvalidArgument("expect-head", "hash is not 64 hex digits");
  head.hash = *hash;
  return head;
}

Result<store::VerifyReport> VerifyCenterLog(
    const std::filesystem::path& db, std::optional<store::LogHead> expected_head,
    const std::function<void(std::uint64_t, std::uint64_t)>& progress) {
  ELINK_ASSIGN_OR_RETURN(auto log, OpenReadOnly(db));
  return log->Verify(expected_head, progress);
}

std::string FormatVerifyReport(const store::VerifyReport& report, Lang lang) {
  if (!report.first_problem) {
    return fmt::format("{}: {} {}, {} {}:{}", Tr(lang, "完好", "OK"), report.records_checked,
                       Tr(lang, "条事件哈希链校验通过", "events, hash chain intact"),
                       Tr(lang, "日志锚点", "head"), report.head.seq, ToHex(report.head.hash));
  }
  const auto& p = *report.first_problem;
  return fmt::format("{} {} ({}): {}", Tr(lang, "日志已损坏，首个问题位于事件", "DAMAGED at event"),
                     p.seq, store::DamageName(p.damage), p.message);
}

Result<CenterCheck> CheckCenter(
    const std::filesystem::path& db, std::optional<store::LogHead> expected_head,
    const std::optional<std::filesystem::path>& anchor_file,
    const std::function<void(std::string_view, std::uint64_t, std::uint64_t)>& progress) {
  std::vector<Anchor> anchors;
  if (anchor_file) {
    ELINK_ASSIGN_OR_RETURN(anchors, ReadAnchorFile(*anchor_file));
    // The newest anchor also shows a cut tail, as --expect-head does.
    if (!expected_head && !anchors.empty()) expected_head = anchors.back().head;
  }
  ELINK_ASSIGN_OR_RETURN(auto log, OpenReadOnly(db));
  CenterCheck out;
  ELINK_ASSIGN_OR_RETURN(out.chain,
                         log->Verify(expected_head, [&](std::uint64_t d, std::uint64_t t) {
                           if (progress) progress("verify", d, t);
                         }));
  ELINK_ASSIGN_OR_RETURN(const std::uint64_t stored, log->SnapshotCount());
  if (!out.chain.first_problem) {
    // Replaying needs an intact chain; a damaged one is reported above.
    ELINK_ASSIGN_OR_RETURN(auto checks,
                           engine::CheckSnapshots(*log, [&](std::uint64_t d, std::uint64_t t) {
                             if (progress) progress("snapshots", d, t);
                           }));
    for (const auto& c : checks) {
      if (!c.problem.empty()) {
        out.snapshot_problems.push_back(fmt::format("snapshot at event {}: {}", c.seq, c.problem));
      }
      if (!c.note.empty()) {
        out.snapshot_notes.push_back(fmt::format("snapshot at event {}: {}", c.seq, c.note));
      }
    }
    out.snapshots_checked = checks.size();
    if (stored > checks.size()) {
      out.snapshot_problems.push_back(fmt::format(
          "{} snapshot(s) damaged in the file (skipped at start-up)", stored - checks.size()));
    }
  }
  ELINK_ASSIGN_OR_RETURN(out.anchor_problems, CheckAnchors(*log, anchors));
  out.anchors_checked = anchors.size();
  return out;
}

std::string FormatCenterCheck(const CenterCheck& check, Lang lang) {
  std::string out = FormatVerifyReport(check.chain, lang) + "\n";
  const bool any_snapshot = check.snapshots_checked > 0 || !check.snapshot_problems.empty();
  if (!check.chain.first_problem && any_snapshot) {
    out += check.snapshot_problems.empty()
               ? fmt::format(
                     "{}: {} {} ({} {})\n", Tr(lang, "完好", "OK"), check.snapshots_checked,
                     Tr(lang, "个快照与重放日志所得状态一致", "snapshots match the replayed log"),
                     check.snapshots_checked - check.snapshot_notes.size(),
                     Tr(lang, "个已绑定到哈希链", "bound to the chain"))
               : fmt::format("{}:\n", Tr(lang, "快照不可信", "FALSE SNAPSHOTS"));
    for (const auto& p : check.snapshot_problems) out += "  " + p + "\n";
    for (const auto& n : check.snapshot_notes) out += "  " + n + "\n";
  }
  if (check.anchors_checked > 0) {
    out += check.anchor_problems.empty()
               ? fmt::format("{}: {} {}\n", Tr(lang, "完好", "OK"), check.anchors_checked,
                             Tr(lang, "个外部锚点与日志一致", "anchors from the anchor file hold"))
               : fmt::format("{}:\n", Tr(lang, "锚点不符", "ANCHORS BROKEN"));
    for (const auto& p : check.anchor_problems) out += "  " + p + "\n";
  }
  return out;
}

}  // namespace elink::app
