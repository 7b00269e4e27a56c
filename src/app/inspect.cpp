// SPDX-License-Identifier: Apache-2.0
#include "app/inspect.hpp"

#include "app/center.hpp"
#include "engine/engine.hpp"

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

}  // namespace elink::app
