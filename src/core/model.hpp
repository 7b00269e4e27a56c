#pragma once
// The domain model of a command center (DESIGN.md "Domain"): the organisation tree with its
// departments, grids, stations, units, response plans and incidents. Plain regular value types:
// copyable, comparable field for field, no behaviour beyond small helpers. The State (state.hpp)
// holds them; events (events.hpp) change them.

#include "core/enums.hpp"
#include "util/clock.hpp"
#include "util/status.hpp"
#include "util/strong_id.hpp"

#include <array>
#include <chrono>
#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace elink::core {

using OrgId = StrongId<struct OrgTag, std::string>;
using GridId = StrongId<struct GridTag, std::string>;
using StationId = StrongId<struct StationTag, std::string>;
using UnitId = StrongId<struct UnitTag, std::string>;
using PlanId = StrongId<struct PlanTag, std::string>;
using IncidentId = StrongId<struct IncidentTag, std::uint64_t>;
using AlertId = StrongId<struct AlertTag, std::uint64_t>;
using SensorId = StrongId<struct SensorTag, std::string>;

// WGS 84 degrees.
struct LatLon {
  double lat = 0;
  double lon = 0;
  friend auto operator<=>(const LatLon&, const LatLon&) = default;
};

// kInvalidArgument naming "lat" or "lon" when out of range or not finite.
Status ValidateLatLon(const LatLon& p);

// Great-circle distance in metres (haversine, mean Earth radius).
double HaversineMeters(const LatLon& a, const LatLon& b);

// A name in zh-CN (the default language) and in English.
struct Name {
  std::string zh;
  std::string en;
  friend auto operator<=>(const Name&, const Name&) = default;
};

struct Department {
  DepartmentKind kind = DepartmentKind::kEmergencyManagement;
  Name name;
  std::string phone;
  friend auto operator<=>(const Department&, const Department&) = default;
};

struct Organisation {
  OrgId id;
  Name name;
  OrgTier tier = OrgTier::kRegion;
  std::optional<OrgId> parent;  // empty only for the root (the region)
  std::vector<Department> departments;
  std::vector<OrgId> mutual_aid;  // organisations this one has a mutual-aid agreement with
  // Whether its incidents may get units of a neighbour it has no agreement with, when none of
  // its own or its agreements' arrive in time (or sooner). Unset: as the organisation above says
  // (allowed at the top). dispatch::AidWithoutAgreementAllowed reads it.
  std::optional<bool> aid_without_agreement;
  friend auto operator<=>(const Organisation&, const Organisation&) = default;
};

// A simple polygon: outer ring and holes, each ring closed (first point == last point).
struct Polygon {
  std::vector<LatLon> outer;
  std::vector<std::vector<LatLon>> holes;
  friend auto operator<=>(const Polygon&, const Polygon&) = default;
};

// True when `p` is inside `poly` (even-odd rule; points on the boundary count as inside or not
// arbitrarily but consistently).
bool Contains(const Polygon& poly, const LatLon& p);

// 网格: an area owned by a community; every point of the territory falls in one grid.
struct Grid {
  GridId id;
  Name name;
  OrgId community;
  std::vector<Polygon> area;  // one polygon, or several (MultiPolygon)
  friend auto operator<=>(const Grid&, const Grid&) = default;
};

struct Station {
  StationId id;
  Name name;
  StationKind kind = StationKind::kFireStation;
  OrgId org;
  LatLon location;
  std::string address;
  friend auto operator<=>(const Station&, const Station&) = default;
};

struct Unit {
  UnitId id;
  Name name;  // e.g. 特勤一站水罐车 / Station 1 Engine
  UnitType type = UnitType::kEngine;
  std::vector<Capability> capabilities;  // sorted, unique
  StationId station;
  OrgId org;
  int crew = 0;
  // Dynamic part, changed by events.
  UnitStatus status = UnitStatus::kAvailable;
  TimePoint status_since{};
  std::optional<IncidentId> incident;  // set while dispatched, en route or on scene
  std::optional<LatLon> position;      // last AVL report
  std::optional<TimePoint> position_at;
  // Reference data edited live (region/): the log sequence number of the unit's last edit (none:
  // as imported), which an edit names to be sure it changes what its author saw; and when the
  // unit was retired (it stays, out of service, for the history that names it).
  std::optional<std::uint64_t> revision;
  std::optional<TimePoint> retired_at;
  friend auto operator<=>(const Unit&, const Unit&) = default;

  [[nodiscard]] bool Has(Capability c) const;
};

// One line of a plan: `count` units of a type or with a capability, arriving within the time.
struct PlanRequirement {
  std::optional<UnitType> unit_type;
  std::optional<Capability> capability;
  int count = 1;
  int within_minutes = 0;
  friend auto operator<=>(const PlanRequirement&, const PlanRequirement&) = default;
};

struct PlanTask {
  DepartmentKind department = DepartmentKind::kEmergencyManagement;
  Name task;
  int ack_within_minutes = 0;
  friend auto operator<=>(const PlanTask&, const PlanTask&) = default;
};

struct PlanLevel {
  IncidentLevel level = IncidentLevel::kIV;
  OrgTier command_tier = OrgTier::kDistrict;  // who commands: IV district, III city, II region
  std::vector<PlanRequirement> units;
  std::vector<PlanTask> tasks;
  std::vector<Name> checklist;
  friend auto operator<=>(const PlanLevel&, const PlanLevel&) = default;
};

// 应急预案: what an incident type needs at each level. Levels are additive: a level-II response
// has everything level IV and III have, plus its own lines.
struct Plan {
  PlanId id;
  Name name;
  std::vector<std::string> incident_types;  // codes from the incident type catalogue
  std::vector<PlanLevel> levels;            // ordered IV → I
  friend auto operator<=>(const Plan&, const Plan&) = default;
};

// What happened to an incident, one line per event, for its chronology view.
struct ChronologyEntry {
  std::uint64_t seq = 0;
  TimePoint at{};
  std::string actor;
  std::string what;    // event type code, e.g. "incident_status_changed"
  std::string detail;  // machine-readable detail, e.g. "reported>verified" or a unit id
  friend auto operator<=>(const ChronologyEntry&, const ChronologyEntry&) = default;
};

// 多部门联动: a department's task for one incident, made when the incident's plan is activated
// (or its level raised). Not acknowledged by `due`, it is escalated to the same department one
// level up (or that level's emergency management office), with a new deadline.
struct DepartmentTask {
  std::uint32_t id = 0;  // 1-based within the incident
  DepartmentKind department = DepartmentKind::kEmergencyManagement;
  Name task;
  IncidentLevel level = IncidentLevel::kIV;  // the plan level that asked for it
  OrgId org;                                 // whose department holds it now
  int ack_within_minutes = 0;
  TaskStatus status = TaskStatus::kPending;
  TimePoint created_at{};
  TimePoint due{};  // acknowledgement deadline, renewed on each escalation
  std::uint32_t escalations = 0;
  std::optional<TimePoint> acknowledged_at;
  std::string acknowledged_by;
  std::optional<TimePoint> done_at;
  std::string note;  // the department's last word on it (acknowledgement or completion)
  friend auto operator<=>(const DepartmentTask&, const DepartmentTask&) = default;

  [[nodiscard]] bool Overdue(TimePoint now) const {
    return status == TaskStatus::kPending && due <= now;
  }
};

// 现场照片: a photo sent with a report (a citizen's phone). The bytes are kept in the event log
// only, in the incident_photo_attached event that attached them; the state keeps this description.
struct IncidentPhoto {
  std::uint32_t index = 0;  // 1-based within the incident
  std::string media_type;   // one of kPhotoMediaTypes
  std::uint64_t size = 0;   // bytes
  std::string sha256;       // of the bytes, 64 lowercase hex digits
  std::uint64_t seq = 0;    // the event that holds the bytes
  TimePoint attached_at{};
  friend auto operator<=>(const IncidentPhoto&, const IncidentPhoto&) = default;
};

// Largest photo accepted, in bytes (decoded).
inline constexpr std::size_t kMaxPhotoBytes = std::size_t{2} << 20;
// The media types a photo may have.
inline constexpr std::array<std::string_view, 3> kPhotoMediaTypes = {"image/jpeg", "image/png",
                                                                     "image/webp"};

// kInvalidArgument naming "media_type" (not one of kPhotoMediaTypes) or "data" (empty, over
// kMaxPhotoBytes, or bytes that do not begin as a file of that type does: JPEG FF D8 FF, PNG's
// 8-byte signature, WebP "RIFF" <size> "WEBP").
Status CheckPhoto(std::string_view media_type, std::string_view bytes);

// Bytes carried as they are (a photo in an event); the codec writes them as base64.
struct Blob {
  std::string bytes;
  friend auto operator<=>(const Blob&, const Blob&) = default;
};

struct Casualties {
  int injured = 0;
  int dead = 0;
  int trapped = 0;
  int missing = 0;
  friend auto operator<=>(const Casualties&, const Casualties&) = default;
};

struct Incident {
  IncidentId id;
  std::string type;  // code from the incident type catalogue, e.g. "fire.residential"
  IncidentCategory category = IncidentCategory::kAccident;
  IncidentLevel level = IncidentLevel::kIV;
  IncidentStatus status = IncidentStatus::kReported;
  IncidentSource source = IncidentSource::kCall;
  LatLon location;
  std::string address;
  std::optional<GridId> grid;
  std::optional<OrgId> jurisdiction;
  // Other organisations the incident is explicitly shared with (sorted, unique): each of them,
  // and everyone above it, sees and acts on the incident as if it were in its own jurisdiction
  // (auth/policy.hpp).
  std::vector<OrgId> shared_with;
  std::string description;
  std::string reporter_name;
  std::string reporter_phone;
  Casualties casualties;
  bool exercise = false;  // drill incident: kept out of real statistics
  TimePoint reported_at{};
  std::optional<TimePoint> verified_at;
  std::optional<TimePoint> dispatched_at;
  std::optional<TimePoint> on_scene_at;
  std::optional<TimePoint> controlled_at;
  std::optional<TimePoint> closed_at;
  std::vector<UnitId> units;  // every unit ever dispatched to it, in order
  std::optional<IncidentId> merged_into;
  std::vector<IncidentId> merged_from;
  // The activated plan and the most severe level activated so far (tasks of every level from IV
  // to it exist); empty until the incident is verified.
  std::optional<PlanId> plan;
  std::optional<IncidentLevel> plan_level;
  std::vector<DepartmentTask> tasks;
  std::vector<ChronologyEntry> chronology;
  std::vector<IncidentPhoto> photos;  // in index order
  friend auto operator<=>(const Incident&, const Incident&) = default;

  [[nodiscard]] bool IsOpen() const;
};

// Where a public warning applies: a circle, as CAP 1.2 <area><circle> has it.
struct AlertArea {
  Name description;  // CAP <areaDesc>, e.g. "滨海新区沿海低洼地带"
  LatLon center;
  double radius_km = 0;
  friend auto operator<=>(const AlertArea&, const AlertArea&) = default;
};

// What a commander publishes about an alert (预警信息发布): the parts of one CAP 1.2 <info>,
// written in zh-CN and English. Shared by the command, the event and the Alert.
struct AlertContent {
  OrgId org;  // the issuing jurisdiction
  AlertLevel level = AlertLevel::kBlue;
  AlertCategory category = AlertCategory::kOther;
  AlertUrgency urgency = AlertUrgency::kExpected;
  AlertCertainty certainty = AlertCertainty::kLikely;
  Name event;     // what kind of hazard: "暴雨" / "Rainstorm"
  Name headline;  // one line
  Name description;
  Name instruction;  // what people should do
  AlertArea area;
  std::optional<IncidentId> incident;  // the incident it is about, if any
  bool exercise = false;               // drill: CAP status "Exercise", not on the public feed
  TimePoint expires{};
  friend auto operator<=>(const AlertContent&, const AlertContent&) = default;
};

struct Alert {
  AlertId id;
  AlertContent content;
  TimePoint sent{};    // when it was published (CAP <sent>, <effective>)
  std::string sender;  // the user who published it
  std::optional<TimePoint> cancelled_at;
  std::string cancel_reason;
  friend auto operator<=>(const Alert&, const Alert&) = default;

  // Published, not cancelled and not yet expired at `now`.
  [[nodiscard]] bool IsActive(TimePoint now) const {
    return !cancelled_at.has_value() && now < content.expires;
  }
};

// Monitoring (监测预警). A sensor's level thresholds: each colour optional, at least one given, and
// those given finite and strictly increasing blue < yellow < orange < red. A reading at or above a
// threshold is at that level.
struct SensorThresholds {
  std::optional<double> blue;
  std::optional<double> yellow;
  std::optional<double> orange;
  std::optional<double> red;
  friend auto operator<=>(const SensorThresholds&, const SensorThresholds&) = default;
};

// Longest sensor unit text ("m", "mm/h", "ppm"), in bytes.
inline constexpr std::size_t kMaxSensorUnitBytes = 16;
// The rate-of-rise window, in minutes: default and bounds.
inline constexpr int kDefaultRiseWindowMinutes = 60;
inline constexpr int kMinRiseWindowMinutes = 5;
inline constexpr int kMaxRiseWindowMinutes = 24 * 60;

// A rate-of-rise rule: a rise of at least `per_hour` (in the sensor's unit per hour) over the
// last `window_minutes` puts the sensor at `level` (a colour, never none): a river rising fast
// is a warning before it reaches a threshold.
struct RiseRule {
  double per_hour = 0;
  SensorLevel level = SensorLevel::kYellow;
  int window_minutes = kDefaultRiseWindowMinutes;
  friend auto operator<=>(const RiseRule&, const RiseRule&) = default;
};

// A sensor as configured (sensors.toml): what it measures, where, whose it is, its rules.
struct Sensor {
  SensorId id;
  Name name;
  SensorKind kind = SensorKind::kWaterLevel;
  std::string unit;  // free text, at most kMaxSensorUnitBytes
  LatLon location;
  OrgId org;  // jurisdiction: who may post its readings
  SensorThresholds thresholds;
  std::optional<RiseRule> rise;
  friend auto operator<=>(const Sensor&, const Sensor&) = default;
};

// One reading and the level it put the sensor at.
struct Reading {
  TimePoint at{};
  double value = 0;
  SensorLevel level = SensorLevel::kNone;
  friend auto operator<=>(const Reading&, const Reading&) = default;
};

// A sensor's recent readings and its level. Readings are in time order and bounded: those within
// kReadingRetention (or the rise window, when longer) of the newest, at most kMaxReadingsKept.
struct SensorTrack {
  std::vector<Reading> readings;
  SensorLevel level = SensorLevel::kNone;
  TimePoint level_since{};  // the reading that brought the level (the import, for the first)
  Name reason;              // why it is at that level, as the level change said
  friend auto operator<=>(const SensorTrack&, const SensorTrack&) = default;
};

inline constexpr std::chrono::minutes kReadingRetention{120};
inline constexpr std::size_t kMaxReadingsKept = 256;

// A sensor in the state: its configuration, the real track and the drills' track. Drill
// (exercise) readings move only `exercise`, so a drill never raises or lowers the real level.
struct SensorState {
  Sensor sensor;
  SensorTrack live;
  SensorTrack exercise;
  friend auto operator<=>(const SensorState&, const SensorState&) = default;

  [[nodiscard]] const SensorTrack& Track(bool is_exercise) const {
    return is_exercise ? exercise : live;
  }
};

// Longest user name, in bytes.
inline constexpr std::size_t kMaxUserNameBytes = 64;

// A person (or a device account, e.g. an AVL gateway) who signs in to `elink serve`. Their role
// says what they may do, their organisation where: its subtree (auth/policy.hpp, docs/auth.md).
// Users are disabled, never removed, so a name in the event log's `actor` always means one user.
struct User {
  std::string name;  // login: [a-z0-9._-]{1,64} (IsValidUserName)
  Name display;
  Role role = Role::kViewer;
  OrgId org;
  // The argon2id encoded string (crypto_pwhash_str: algorithm, parameters, salt and hash).
  // SECRET: never part of API output, logs or messages; views of a user must leave it out.
  std::string password_hash;
  bool disabled = false;
  TimePoint created_at{};
  // Part of every token issued to the user; bumped (password change, disabling, revocation) so
  // that every token issued before stops working.
  std::uint32_t token_version = 0;
  friend auto operator<=>(const User&, const User&) = default;
};

// True when `name` is 1 to 64 bytes of a-z, 0-9, '.', '_' and '-'.
bool IsValidUserName(std::string_view name);

// True when `encoded` has the form of an argon2id string from crypto_pwhash_str:
// "$argon2id$v=19$m=<n>,t=<n>,p=<n>$<salt>$<hash>" (salt and hash in unpadded base64), at most
// 127 bytes. Only the form: whether it verifies is auth::VerifyPassword's business.
bool IsArgon2idHash(std::string_view encoded);

// A region's reference data as configured: what `elink init` loads into a new center.
struct Region {
  std::string id;
  Name name;
  std::vector<Organisation> organisations;
  std::vector<Grid> grids;
  std::vector<Station> stations;
  std::vector<Unit> units;
  std::vector<Plan> plans;
  std::vector<Sensor> sensors;  // sensors.toml; none when the file is absent
  friend auto operator<=>(const Region&, const Region&) = default;
};

// Checks the referential integrity of a region: unique ids, one root, parents that exist and
// form a tree with tiers going down, grids owned by communities, units at stations, plans for
// known incident types, sensors with sane thresholds and rules at organisations that exist.
// kInvalidArgument naming the field ("units[3].station") on the first error.
Status ValidateRegion(const Region& region);

// Limits of a unit's reference data.
inline constexpr std::size_t kMaxUnitIdBytes = 64;
inline constexpr std::size_t kMaxUnitNameBytes = 200;
inline constexpr int kMaxCrew = 200;
// A unit's own reference fields (id, names, crew, capabilities sorted and unique), as the region
// loader and a live edit check them; kInvalidArgument naming "<path>.<field>". Its station and
// organisation are checked against the region or the state by the caller.
Status ValidateUnitReference(const Unit& unit, const std::string& path);

}  // namespace elink::core
