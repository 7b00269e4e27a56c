#pragma once
// The composition root of a command center: configuration → store → engine (later: → api).
// app/ is the only module that sees all the others; tools/ mains call into it.
//
//   ELINK_ASSIGN_OR_RETURN(auto center, app::Center::Open({.db = "center.db"}, clock));
//   center->engine().Execute(...);

#include "app/center_lock.hpp"
#include "engine/engine.hpp"
#include "store/event_log.hpp"
#include "util/clock.hpp"
#include "util/status.hpp"

#include <filesystem>
#include <memory>
#include <optional>
#include <string>

namespace elink::app {

// Format of the center database that this build writes; stored in the log's metadata.
inline constexpr std::string_view kCenterFormat = "elink-center/1";

struct CenterOptions {
  // REQUIRES: not empty.
  std::filesystem::path db;
  // Default: true. fsync on every commit; turn off only for throwaway benchmarks.
  bool sync = true;
  engine::EngineOptions engine;
  // Default: false. Opens the log read-only, without the center's lock and writing no snapshot:
  // for commands that only read (lists, drill reports), which then work beside a running server.
  // Every command is refused (the log takes no writes).
  bool read_only = false;
};

// A running center: its log and its engine. Not copyable. `clock` must outlive it.
class Center {
 public:
  // Opens an existing center database and recovers its state, holding the center's lock
  // (center_lock.hpp) for the Center's life unless `options.read_only`. kNotFound when the file
  // does not exist; kFailedPrecondition naming the holder's pid when another process (a server)
  // holds the lock; kCorruption when it is not an elink center or does not replay; kIOError
  // otherwise.
  static Result<std::unique_ptr<Center>> Open(const CenterOptions& options, const Clock& clock);

  Center(const Center&) = delete;
  Center& operator=(const Center&) = delete;
  ~Center();

  engine::Engine& engine() { return *engine_; }
  store::EventLog& log() { return *log_; }

 private:
  Center(std::optional<CenterLock> lock, std::unique_ptr<store::EventLog> log,
         std::unique_ptr<engine::Engine> engine);
  std::optional<CenterLock> lock_;  // declared first: released last; none when read-only
  std::unique_ptr<store::EventLog> log_;
  std::unique_ptr<engine::Engine> engine_;  // declared after log_: destroyed first
};

struct InitReport {
  std::string region_id;
  std::size_t organisations = 0;
  std::size_t grids = 0;
  std::size_t stations = 0;
  std::size_t units = 0;
  std::size_t plans = 0;
  store::LogHead head;
};

// Creates a new center database at `db` from the region configuration in `region_dir`, and its
// token key file (key_file.hpp: `<db>.keys`, mode 0600, one new key), holding the center's lock.
// kFailedPrecondition when another process holds the lock; kAlreadyExists-like kConflict when
// `db` exists; the region loader's errors (file, line, field)
// when the configuration is bad, in which case no database file is left behind.
Result<InitReport> InitCenter(const std::filesystem::path& db,
                              const std::filesystem::path& region_dir, const Clock& clock);

}  // namespace elink::app
