// SPDX-License-Identifier: Apache-2.0
// elink: the command-line entry point of a center. Thin: parsing here, work in app/.
#include "app/center.hpp"
#include "app/demo.hpp"
#include "app/dispatch_cli.hpp"
#include "app/i18n.hpp"
#include "app/incident_cli.hpp"
#include "app/inspect.hpp"
#include "app/key_file.hpp"
#include "app/resources_cli.hpp"
#include "app/routing_cli.hpp"
#include "app/serve.hpp"
#include "app/sim_cli.hpp"
#include "app/stress.hpp"
#include "app/travel_cli.hpp"
#include "app/user_cli.hpp"
#include "util/log.hpp"

#include <CLI/CLI.hpp>
#include <unistd.h>

#include <charconv>
#include <chrono>
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
  // A declared message in the user's language; text-built ones as they are.
  std::string text = s.Text(lang == Lang::kZh ? elink::Lang::kZhCN : elink::Lang::kEn);
  if (!s.field().empty()) text = s.field() + ": " + text;
  std::fprintf(stderr, "%s: %s\n", std::string(Tr(lang, "错误", "error")).c_str(), text.c_str());
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
  std::string actor = "cli";
  cli.add_option("--as", actor, "Who is acting, recorded with every event (default: cli)");

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
                         "Check the event log's hash chain (name the first altered, removed or "
                         "reordered event), every snapshot by replaying the log, and anchors");
  verify->add_option("--db", db, "Center database file")->required();
  verify->add_option("--expect-head", expect_head,
                     "Anchor SEQ:HASH kept from an earlier `elink info`, to detect a cut tail");
  std::string verify_anchor_file;
  verify->add_option("--anchor-file", verify_anchor_file,
                     "Anchor file written by `elink serve --anchor-file`: every anchor must hold");

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

  elink::app::ImportOsmOptions import_opts;
  auto* import_osm = cli.add_subcommand(
      "import-osm",
      "Build a road graph file for emergency vehicles from an OpenStreetMap extract "
      "(one-ways, access, barriers, turn restrictions; largest connected part kept)");
  import_osm
      ->add_option("input", import_opts.input, "OSM extract: .osm.pbf, .osm, .osm.gz, .osm.bz2")
      ->required()
      ->check(CLI::ExistingFile);
  import_osm->add_option("-o,--output", import_opts.output, "Graph file to write")->required();
  import_osm->add_option("--pois", import_opts.pois,
                         "Also write fire stations, hospitals, police and shelters as GeoJSON");
  import_osm->add_option(
      "--vehicle", import_opts.vehicle,
      "车辆类别，按其通行标签建图：motorcar（救护车、警车、指挥车；默认）或 hgv（消防车、"
      "云梯车、抢险车）/ Vehicle class whose access tags build the graph: motorcar (ambulance, "
      "patrol car, command car; default) or hgv (fire engine, ladder, rescue truck)");

  std::string graph_file;
  double max_snap_m = 300;
  std::string format = "text";
  auto add_graph_options = [&](CLI::App* sub) {
    sub->add_option("--graph", graph_file, "Graph file written by import-osm")
        ->required()
        ->check(CLI::ExistingFile);
    sub->add_option("--max-snap-m", max_snap_m,
                    "Refuse positions farther than this from any road (default 300)")
        ->check(CLI::Range(1.0, 100'000.0));
  };
  std::string from_text;
  std::string to_text;
  auto* route = cli.add_subcommand("route", "Fastest route between two positions");
  add_graph_options(route);
  route->add_option("--from", from_text, "Start as lat,lon")->required();
  route->add_option("--to", to_text, "Destination as lat,lon")->required();
  route->add_option("--format", format, "text (default), json or geojson")
      ->check(CLI::IsMember({"text", "json", "geojson"}));

  auto* matrix = cli.add_subcommand("matrix", "Travel times in seconds between many positions");
  add_graph_options(matrix);
  matrix->add_option("--from", from_text, "lat,lon;lat,lon;... or @FILE (one lat,lon per line)")
      ->required();
  matrix->add_option("--to", to_text, "Same forms as --from")->required();
  matrix->add_option("--format", format, "json (default) or csv")
      ->check(CLI::IsMember({"json", "csv"}));

  double minutes = 5;
  double cell_m = 60;
  auto* isochrone =
      cli.add_subcommand("isochrone", "Area reachable within some minutes, as GeoJSON");
  add_graph_options(isochrone);
  isochrone->add_option("--at", from_text, "Origin as lat,lon")->required();
  isochrone->add_option("--minutes", minutes, "Time limit in minutes (default 5)");
  isochrone->add_option("--cell-m", cell_m, "Resolution of the outline in metres (default 60)");

  std::uint64_t incident_id = 0;
  bool json_out = false;
  auto* recommend = cli.add_subcommand(
      "recommend", "Recommend units for an incident by road travel time, line by line of its plan");
  recommend->add_option("--db", db, "Center database file")->required();
  add_graph_options(recommend);
  recommend->add_option("--incident", incident_id, "Incident number")->required();
  recommend->add_flag("--json", json_out, "JSON instead of text");

  elink::dispatch::LiveCoverageOptions coverage_opts;
  std::string coverage_type = "engine";
  int coverage_minutes = 8;
  auto* coverage = cli.add_subcommand(
      "coverage",
      "Live coverage (实时覆盖) of the free units of a type, grid by grid, and move-up "
      "advice (补位建议)");
  coverage->add_option("--db", db, "Center database file")->required();
  add_graph_options(coverage);
  coverage->add_option("--type", coverage_type, "Unit type (default engine)");
  coverage
      ->add_option("--minutes", coverage_minutes,
                   "The standard: turnout at quarters plus drive, 1 to 120 (default 8)")
      ->check(CLI::Range(1, 120));
  coverage->add_option("--moves", coverage_opts.max_moves, "Moves to advise, 0 to 20 (default 3)")
      ->check(CLI::Range(0, 20));
  coverage->add_flag("--json", json_out, "JSON instead of text (as GET /api/v1/coverage)");

  elink::app::IncidentCreateOptions create_opts;
  bool list_all = false;
  auto* incident = cli.add_subcommand("incident", "Report and list incidents");
  incident->require_subcommand(1);
  auto* incident_create = incident->add_subcommand("create", "Report a new incident (接警)");
  incident_create->add_option("--db", db, "Center database file")->required();
  incident_create->add_option("--type", create_opts.type, "Incident type, e.g. fire.residential")
      ->required();
  std::string place;
  std::string place_graph;
  auto* create_at = incident_create->add_option("--at", create_opts.at, "Location as lat,lon");
  auto* create_place = incident_create->add_option(
      "--place", place, "Location as a street or corner, e.g. \"Chestnut St & Fillmore St\"");
  create_at->excludes(create_place);
  incident_create->add_option("--graph", place_graph, "Graph file, to look --place up in")
      ->check(CLI::ExistingFile);
  incident_create->add_option("--level", create_opts.level, "I, II, III or IV (default IV)");
  incident_create->add_option("--address", create_opts.address, "Address as reported");
  incident_create->add_option("--description", create_opts.description, "What the caller said");
  incident_create->add_option("--source", create_opts.source,
                              "call (default), sensor, citizen, grid_worker or upstream");
  incident_create->add_option("--reporter", create_opts.reporter_name, "Who reported it");
  incident_create->add_option("--phone", create_opts.reporter_phone, "The reporter's number");
  incident_create->add_option("--injured", create_opts.casualties.injured, "Injured")
      ->check(CLI::Range(0, 1'000'000));
  incident_create->add_option("--dead", create_opts.casualties.dead, "Dead")
      ->check(CLI::Range(0, 1'000'000));
  incident_create->add_option("--trapped", create_opts.casualties.trapped, "Trapped")
      ->check(CLI::Range(0, 1'000'000));
  incident_create->add_option("--missing", create_opts.casualties.missing, "Missing")
      ->check(CLI::Range(0, 1'000'000));
  auto* incident_list = incident->add_subcommand("list", "List open incidents (--all: every one)");
  incident_list->add_option("--db", db, "Center database file")->required();
  incident_list->add_flag("--all", list_all, "Include closed, merged and cancelled incidents");

  std::string to_code;
  std::string reason;
  auto* incident_status = incident->add_subcommand(
      "status", "Verify (activates the plan), on_scene, controlled, closed or cancelled");
  incident_status->add_option("--db", db, "Center database file")->required();
  incident_status->add_option("--incident", incident_id, "Incident number")->required();
  incident_status->add_option("--to", to_code, "New status code")->required();
  incident_status->add_option("--reason", reason, "Why (kept in the chronology)");
  auto* incident_level =
      incident->add_subcommand("level", "Raise or lower the response level (I, II, III, IV)");
  incident_level->add_option("--db", db, "Center database file")->required();
  incident_level->add_option("--incident", incident_id, "Incident number")->required();
  incident_level->add_option("--to", to_code, "New level: I, II, III or IV")->required();
  incident_level->add_option("--reason", reason, "Why (kept in the chronology)");
  auto* incident_show =
      incident->add_subcommand("show", "An incident's detail, tasks and chronology");
  incident_show->add_option("--db", db, "Center database file")->required();
  incident_show->add_option("--incident", incident_id, "Incident number")->required();

  std::string units_text;
  bool recommended = false;
  auto* dispatch = cli.add_subcommand("dispatch", "Dispatch units to an incident (出动)");
  dispatch->add_option("--db", db, "Center database file")->required();
  dispatch->add_option("--incident", incident_id, "Incident number")->required();
  auto* dispatch_units = dispatch->add_option("--units", units_text, "Unit ids, comma-separated");
  auto* dispatch_rec = dispatch->add_flag("--recommended", recommended,
                                          "Send the recommended units (needs --graph)");
  dispatch_units->excludes(dispatch_rec);
  dispatch->add_option("--graph", place_graph, "Graph file written by import-osm")
      ->check(CLI::ExistingFile);

  std::string unit_id;
  auto* unit = cli.add_subcommand("unit", "Unit status, positions and the status board");
  unit->require_subcommand(1);
  auto* unit_status = unit->add_subcommand(
      "status", "acknowledged, en_route, on_scene, returning, available or out_of_service");
  unit_status->add_option("--db", db, "Center database file")->required();
  unit_status->add_option("--unit", unit_id, "Unit id")->required();
  unit_status->add_option("--to", to_code, "New status code")->required();
  unit_status->add_option("--reason", reason, "Why");
  std::string position_text;
  auto* unit_position = unit->add_subcommand("position", "Record an AVL position as of now");
  unit_position->add_option("--db", db, "Center database file")->required();
  unit_position->add_option("--unit", unit_id, "Unit id")->required();
  unit_position->add_option("--at", position_text, "Position as lat,lon")->required();
  // The resource base edited live (app/resources_cli.hpp).
  elink::app::UnitEditOptions unit_edit;
  auto* unit_add = unit->add_subcommand(
      "add", "Add a unit to the resource base, available at its station at once / 新增力量");
  auto* unit_change = unit->add_subcommand(
      "change", "Change a unit's name, type, capabilities, crew or home station / 修改力量信息");
  auto* unit_retire = unit->add_subcommand(
      "retire", "Retire a unit: out of service for good, its history kept / 力量退役");
  for (CLI::App* sub : {unit_add, unit_change, unit_retire}) {
    sub->add_option("--db", db, "Center database file")->required();
    sub->add_option("--unit", unit_edit.unit, "Unit id")->required();
    sub->add_option("--reason", unit_edit.reason, "Why (kept in the log with --as)")->required();
  }
  for (CLI::App* sub : {unit_add, unit_change}) {
    sub->add_option("--name", unit_edit.name, "Name in Chinese");
    sub->add_option("--name-en", unit_edit.name_en, "Name in English");
    sub->add_option("--type", unit_edit.type, "Unit type code (engine, ambulance, boat, ...)");
    sub->add_option("--capabilities", unit_edit.capabilities,
                    "Capability codes, comma-separated (\"\" for none)");
    sub->add_option("--crew", unit_edit.crew, "Crew size")->check(CLI::Range(0, 200));
    sub->add_option("--station", unit_edit.station, "Home station id");
    sub->add_option("--org", unit_edit.org, "Organisation id (default: the station's)");
  }
  unit_add->add_option("--status", unit_edit.status, "available (default) or out_of_service");
  for (CLI::App* sub : {unit_change, unit_retire}) {
    sub->add_option("--revision", unit_edit.revision,
                    "The unit's revision you saw (elink unit list): refused if changed since");
  }
  int stale_s = 180;
  auto* unit_list = unit->add_subcommand("list", "The unit status board");
  unit_list->add_option("--db", db, "Center database file")->required();
  unit_list->add_option("--stale-after", stale_s, "Seconds after which a position is stale")
      ->check(CLI::Range(1, 86'400));

  std::uint32_t task_id = 0;
  std::string note;
  auto* task = cli.add_subcommand("task", "Department tasks of activated plans (多部门联动)");
  task->require_subcommand(1);
  auto* task_ack = task->add_subcommand("ack", "A department acknowledges its task");
  auto* task_done = task->add_subcommand("done", "A department reports its task done");
  for (CLI::App* sub : {task_ack, task_done}) {
    sub->add_option("--db", db, "Center database file")->required();
    sub->add_option("--incident", incident_id, "Incident number")->required();
    sub->add_option("--task", task_id, "Task number within the incident")->required();
    sub->add_option("--note", note, "What the department says");
  }
  auto* task_escalate = task->add_subcommand(
      "escalate", "Escalate every task not acknowledged in time to the level above");
  task_escalate->add_option("--db", db, "Center database file")->required();

  std::string incidents_text;
  auto* assign = cli.add_subcommand(
      "assign", "Share the available units among open incidents, weighted by level");
  assign->add_option("--db", db, "Center database file")->required();
  add_graph_options(assign);
  assign->add_option("--incidents", incidents_text,
                     "Incident numbers, comma-separated (default: every verified open incident)");

  std::string query;
  std::size_t limit = 10;
  auto* place_cmd = cli.add_subcommand("place", "Find streets and corners by name");
  add_graph_options(place_cmd);
  place_cmd->add_option("query", query, "e.g. \"Chestnut St & Fillmore St\" or 人民路")->required();
  place_cmd->add_option("--limit", limit, "Most matches shown (default 10)")
      ->check(CLI::Range(1, 100));

  elink::app::SimulateOptions sim_opts;
  auto* simulate = cli.add_subcommand(
      "simulate",
      "Simulate a scenario on a region with the real engine on a simulated clock, each policy on "
      "the same incidents, and write the report (JSON, CSV, HTML)");
  simulate->add_option("--config", sim_opts.config, "Region configuration directory")
      ->required()
      ->check(CLI::ExistingDirectory);
  simulate->add_option("--graph", sim_opts.graph, "Road graph file written by import-osm")
      ->required()
      ->check(CLI::ExistingFile);
  simulate->add_option("--scenario", sim_opts.scenario, "Scenario file (docs/formats/scenario.md)")
      ->required();
  simulate->add_option("--out", sim_opts.out, "Report directory (created)")->required();
  simulate
      ->add_option("--seeds", sim_opts.seeds,
                   "Run every policy with this many seeds (the scenario's seed and the next ones) "
                   "and report each policy's spread and how often it beats closest_station "
                   "(seeds.json); default 1 / 以连续多个随机种子运行各策略并报告离散程度")
      ->check(CLI::Range(1, 1000));
  simulate
      ->add_option("--roster-calls", sim_opts.roster_calls,
                   "SF Fire Department CSV: run with the units that answered its calls inside the "
                   "region instead of the region's units / 以真实警情中出动的车辆替换区域车辆")
      ->check(CLI::ExistingFile);
  simulate
      ->add_option("--roster-stations", sim_opts.roster_stations,
                   "SF fire stations GeoJSON for units whose station is not in the region (with "
                   "--roster-calls)")
      ->check(CLI::ExistingFile);
  simulate
      ->add_option("--rate", sim_opts.rate,
                   "× the generator's rates, in place of the scenario's [generator] scale (e.g. "
                   "1.5 for half as many calls again) / 生成器警情率的倍数")
      ->check(CLI::Range(0.001, 1000.0));
  bool drill_json = false;
  auto* drill_report = cli.add_subcommand(
      "drill-report",
      "Score a drill's exercise incidents against the plans: time to verify, to dispatch, plan "
      "units on scene in time");
  drill_report->add_option("--db", db, "Center database file")->required();
  drill_report->add_flag("--json", drill_json, "JSON instead of a table");
  std::string fit_calls;
  std::string fit_output;
  auto* fit_durations = cli.add_subcommand(
      "fit-durations",
      "Fit call-processing, turnout and on-scene times per incident type from an SF call log");
  fit_durations
      ->add_option("--calls", fit_calls, "SF Fire Department Calls for Service CSV (plain or .gz)")
      ->required();
  fit_durations->add_option("-o,--output", fit_output, "TOML file to write (default: stdout)");
  std::vector<double> fit_emergency;
  std::vector<double> fit_non_emergency;
  fit_durations
      ->add_option("--emergency", fit_emergency,
                   "Drive mode of priority-3 calls: OVERHEAD_S,FACTOR (real ≈ overhead + factor × "
                   "routed; validate-travel's diagnostic fit)")
      ->delimiter(',')
      ->expected(2)
      ->check(CLI::Range(0.0, 3600.0));
  fit_durations
      ->add_option("--non-emergency", fit_non_emergency,
                   "Drive mode of priority-1/2 calls: OVERHEAD_S,FACTOR (validate-travel "
                   "--fit-priority 2)")
      ->delimiter(',')
      ->expected(2)
      ->check(CLI::Range(0.0, 3600.0));

  elink::app::ValidateSimOptions vsim_opts;
  auto* validate_sim = cli.add_subcommand(
      "validate-sim",
      "Replay a real SF call log on a region with the units that answered it and the closest "
      "station policy, and compare simulated with real first unit on scene by priority");
  validate_sim->add_option("--config", vsim_opts.config, "Region configuration directory")
      ->required()
      ->check(CLI::ExistingDirectory);
  validate_sim->add_option("--graph", vsim_opts.graph, "Road graph file written by import-osm")
      ->required()
      ->check(CLI::ExistingFile);
  validate_sim
      ->add_option("--calls", vsim_opts.calls,
                   "SF Fire Department Calls for Service CSV (plain or .gz)")
      ->required()
      ->check(CLI::ExistingFile);
  validate_sim
      ->add_option("--stations", vsim_opts.stations,
                   "Fire stations GeoJSON, for units of stations outside the region")
      ->check(CLI::ExistingFile);
  validate_sim->add_option("--durations", vsim_opts.durations, "Step times TOML (fit-durations)")
      ->check(CLI::ExistingFile);
  validate_sim->add_option("--roster-out", vsim_opts.roster_out,
                           "Write the roster built from the calls as a units.toml");
  validate_sim->add_option("--seed", vsim_opts.seed, "Seed of the drawn times (default 2017)");
  validate_sim->add_flag("--non-emergency-ambulance", vsim_opts.non_emergency_ambulance,
                         "Priority 1 and 2: the plan's ALS line takes the closest ambulance");

  // validate-travel runs from its callback, which CLI11 calls once every option has been checked.
  elink::app::ValidateTravelOptions travel_opts;
  double travel_min_idle_min = 10;
  auto* validate_travel = cli.add_subcommand(
      "validate-travel",
      "Compare the road graph's drive times with real SF fire engine drives (en route to on "
      "scene) by road class, and fit speed factors (docs/travel-validation.md)");
  validate_travel->add_option("--graph", travel_opts.graph, "Road graph file written by import-osm")
      ->required()
      ->check(CLI::ExistingFile);
  validate_travel
      ->add_option("--calls", travel_opts.calls,
                   "SF Fire Department Calls for Service CSV (plain or .gz)")
      ->required()
      ->check(CLI::ExistingFile);
  validate_travel
      ->add_option("--stations", travel_opts.stations,
                   "Fire stations GeoJSON (DataSF City Facilities, or OSM names)")
      ->required()
      ->check(CLI::ExistingFile);
  validate_travel->add_option("--out", travel_opts.out_dir,
                              "Directory for report.json, report.html and pairs.csv (created)");
  validate_travel->add_flag("--json", travel_opts.json, "Print the JSON report, not the summary");
  validate_travel
      ->add_option("--max-snap-m", travel_opts.check.max_snap_m,
                   "Calls and stations farther than this from a road are outside (default 100)")
      ->check(CLI::Range(1.0, 10'000.0));
  validate_travel
      ->add_option("--min-idle-min", travel_min_idle_min,
                   "Skip units that cleared another call less than this many minutes before "
                   "(default 10)")
      ->check(CLI::Range(0.0, 1440.0));
  int travel_fit_priority = 0;
  validate_travel
      ->add_option("--fit-priority", travel_fit_priority,
                   "Fit only the drives of calls of this priority (default: 3 and above; 2 fits "
                   "the non-emergency drives for the simulator's non_emergency mode)")
      ->check(CLI::Range(1, 3));
  validate_travel->callback([&] {
    if (travel_fit_priority != 0) {
      travel_opts.check.fit_min_priority = travel_fit_priority;
      travel_opts.check.fit_max_priority = travel_fit_priority;
    }
    const auto travel_lang = elink::app::ParseLang(lang_code);
    if (!travel_lang.ok()) throw CLI::RuntimeError(Fail(travel_lang.status(), Lang::kZh));
    travel_opts.chinese = *travel_lang == Lang::kZh;
    travel_opts.check.min_idle =
        std::chrono::milliseconds(static_cast<std::int64_t>(travel_min_idle_min * 60'000));
    travel_opts.progress = [](std::string_view stage, std::size_t done, std::size_t total) {
      Progress(std::string(stage).c_str(), done, total);
    };
    const Status s = elink::app::RunValidateTravel(travel_opts, std::cout);
    std::cout.flush();
    if (!s.ok()) throw CLI::RuntimeError(Fail(s, *travel_lang));
    throw CLI::Success();
  });

  elink::app::ServeOptions serve_opts;
  auto* serve = cli.add_subcommand(
      "serve",
      "Run the command center: the dashboard at /, the HTTP API under /api/v1 and the live stream, "
      "until SIGTERM or Ctrl-C");
  serve->add_option("--db", serve_opts.db, "Center database file")->required();
  serve
      ->add_option("--graph", serve_opts.graph,
                   "Road graph file (import-osm) for recommendations, assignment and places")
      ->check(CLI::ExistingFile);
  serve->add_option("--listen", serve_opts.listen, "host:port (default 127.0.0.1:8080)");
  serve->add_option("--threads", serve_opts.threads, "Server threads (default 2)")
      ->check(CLI::Range(1, 64));
  serve->add_option("--web", serve_opts.web,
                    "Folder of the built dashboard (web/dist), served at /");
  serve
      ->add_option("--drill", serve_opts.drill,
                   "Feed this scenario's incidents in as exercises (培训与演练) while serving")
      ->check(CLI::ExistingFile);
  serve
      ->add_option("--drill-speed", serve_opts.drill_speed,
                   "Simulated seconds per real second for the drill (default: the scenario's)")
      ->check(CLI::Range(0.1, 3600.0));
  serve
      ->add_option("--max-connections-per-address", serve_opts.max_connections_per_address,
                   "Open connections one client address may hold (default 64)")
      ->check(CLI::Range(1, 1'000'000));
  serve->add_option("--trusted-proxy", serve_opts.trusted_proxies,
                    "A reverse proxy's address, exempt from the per-address limit (repeatable)");
  serve->add_flag("--exempt-loopback", serve_opts.exempt_loopback,
                  "Exempt 127.0.0.0/8 and ::1 from the per-address limit (a proxy on this host)");
  serve->add_option("--anchor-file", serve_opts.anchor_file,
                    "Append the log head (SEQ:HASH TIME) to this file at start, every 15 s when it "
                    "moved, and at stop; ship the file off the machine and check it with "
                    "`elink verify-log --anchor-file`");

  auto* openapi = cli.add_subcommand(
      "openapi", "Print the OpenAPI 3.0 document of the API elink serve serves (no center needed)");

  std::string user_name;
  std::string user_display;
  std::string user_role;
  std::string user_org;
  std::string password_file;
  bool password_stdin = false;
  auto* user = cli.add_subcommand("user", "Users of elink serve (passwords from stdin or a file)");
  user->require_subcommand(1);
  auto* user_add = user->add_subcommand("add", "Add a user");
  auto* user_list = user->add_subcommand("list", "List users (never their passwords)");
  auto* user_disable = user->add_subcommand("disable", "Disable a user; revokes their tokens");
  auto* user_enable = user->add_subcommand("enable", "Enable a disabled user");
  auto* user_password = user->add_subcommand("password", "Set a new password; revokes tokens");
  for (CLI::App* sub : {user_add, user_list, user_disable, user_enable, user_password}) {
    sub->add_option("--db", db, "Center database file")->required();
  }
  for (CLI::App* sub : {user_add, user_disable, user_enable, user_password}) {
    sub->add_option("--name", user_name, "Login name: [a-z0-9._-], at most 64")->required();
  }
  user_add->add_option("--display", user_display, "Name shown to people");
  user_add
      ->add_option("--role", user_role,
                   "dispatcher, commander, regional_coordinator, analyst, grid_worker, "
                   "viewer or admin")
      ->required();
  user_add->add_option("--org", user_org, "Organisation id (its jurisdiction is the user's)")
      ->required();
  for (CLI::App* sub : {user_add, user_password}) {
    auto* from_file = sub->add_option("--password-file", password_file,
                                      "Read the password from the first line of this file");
    auto* from_stdin =
        sub->add_flag("--password-stdin", password_stdin, "Read the password from stdin");
    from_file->excludes(from_stdin);
  }

  bool revoke_old = false;
  auto* keys = cli.add_subcommand(
      "keys",
      "Token signing keys, kept in <db>.keys (mode 0600) beside the database, never in it; or in "
      "ELINK_TOKEN_KEYS");
  keys->require_subcommand(1);
  auto* keys_rotate = keys->add_subcommand(
      "rotate",
      "Add a new current key (creates <db>.keys when missing); old keys verify their tokens until "
      "they expire (12 h). A running server picks it up within a second");
  auto* keys_list = keys->add_subcommand("list", "List key ids and times (never a key)");
  for (CLI::App* sub : {keys_rotate, keys_list}) {
    sub->add_option("--db", db, "Center database file (its keys are <db>.keys)")->required();
  }
  keys_rotate->add_flag("--revoke-old", revoke_old,
                        "Remove every old key at once: every token issued so far is refused");

  std::uint64_t merge_duplicate = 0;
  std::uint64_t merge_into = 0;
  auto* incident_merge =
      incident->add_subcommand("merge", "Merge a duplicate report into the original incident");
  incident_merge->add_option("--db", db, "Center database file")->required();
  incident_merge->add_option("--duplicate", merge_duplicate, "The duplicate's number")->required();
  incident_merge->add_option("--into", merge_into, "The original incident's number")->required();

  CLI11_PARSE(cli, argc, argv);

  auto lang_result = elink::app::ParseLang(lang_code);
  if (!lang_result.ok()) return Fail(lang_result.status(), Lang::kZh);
  const Lang lang = *lang_result;
  if (Status s = elink::InitLogging(log_level); !s.ok()) return Fail(s, lang);
  elink::SystemClock clock;
  if (*openapi) {
    const Status s = elink::app::WriteOpenApi(std::cout);
    return s.ok() ? kExitOk : Fail(s, lang);
  }
  if (*serve) {
    // Before any thread starts, so that only RunServe's sigwait receives them.
    elink::app::BlockStopSignals();
    const Status s = elink::app::RunServe(serve_opts, clock, lang, std::cout);
    return s.ok() ? kExitOk : Fail(s, lang);
  }

  if (*keys_rotate) {
    const Status s = elink::app::RunKeysRotate(db, revoke_old, clock, lang, std::cout);
    return s.ok() ? kExitOk : Fail(s, lang);
  }
  if (*keys_list) {
    const Status s = elink::app::RunKeysList(db, clock, lang, std::cout);
    return s.ok() ? kExitOk : Fail(s, lang);
  }
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
    std::optional<std::filesystem::path> anchor_file;
    if (!verify_anchor_file.empty()) anchor_file = verify_anchor_file;
    auto check = elink::app::CheckCenter(
        db, anchor, anchor_file, [](std::string_view stage, std::uint64_t d, std::uint64_t t) {
          Progress(std::string(stage).c_str(), d, t);
        });
    if (!check.ok()) return Fail(check.status(), lang);
    std::fputs(elink::app::FormatCenterCheck(*check, lang).c_str(), stdout);
    return check->ok() ? kExitOk : kExitDamaged;
  }

  if (*import_osm) {
    import_opts.progress = [](std::string_view stage, std::uint64_t done, std::uint64_t total) {
      Progress(std::string(stage).c_str(), done, total);
    };
    const Status s = elink::app::RunImportOsm(import_opts, lang, std::cout);
    return s.ok() ? kExitOk : Fail(s, lang);
  }
  if (*simulate) {
    sim_opts.progress = [](std::string_view stage, std::uint64_t done, std::uint64_t total) {
      Progress(std::string(stage).c_str(), done, total);
    };
    const Status s = elink::app::RunSimulate(sim_opts, lang, std::cout);
    return s.ok() ? kExitOk : Fail(s, lang);
  }
  if (*drill_report) {
    const Status s = elink::app::RunDrillReport(db, drill_json, lang, std::cout);
    return s.ok() ? kExitOk : Fail(s, lang);
  }
  if (*validate_sim) {
    vsim_opts.progress = [](std::string_view stage, std::uint64_t done, std::uint64_t total) {
      Progress(std::string(stage).c_str(), done, total);
    };
    const Status s = elink::app::RunValidateSim(vsim_opts, lang, std::cout);
    return s.ok() ? kExitOk : Fail(s, lang);
  }
  if (*fit_durations) {
    const auto mode = [](const std::vector<double>& v) {
      return v.size() == 2 ? elink::sim::DriveMode{v[0], v[1]} : elink::sim::DriveMode{};
    };
    const elink::sim::DriveMode emergency = mode(fit_emergency);
    const elink::sim::DriveMode non_emergency = mode(fit_non_emergency);
    for (const elink::sim::DriveMode& m : {emergency, non_emergency}) {
      if (m.travel_factor < 0.1 || m.travel_factor > 10) {
        return Fail(
            elink::Status::InvalidArgument("--emergency", "the factor must be within 0.1 … 10"),
            lang);
      }
    }
    const Status s =
        elink::app::RunFitDurations(fit_calls, fit_output, std::cout, emergency, non_emergency);
    return s.ok() ? kExitOk : Fail(s, lang);
  }
  if (*place_cmd) {
    auto router = elink::app::LoadRouter(graph_file, max_snap_m);
    if (!router.ok()) return Fail(router.status(), lang);
    const Status s = elink::app::RunPlaceSearch(**router, query, limit, lang, std::cout);
    return s.ok() ? kExitOk : Fail(s, lang);
  }
  if (*route || *matrix || *isochrone) {
    auto router = elink::app::LoadRouter(graph_file, max_snap_m);
    if (!router.ok()) return Fail(router.status(), lang);
    Status s;
    if (*route) {
      auto from = elink::app::ParsePosition(from_text, "from");
      if (!from.ok()) return Fail(from.status(), lang);
      auto to = elink::app::ParsePosition(to_text, "to");
      if (!to.ok()) return Fail(to.status(), lang);
      const auto fmt = format == "json"      ? elink::app::OutputFormat::kJson
                       : format == "geojson" ? elink::app::OutputFormat::kGeoJson
                                             : elink::app::OutputFormat::kText;
      s = elink::app::RunRoute(**router, *from, *to, fmt, lang, std::cout);
    } else if (*matrix) {
      constexpr std::size_t kMaxPoints = 10'000;
      auto from = elink::app::ParsePositions(from_text, "from", kMaxPoints);
      if (!from.ok()) return Fail(from.status(), lang);
      auto to = elink::app::ParsePositions(to_text, "to", kMaxPoints);
      if (!to.ok()) return Fail(to.status(), lang);
      s = elink::app::RunMatrix(
          **router, *from, *to,
          format == "csv" ? elink::app::OutputFormat::kText : elink::app::OutputFormat::kJson,
          std::cout);
    } else {
      auto at = elink::app::ParsePosition(from_text, "at");
      if (!at.ok()) return Fail(at.status(), lang);
      s = elink::app::RunIsochrone(**router, *at, minutes, cell_m, std::cout);
    }
    return s.ok() ? kExitOk : Fail(s, lang);
  }

  // The lists read without the center's lock, so they work beside a running server; everything
  // else may write and holds it (a server holding it refuses them: app/center_lock.hpp).
  const bool read_only = *incident_list || *incident_show || *user_list || *unit_list || *coverage;
  elink::app::CenterOptions options{
      .db = db, .sync = !no_sync, .engine = {}, .read_only = read_only};
  auto center = elink::app::Center::Open(options, clock);
  if (!center.ok()) return Fail(center.status(), lang);

  if (*incident_create) {
    if (create_opts.at.empty()) {
      if (place.empty()) return Fail(Status::InvalidArgument("at", "give --at or --place"), lang);
      if (place_graph.empty()) {
        return Fail(Status::InvalidArgument("graph", "--place needs the road graph (--graph)"),
                    lang);
      }
      auto router = elink::app::LoadRouter(place_graph, max_snap_m);
      if (!router.ok()) return Fail(router.status(), lang);
      std::string found;
      auto where = elink::app::ResolvePlace(**router, place, &found);
      if (!where.ok()) return Fail(where.status(), lang);
      char at[64];
      std::snprintf(at, sizeof at, "%.7f,%.7f", where->lat, where->lon);
      create_opts.at = at;
      if (create_opts.address.empty()) create_opts.address = found;
      std::printf("%s%s (%s)\n", std::string(Tr(lang, "地点：", "place: ")).c_str(), found.c_str(),
                  at);
    }
    create_opts.actor = actor;
    const Status s =
        elink::app::RunIncidentCreate((*center)->engine(), create_opts, lang, std::cout);
    return s.ok() ? kExitOk : Fail(s, lang);
  }
  if (*incident_merge) {
    const Status s = elink::app::RunIncidentMerge((*center)->engine(), merge_duplicate, merge_into,
                                                  lang, std::cout);
    return s.ok() ? kExitOk : Fail(s, lang);
  }
  if (*incident_list) {
    elink::app::RunIncidentList(*(*center)->engine().View(), list_all, lang, clock.Now(),
                                std::cout);
    return kExitOk;
  }
  const auto finish = [&](const Status& s) { return s.ok() ? kExitOk : Fail(s, lang); };
  auto& engine = (*center)->engine();
  if (*user_add || *user_password) {
    elink::Result<std::string> password =
        !password_file.empty() ? elink::app::ReadPasswordFile(password_file)
        : password_stdin       ? elink::app::ReadPassword(std::cin)
                               : elink::Result<std::string>(elink::Status::InvalidArgument(
                                     "password", "give --password-stdin or --password-file"));
    if (!password.ok()) return Fail(password.status(), lang);
    if (*user_add) {
      return finish(elink::app::RunUserAdd(engine, actor, user_name, user_display, user_role,
                                           user_org, *password, lang, std::cout));
    }
    return finish(
        elink::app::RunUserPassword(engine, actor, user_name, *password, lang, std::cout));
  }
  if (*user_list) {
    elink::app::RunUserList(*engine.View(), lang, std::cout);
    return kExitOk;
  }
  if (*user_disable || *user_enable) {
    return finish(elink::app::RunUserDisable(engine, actor, user_name, user_disable->parsed(), lang,
                                             std::cout));
  }
  if (*unit_add) return finish(elink::app::RunUnitAdd(engine, actor, unit_edit, lang, std::cout));
  if (*unit_change) {
    return finish(elink::app::RunUnitChange(engine, actor, unit_edit, lang, std::cout));
  }
  if (*unit_retire) {
    return finish(elink::app::RunUnitRetire(engine, actor, unit_edit.unit, unit_edit.revision,
                                            unit_edit.reason, lang, std::cout));
  }
  if (*incident_status) {
    return finish(elink::app::RunIncidentStatus(engine, actor, incident_id, to_code, reason, lang,
                                                std::cout));
  }
  if (*incident_level) {
    return finish(
        elink::app::RunIncidentLevel(engine, actor, incident_id, to_code, reason, lang, std::cout));
  }
  if (*incident_show) {
    return finish(
        elink::app::RunIncidentShow(*engine.View(), incident_id, lang, clock.Now(), std::cout));
  }
  if (*dispatch) {
    std::vector<std::string> units;
    if (!units_text.empty()) {
      auto parsed = elink::app::ParseList(units_text, "units", 64);
      if (!parsed.ok()) return Fail(parsed.status(), lang);
      units = *parsed;
    }
    std::shared_ptr<const elink::geo::Router> router;
    if (recommended) {
      if (place_graph.empty()) {
        return Fail(Status::InvalidArgument("graph", "--recommended needs the road graph"), lang);
      }
      auto loaded = elink::app::LoadRouter(place_graph, max_snap_m);
      if (!loaded.ok()) return Fail(loaded.status(), lang);
      router = *loaded;
    }
    return finish(elink::app::RunDispatch(engine, actor, router, incident_id, units, lang,
                                          clock.Now(), std::cout));
  }
  if (*unit_status) {
    return finish(
        elink::app::RunUnitStatus(engine, actor, unit_id, to_code, reason, lang, std::cout));
  }
  if (*unit_position) {
    return finish(elink::app::RunUnitPosition(engine, actor, unit_id, position_text, lang,
                                              clock.Now(), std::cout));
  }
  if (*unit_list) {
    elink::app::RunUnitList(*engine.View(), lang, clock.Now(), std::chrono::seconds(stale_s),
                            std::cout);
    return kExitOk;
  }
  if (*task_ack || *task_done) {
    return finish(elink::app::RunTaskUpdate(engine, actor, incident_id, task_id,
                                            *task_ack ? "acknowledged" : "done", note, lang,
                                            std::cout));
  }
  if (*task_escalate) return finish(elink::app::RunTaskEscalate(engine, actor, lang, std::cout));
  if (*assign) {
    std::vector<std::uint64_t> ids;
    if (!incidents_text.empty()) {
      auto parsed = elink::app::ParseList(incidents_text, "incidents", 200);
      if (!parsed.ok()) return Fail(parsed.status(), lang);
      for (const std::string& item : *parsed) {
        std::uint64_t v = 0;
        const auto [end, ec] = std::from_chars(item.data(), item.data() + item.size(), v);
        if (ec != std::errc() || end != item.data() + item.size()) {
          return Fail(Status::InvalidArgument(
                          "incidents", "'" + item.substr(0, 32) + "' is not an incident number"),
                      lang);
        }
        ids.push_back(v);
      }
    }
    auto router = elink::app::LoadRouter(graph_file, max_snap_m);
    if (!router.ok()) return Fail(router.status(), lang);
    return finish(
        elink::app::RunAssign(*engine.View(), *router, ids, lang, clock.Now(), std::cout));
  }
  if (*coverage) {
    const auto type = elink::core::ParseEnumField<elink::core::UnitType>(coverage_type, "type");
    if (!type.ok()) return Fail(type.status(), lang);
    coverage_opts.type = *type;
    coverage_opts.standard = std::chrono::minutes(coverage_minutes);
    auto router = elink::app::LoadRouter(graph_file, max_snap_m);
    if (!router.ok()) return Fail(router.status(), lang);
    const auto view = (*center)->engine().View();
    const Status s = elink::app::RunCoverage(*view, **router, coverage_opts, json_out, lang,
                                             clock.Now(), std::cout);
    return s.ok() ? kExitOk : Fail(s, lang);
  }
  if (*recommend) {
    auto router = elink::app::LoadRouter(graph_file, max_snap_m);
    if (!router.ok()) return Fail(router.status(), lang);
    const auto view = (*center)->engine().View();
    const Status s = elink::app::RunRecommend(*view, *router, incident_id, json_out, lang,
                                              clock.Now(), std::cout);
    return s.ok() ? kExitOk : Fail(s, lang);
  }
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
