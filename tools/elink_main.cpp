// SPDX-License-Identifier: Apache-2.0
// elink: the command-line entry point of a center. Thin: parsing here, work in app/.
#include "app/center.hpp"
#include "app/demo.hpp"
#include "app/i18n.hpp"
#include "app/inspect.hpp"
#include "app/stress.hpp"
#include "util/log.hpp"

#include <CLI/CLI.hpp>
#include <unistd.h>

#include <cstdio>
#include <iostream>
#include <optional>
#include <string>

namespace {

using elink::Status;
using elink::app::Lang;
using elink::app::Tr;

constexpr int kExitOk = 0;
constexpr int kExitDamaged = 1;  // the command ran and found a problem (verify-log)
constexpr int kExitError = 2;    // the command could not run

int Fail(const Status& s, Lang lang) {
  std::fprintf(stderr, "%s: %s\n", std::string(Tr(lang, "错误", "error")).c_str(),
               s.ToString().c_str());
  return kExitError;
}

// Progress on a terminal only, so that logs and pipes stay clean.
void Progress(const char* what, std::uint64_t done, std::uint64_t total) {
  if (isatty(STDERR_FILENO) == 0) return;
  std::fprintf(stderr, "\r%s %llu/%llu", what, static_cast<unsigned long long>(done),
               static_cast<unsigned long long>(total));
  if (done == total) std::fprintf(stderr, "\n");
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App cli{"elink — 区域应急联动指挥平台 / regional emergency linkage command platform"};
  cli.require_subcommand(1);
  std::string lang_code = "zh-CN";
  std::string log_level = "warn";
  cli.add_option("--lang", lang_code, "Language of messages: zh-CN (default) or en");
  cli.add_option("--log-level", log_level, "trace, debug, info, warn (default), error, off");

  std::string db;
  std::string region_dir;
  auto* init = cli.add_subcommand("init", "Create a center database from a region's configuration");
  init->add_option("--db", db, "Center database file to create (must not exist)")->required();
  init->add_option("--config", region_dir, "Region configuration directory (region.toml, ...)")
      ->required()
      ->check(CLI::ExistingDirectory);

  auto* info = cli.add_subcommand("info", "Show what a center database holds");
  info->add_option("--db", db, "Center database file")->required();

  std::string expect_head;
  auto* verify =
      cli.add_subcommand("verify-log",
                         "Check the event log's hash chain; name the first altered, removed or "
                         "reordered event");
  verify->add_option("--db", db, "Center database file")->required();
  verify->add_option("--expect-head", expect_head,
                     "Anchor SEQ:HASH kept from an earlier `elink info`, to detect a cut tail");

  int pace_ms = 600;
  auto* demo =
      cli.add_subcommand("demo", "Run a short narrated shift of real commands on a center");
  demo->add_option("--db", db, "Center database file")->required();
  demo->add_option("--pace-ms", pace_ms, "Pause between steps in milliseconds (default 600)")
      ->check(CLI::Range(0, 60'000));

  elink::app::StressOptions stress_opts;
  bool print_acks = false;
  bool no_sync = false;
  auto* stress = cli.add_subcommand("stress",
                                    "Submit commands from many threads as fast as the "
                                    "center answers (load and crash testing)");
  stress->add_option("--db", db, "Center database file")->required();
  stress->add_option("--threads", stress_opts.threads, "Submitting threads (default 4)")
      ->check(CLI::Range(1, 1024));
  stress
      ->add_option("--cycles", stress_opts.cycles, "Cycles of 3 commands per thread (default 100)")
      ->check(CLI::Range(1, 100'000'000));
  stress->add_option("--run-id", stress_opts.run_id, "Prefix of the request ids (default s)");
  stress->add_flag("--print-acks", print_acks,
                   "Print 'ack <request-id> <first-seq> <last-seq>' after each acknowledgement");
  stress->add_flag("--no-sync", no_sync, "Do not fsync commits (unsafe; for comparison only)");

  CLI11_PARSE(cli, argc, argv);

  auto lang_result = elink::app::ParseLang(lang_code);
  if (!lang_result.ok()) return Fail(lang_result.status(), Lang::kZh);
  const Lang lang = *lang_result;
  if (Status s = elink::InitLogging(log_level); !s.ok()) return Fail(s, lang);
  elink::SystemClock clock;

  if (*init) {
    auto report = elink::app::InitCenter(db, region_dir, clock);
    if (!report.ok()) return Fail(report.status(), lang);
    std::printf("%s %s: %zu %s, %zu %s, %zu %s, %zu %s, %zu %s\n",
                std::string(Tr(lang, "已创建指挥中心数据库", "created center database")).c_str(),
                db.c_str(), report->organisations,
                std::string(Tr(lang, "个组织机构", "organisations")).c_str(), report->grids,
                std::string(Tr(lang, "个网格", "grids")).c_str(), report->stations,
                std::string(Tr(lang, "个站点", "stations")).c_str(), report->units,
                std::string(Tr(lang, "支队伍", "units")).c_str(), report->plans,
                std::string(Tr(lang, "项预案", "plans")).c_str());
    return kExitOk;
  }
  if (*info) {
    auto text = elink::app::DescribeCenter(db, lang);
    if (!text.ok()) return Fail(text.status(), lang);
    std::fputs(text->c_str(), stdout);
    return kExitOk;
  }
  if (*verify) {
    std::optional<elink::store::LogHead> anchor;
    if (!expect_head.empty()) {
      auto parsed = elink::app::ParseHeadAnchor(expect_head);
      if (!parsed.ok()) return Fail(parsed.status(), lang);
      anchor = *parsed;
    }
    auto report = elink::app::VerifyCenterLog(
        db, anchor, [](std::uint64_t d, std::uint64_t t) { Progress("verify", d, t); });
    if (!report.ok()) return Fail(report.status(), lang);
    std::printf("%s\n", elink::app::FormatVerifyReport(*report, lang).c_str());
    return report->first_problem ? kExitDamaged : kExitOk;
  }

  elink::app::CenterOptions options{.db = db, .sync = !no_sync, .engine = {}};
  auto center = elink::app::Center::Open(options, clock);
  if (!center.ok()) return Fail(center.status(), lang);

  if (*demo) {
    const Status s = elink::app::RunDemo(
        **center, clock, {.lang = lang, .pace = std::chrono::milliseconds(pace_ms)}, std::cout);
    return s.ok() ? kExitOk : Fail(s, lang);
  }
  if (*stress) {
    auto report = elink::app::RunStress(
        **center, stress_opts, [&](const std::string& rid, const elink::engine::Reply& reply) {
          if (!print_acks) return;
          // One write per line, flushed at once: a reader that sees the line knows the command
          // was acknowledged before any crash that follows.
          std::printf("ack %s %llu %llu\n", rid.c_str(),
                      static_cast<unsigned long long>(reply.first_seq),
                      static_cast<unsigned long long>(reply.last_seq));
          std::fflush(stdout);
        });
    if (!report.ok()) return Fail(report.status(), lang);
    std::fprintf(stderr, "%s: %llu, %s: %llu, %.2f s, %.0f %s\n",
                 std::string(Tr(lang, "已确认", "acknowledged")).c_str(),
                 static_cast<unsigned long long>(report->acknowledged),
                 std::string(Tr(lang, "被拒绝", "refused")).c_str(),
                 static_cast<unsigned long long>(report->refused), report->seconds,
                 static_cast<double>(report->acknowledged) / std::max(report->seconds, 1e-9),
                 std::string(Tr(lang, "条命令/秒", "commands/s")).c_str());
    return kExitOk;
  }
  return kExitError;
}
