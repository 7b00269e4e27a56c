// SPDX-License-Identifier: Apache-2.0
#include "app/center.hpp"

#include "app/key_file.hpp"
#include "core/region_loader.hpp"

#include <system_error>

namespace elink::app {

namespace {

Status CheckFormat(const store::EventLog& log, const std::filesystem::path& db) {
  ELINK_ASSIGN_OR_RETURN(auto format, log.GetMeta("center_format"));
  if (!format) {
    return Status::Corruption(db.string() + ": not an elink center (no center_format metadata)");
  }
  if (*format != kCenterFormat) {
    return Status::Corruption(db.string() + ": center format '" + *format +
                              "' is not supported by this build (expects '" +
                              std::string(kCenterFormat) + "')");
  }
  return {};
}

void RemoveQuietly(const std::filesystem::path& db) {
  std::error_code ec;
  for (const char* suffix : {"", "-wal", "-shm", ".keys"}) {
    std::filesystem::remove(db.string() + suffix, ec);
  }
}

}  // namespace

Result<std::unique_ptr<Center>> Center::Open(const CenterOptions& options, const Clock& clock) {
  if (options.db.empty()) return Status::InvalidArgument("db", "no database path given");
  std::error_code ec;
  if (!std::filesystem::exists(options.db, ec)) {
    return Status::NotFound(options.db.string() + ": no such center database", "db");
  }
  std::optional<CenterLock> lock;
  engine::EngineOptions engine_options = options.engine;
  if (options.read_only) {
    engine_options.snapshot_every = 0;
  } else {
    ELINK_ASSIGN_OR_RETURN(CenterLock held, CenterLock::Acquire(options.db));
    lock.emplace(std::move(held));
  }
  ELINK_ASSIGN_OR_RETURN(
      auto log, store::OpenSqliteLog(
                    {.path = options.db, .sync = options.sync, .read_only = options.read_only}));
  ELINK_RETURN_IF_ERROR(CheckFormat(*log, options.db));
  ELINK_ASSIGN_OR_RETURN(auto engine, engine::Engine::Open(*log, clock, engine_options));
  return std::unique_ptr<Center>(new Center(std::move(lock), std::move(log), std::move(engine)));
}

Center::Center(std::optional<CenterLock> lock, std::unique_ptr<store::EventLog> log,
               std::unique_ptr<engine::Engine> engine)
    : lock_(std::move(lock)), log_(std::move(log)), engine_(std::move(engine)) {}

Center::~Center() {
  if (engine_) engine_->Stop();
}

Result<InitReport> InitCenter(const std::filesystem::path& db,
                              const std::filesystem::path& region_dir, const Clock& clock) {
  // A server holding `db` is named before anything else is said about the file.
  std::error_code ec;
  const bool parent_exists =
      !db.has_parent_path() || std::filesystem::is_directory(db.parent_path(), ec);
  std::optional<CenterLock> lock;
  if (parent_exists) {
    ELINK_ASSIGN_OR_RETURN(CenterLock held, CenterLock::Acquire(db));
    lock.emplace(std::move(held));
  }
  if (std::filesystem::exists(db, ec)) {
    return Status::Conflict(db.string() + " already exists; a center is initialised only once",
                            "db");
  }
  // The region is loaded and checked in full before any file is created.
  ELINK_ASSIGN_OR_RETURN(core::Region region, core::LoadRegion(region_dir));
  InitReport report;
  report.region_id = region.id;
  report.organisations = region.organisations.size();
  report.grids = region.grids.size();
  report.stations = region.stations.size();
  report.units = region.units.size();
  report.plans = region.plans.size();

  auto result = [&]() -> Status {
    ELINK_ASSIGN_OR_RETURN(auto log, store::OpenSqliteLog({.path = db, .create_if_missing = true}));
    ELINK_RETURN_IF_ERROR(log->SetMeta("center_format", kCenterFormat));
    ELINK_RETURN_IF_ERROR(log->SetMeta("created_at", FormatTime(clock.Now())));
    ELINK_RETURN_IF_ERROR(log->SetMeta("region_source", region_dir.string()));
    ELINK_ASSIGN_OR_RETURN(auto engine, engine::Engine::Open(*log, clock, {}));
    auto reply = engine->Execute({"elink-init", "init", region::ImportRegion{std::move(region)}});
    engine->Stop();
    ELINK_RETURN_IF_ERROR(reply.status());
    report.head = log->Head();
    // The token keys live beside the database, never in it.
    ELINK_RETURN_IF_ERROR(WriteKeyFile(KeyFilePath(db), NewKeyRing(clock.Now())));
    return {};
  }();
  if (!result.ok()) {
    RemoveQuietly(db);
    return result;
  }
  return report;
}

}  // namespace elink::app
