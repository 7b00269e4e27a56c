// SPDX-License-Identifier: Apache-2.0
#include "core/codec.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cstddef>
#include <exception>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

namespace elink::core {

namespace {

using Json = nlohmann::json;

// A snapshot written by this build; DecodeState rejects any other so that an old binary never
// misreads a newer snapshot as a damaged one or, worse, as a valid one.
// 5: incidents have photos (IncidentPhoto). 6: sensors with their live and exercise tracks
// (SensorState). An older snapshot is not read: the engine replays the log instead (engine.cpp,
// Recover), which rebuilds the sensors from the region_imported event.
constexpr int kStateFormat = 6;

// Longest user-supplied text (a code, a key, an event type) quoted in an error message.
constexpr std::size_t kMaxQuoted = 64;
// Longest parser message kept; nlohmann's name the position and what it expected.
constexpr std::size_t kMaxParserMessage = 256;

// One field of a struct: its JSON name and where it lives. The same list drives encoding and
// decoding, so the two cannot drift apart.
// `omit_empty`: a list added after logs were written (Region::sensors). Empty, it is left out, so
// that the events of older logs read and re-encode as they were; present, it must not be empty
// (one spelling per value).
template <typename C, typename M>
struct Field {
  std::string_view name;
  M C::*member;
  bool omit_empty = false;
};

template <typename C, typename M>
constexpr Field<C, M> F(std::string_view name, M C::*member) {
  return {name, member, false};
}

template <typename C, typename M>
constexpr Field<C, M> FOmitEmpty(std::string_view name, M C::*member) {
  return {name, member, true};
}

template <typename T, template <typename...> class Template>
constexpr bool kIsInstanceOf = false;
template <template <typename...> class Template, typename... Args>
constexpr bool kIsInstanceOf<Template<Args...>, Template> = true;

template <typename T>
constexpr bool kIsOptional = kIsInstanceOf<T, std::optional>;

// The field list of each struct, as a tuple of Field. Specialised below for every type that is
// encoded as a JSON object.
template <typename T>
constexpr std::tuple<> kFields{};

template <typename T>
constexpr bool kHasFields = std::tuple_size_v<std::remove_cvref_t<decltype(kFields<T>)>> > 0;

template <>
constexpr auto kFields<LatLon> = std::tuple{F("lat", &LatLon::lat), F("lon", &LatLon::lon)};

template <>
constexpr auto kFields<Name> = std::tuple{F("zh", &Name::zh), F("en", &Name::en)};

template <>
constexpr auto kFields<Department> = std::tuple{
    F("kind", &Department::kind), F("name", &Department::name), F("phone", &Department::phone)};

template <>
constexpr auto kFields<Organisation> = std::tuple{F("id", &Organisation::id),
                                                  F("name", &Organisation::name),
                                                  F("tier", &Organisation::tier),
                                                  F("parent", &Organisation::parent),
                                                  F("departments", &Organisation::departments),
                                                  F("mutual_aid", &Organisation::mutual_aid)};

template <>
constexpr auto kFields<Polygon> =
    std::tuple{F("outer", &Polygon::outer), F("holes", &Polygon::holes)};

template <>
constexpr auto kFields<Grid> = std::tuple{F("id", &Grid::id), F("name", &Grid::name),
                                          F("community", &Grid::community), F("area", &Grid::area)};

template <>
constexpr auto kFields<Station> = std::tuple{
    F("id", &Station::id),   F("name", &Station::name),         F("kind", &Station::kind),
    F("org", &Station::org), F("location", &Station::location), F("address", &Station::address)};

template <>
constexpr auto kFields<Unit> = std::tuple{F("id", &Unit::id),
                                          F("name", &Unit::name),
                                          F("type", &Unit::type),
                                          F("capabilities", &Unit::capabilities),
                                          F("station", &Unit::station),
                                          F("org", &Unit::org),
                                          F("crew", &Unit::crew),
                                          F("status", &Unit::status),
                                          F("status_since", &Unit::status_since),
                                          F("incident", &Unit::incident),
                                          F("position", &Unit::position),
                                          F("position_at", &Unit::position_at)};

template <>
constexpr auto kFields<PlanRequirement> = std::tuple{
    F("unit_type", &PlanRequirement::unit_type), F("capability", &PlanRequirement::capability),
    F("count", &PlanRequirement::count), F("within_minutes", &PlanRequirement::within_minutes)};

template <>
constexpr auto kFields<PlanTask> =
    std::tuple{F("department", &PlanTask::department), F("task", &PlanTask::task),
               F("ack_within_minutes", &PlanTask::ack_within_minutes)};

template <>
constexpr auto kFields<PlanLevel> =
    std::tuple{F("level", &PlanLevel::level), F("command_tier", &PlanLevel::command_tier),
               F("units", &PlanLevel::units), F("tasks", &PlanLevel::tasks),
               F("checklist", &PlanLevel::checklist)};

template <>
constexpr auto kFields<Plan> =
    std::tuple{F("id", &Plan::id), F("name", &Plan::name),
               F("incident_types", &Plan::incident_types), F("levels", &Plan::levels)};

template <>
constexpr auto kFields<ChronologyEntry> =
    std::tuple{F("seq", &ChronologyEntry::seq), F("at", &ChronologyEntry::at),
               F("actor", &ChronologyEntry::actor), F("what", &ChronologyEntry::what),
               F("detail", &ChronologyEntry::detail)};

template <>
constexpr auto kFields<DepartmentTask> =
    std::tuple{F("id", &DepartmentTask::id),
               F("department", &DepartmentTask::department),
               F("task", &DepartmentTask::task),
               F("level", &DepartmentTask::level),
               F("org", &DepartmentTask::org),
               F("ack_within_minutes", &DepartmentTask::ack_within_minutes),
               F("status", &DepartmentTask::status),
               F("created_at", &DepartmentTask::created_at),
               F("due", &DepartmentTask::due),
               F("escalations", &DepartmentTask::escalations),
               F("acknowledged_at", &DepartmentTask::acknowledged_at),
               F("acknowledged_by", &DepartmentTask::acknowledged_by),
               F("done_at", &DepartmentTask::done_at),
               F("note", &DepartmentTask::note)};

template <>
constexpr auto kFields<Casualties> =
    std::tuple{F("injured", &Casualties::injured), F("dead", &Casualties::dead),
               F("trapped", &Casualties::trapped), F("missing", &Casualties::missing)};

// What a report says about an incident: shared by the IncidentReported event and the Incident it
// creates, which spell these fields the same way.
template <typename C>
constexpr auto ReportFields() {
  return std::tuple{F("type", &C::type),
                    F("level", &C::level),
                    F("source", &C::source),
                    F("location", &C::location),
                    F("address", &C::address),
                    F("grid", &C::grid),
                    F("jurisdiction", &C::jurisdiction),
                    F("description", &C::description),
                    F("reporter_name", &C::reporter_name),
                    F("reporter_phone", &C::reporter_phone),
                    F("casualties", &C::casualties),
                    F("exercise", &C::exercise)};
}

template <>
constexpr auto kFields<IncidentPhoto> =
    std::tuple{F("index", &IncidentPhoto::index), F("media_type", &IncidentPhoto::media_type),
               F("size", &IncidentPhoto::size),   F("sha256", &IncidentPhoto::sha256),
               F("seq", &IncidentPhoto::seq),     F("attached_at", &IncidentPhoto::attached_at)};

template <>
constexpr auto kFields<Incident> = std::tuple_cat(
    ReportFields<Incident>(),
    std::tuple{
        F("id", &Incident::id), F("category", &Incident::category), F("status", &Incident::status),
        F("reported_at", &Incident::reported_at), F("verified_at", &Incident::verified_at),
        F("dispatched_at", &Incident::dispatched_at), F("on_scene_at", &Incident::on_scene_at),
        F("controlled_at", &Incident::controlled_at), F("closed_at", &Incident::closed_at),
        F("units", &Incident::units), F("merged_into", &Incident::merged_into),
        F("merged_from", &Incident::merged_from), F("plan", &Incident::plan),
        F("plan_level", &Incident::plan_level), F("tasks", &Incident::tasks),
        F("chronology", &Incident::chronology), F("shared_with", &Incident::shared_with),
        F("photos", &Incident::photos)});

template <>
constexpr auto kFields<User> = std::tuple{F("name", &User::name),
                                          F("display", &User::display),
                                          F("role", &User::role),
                                          F("org", &User::org),
                                          F("password_hash", &User::password_hash),
                                          F("disabled", &User::disabled),
                                          F("created_at", &User::created_at),
                                          F("token_version", &User::token_version)};

template <>
constexpr auto kFields<Region> = std::tuple{F("id", &Region::id),
                                            F("name", &Region::name),
                                            F("organisations", &Region::organisations),
                                            F("grids", &Region::grids),
                                            F("stations", &Region::stations),
                                            F("units", &Region::units),
                                            F("plans", &Region::plans),
                                            FOmitEmpty("sensors", &Region::sensors)};

template <>
constexpr auto kFields<RegionImported> = std::tuple{F("region", &RegionImported::region)};

template <>
constexpr auto kFields<IncidentReported> =
    std::tuple_cat(std::tuple{F("id", &IncidentReported::id)}, ReportFields<IncidentReported>());

// The from/to/reason of a status or level change; the subject's field differs per event.
template <typename C>
constexpr auto TransitionFields() {
  return std::tuple{F("from", &C::from), F("to", &C::to), F("reason", &C::reason)};
}

template <>
constexpr auto kFields<IncidentStatusChanged> = std::tuple_cat(
    std::tuple{F("id", &IncidentStatusChanged::id)}, TransitionFields<IncidentStatusChanged>());

template <>
constexpr auto kFields<IncidentLevelChanged> = std::tuple_cat(
    std::tuple{F("id", &IncidentLevelChanged::id)}, TransitionFields<IncidentLevelChanged>());

template <>
constexpr auto kFields<UnitStatusChanged> = std::tuple_cat(std::tuple{F("unit",
                                                                        &UnitStatusChanged::unit)},
                                                           TransitionFields<UnitStatusChanged>());

template <>
constexpr auto kFields<IncidentsMerged> =
    std::tuple{F("duplicate", &IncidentsMerged::duplicate), F("into", &IncidentsMerged::into)};

template <>
constexpr auto kFields<UnitDispatched> =
    std::tuple{F("unit", &UnitDispatched::unit), F("incident", &UnitDispatched::incident)};

template <>
constexpr auto kFields<PlanActivated> =
    std::tuple{F("incident", &PlanActivated::incident), F("plan", &PlanActivated::plan),
               F("level", &PlanActivated::level), F("tasks", &PlanActivated::tasks)};

template <>
constexpr auto kFields<TaskUpdated> =
    std::tuple{F("incident", &TaskUpdated::incident), F("task", &TaskUpdated::task),
               F("to", &TaskUpdated::to), F("note", &TaskUpdated::note)};

template <>
constexpr auto kFields<TaskEscalated> = std::tuple{
    F("incident", &TaskEscalated::incident), F("task", &TaskEscalated::task),
    F("from", &TaskEscalated::from), F("to", &TaskEscalated::to), F("due", &TaskEscalated::due)};

template <>
constexpr auto kFields<UnitPositionReported> =
    std::tuple{F("unit", &UnitPositionReported::unit),
               F("position", &UnitPositionReported::position), F("at", &UnitPositionReported::at)};

template <>
constexpr auto kFields<IncidentShared> =
    std::tuple{F("incident", &IncidentShared::incident), F("org", &IncidentShared::org)};

template <>
constexpr auto kFields<IncidentUnshared> =
    std::tuple{F("incident", &IncidentUnshared::incident), F("org", &IncidentUnshared::org)};

template <>
constexpr auto kFields<UserAdded> = std::tuple{
    F("name", &UserAdded::name), F("display", &UserAdded::display), F("role", &UserAdded::role),
    F("org", &UserAdded::org), F("password_hash", &UserAdded::password_hash)};

template <>
constexpr auto kFields<UserRoleChanged> =
    std::tuple{F("name", &UserRoleChanged::name), F("role", &UserRoleChanged::role),
               F("org", &UserRoleChanged::org)};

template <>
constexpr auto kFields<UserPasswordChanged> = std::tuple{
    F("name", &UserPasswordChanged::name), F("password_hash", &UserPasswordChanged::password_hash)};

template <>
constexpr auto kFields<UserDisabled> = std::tuple{F("name", &UserDisabled::name)};

template <>
constexpr auto kFields<UserEnabled> = std::tuple{F("name", &UserEnabled::name)};

template <>
constexpr auto kFields<UserTokensRevoked> = std::tuple{F("name", &UserTokensRevoked::name)};

template <>
constexpr auto kFields<AlertArea> =
    std::tuple{F("description", &AlertArea::description), F("center", &AlertArea::center),
               F("radius_km", &AlertArea::radius_km)};

template <>
constexpr auto kFields<AlertContent> = std::tuple{F("org", &AlertContent::org),
                                                  F("level", &AlertContent::level),
                                                  F("category", &AlertContent::category),
                                                  F("urgency", &AlertContent::urgency),
                                                  F("certainty", &AlertContent::certainty),
                                                  F("event", &AlertContent::event),
                                                  F("headline", &AlertContent::headline),
                                                  F("description", &AlertContent::description),
                                                  F("instruction", &AlertContent::instruction),
                                                  F("area", &AlertContent::area),
                                                  F("incident", &AlertContent::incident),
                                                  F("exercise", &AlertContent::exercise),
                                                  F("expires", &AlertContent::expires)};

template <>
constexpr auto kFields<Alert> = std::tuple{F("id", &Alert::id),
                                           F("content", &Alert::content),
                                           F("sent", &Alert::sent),
                                           F("sender", &Alert::sender),
                                           F("cancelled_at", &Alert::cancelled_at),
                                           F("cancel_reason", &Alert::cancel_reason)};

template <>
constexpr auto kFields<AlertPublished> =
    std::tuple{F("id", &AlertPublished::id), F("content", &AlertPublished::content)};

template <>
constexpr auto kFields<AlertCancelled> =
    std::tuple{F("id", &AlertCancelled::id), F("reason", &AlertCancelled::reason)};

template <>
constexpr auto kFields<IncidentPhotoAttached> = std::tuple{
    F("incident", &IncidentPhotoAttached::incident),     F("photo", &IncidentPhotoAttached::photo),
    F("media_type", &IncidentPhotoAttached::media_type), F("size", &IncidentPhotoAttached::size),
    F("sha256", &IncidentPhotoAttached::sha256),         F("data", &IncidentPhotoAttached::data)};

template <>
constexpr auto kFields<SensorThresholds> =
    std::tuple{F("blue", &SensorThresholds::blue), F("yellow", &SensorThresholds::yellow),
               F("orange", &SensorThresholds::orange), F("red", &SensorThresholds::red)};

template <>
constexpr auto kFields<RiseRule> =
    std::tuple{F("per_hour", &RiseRule::per_hour), F("level", &RiseRule::level),
               F("window_minutes", &RiseRule::window_minutes)};

template <>
constexpr auto kFields<Sensor> = std::tuple{F("id", &Sensor::id),
                                            F("name", &Sensor::name),
                                            F("kind", &Sensor::kind),
                                            F("unit", &Sensor::unit),
                                            F("location", &Sensor::location),
                                            F("org", &Sensor::org),
                                            F("thresholds", &Sensor::thresholds),
                                            F("rise", &Sensor::rise)};

template <>
constexpr auto kFields<Reading> =
    std::tuple{F("at", &Reading::at), F("value", &Reading::value), F("level", &Reading::level)};

template <>
constexpr auto kFields<SensorTrack> =
    std::tuple{F("readings", &SensorTrack::readings), F("level", &SensorTrack::level),
               F("level_since", &SensorTrack::level_since), F("reason", &SensorTrack::reason)};

template <>
constexpr auto kFields<SensorState> =
    std::tuple{F("sensor", &SensorState::sensor), F("live", &SensorState::live),
               F("exercise", &SensorState::exercise)};

template <>
constexpr auto kFields<ReadingRecorded> =
    std::tuple{F("sensor", &ReadingRecorded::sensor), F("at", &ReadingRecorded::at),
               F("value", &ReadingRecorded::value), F("level", &ReadingRecorded::level),
               F("exercise", &ReadingRecorded::exercise)};

template <>
constexpr auto kFields<SensorLevelChanged> =
    std::tuple{F("sensor", &SensorLevelChanged::sensor),
               F("from", &SensorLevelChanged::from),
               F("to", &SensorLevelChanged::to),
               F("reason_zh", &SensorLevelChanged::reason_zh),
               F("reason_en", &SensorLevelChanged::reason_en),
               F("exercise", &SensorLevelChanged::exercise)};

// The key a map of the State holds a value under, and the value's field that holds it.
template <typename V>
const auto& KeyOf(const V& value) {
  if constexpr (std::is_same_v<V, User>) {
    return value.name;
  } else if constexpr (std::is_same_v<V, SensorState>) {
    return value.sensor.id;
  } else {
    return value.id;
  }
}

template <typename V>
constexpr std::string_view kKeyField = std::is_same_v<V, User>          ? "name"
                                       : std::is_same_v<V, SensorState> ? "sensor.id"
                                                                        : "id";

std::string KeyText(const std::string& key) { return key; }
template <typename Id>
std::string KeyText(const Id& key) {
  return ToString(key);
}

}  // namespace

// Friend of State (state.hpp): the only code outside State that sees its private fields.
struct StateCodec {
  static constexpr auto Fields() {
    return std::tuple{F("last_seq", &State::last_seq_),
                      F("last_event_at", &State::last_event_at_),
                      F("region_id", &State::region_id_),
                      F("region_name", &State::region_name_),
                      F("next_incident_id", &State::next_incident_id_),
                      F("orgs", &State::orgs_),
                      F("grids", &State::grids_),
                      F("stations", &State::stations_),
                      F("units", &State::units_),
                      F("plans", &State::plans_),
                      F("incidents", &State::incidents_),
                      F("users", &State::users_),
                      F("next_alert_id", &State::next_alert_id_),
                      F("alerts", &State::alerts_),
                      F("sensors", &State::sensors_)};
  }
};

namespace {

template <>
constexpr auto kFields<State> = StateCodec::Fields();

// ---------------------------------------------------------------------------------------------
// Encoding

// Invalid UTF-8 cannot come from our own inputs (the API's JSON parser and the TOML loader both
// reject it), so replacing it with U+FFFD only matters for a programmer error, and there it beats
// throwing out of an encoder that has no way to report failure.
std::string Dump(const Json& j) { return j.dump(-1, ' ', false, Json::error_handler_t::replace); }

template <typename T>
Json ToJson(const T& value) {
  if constexpr (std::is_same_v<T, std::string> || std::is_arithmetic_v<T>) {
    return value;
  } else if constexpr (std::is_same_v<T, Blob>) {
    return EncodeBase64(value.bytes);
  } else if constexpr (std::is_enum_v<T>) {
    return std::string(CodeOf(value));
  } else if constexpr (std::is_same_v<T, TimePoint>) {
    return ToUnixMillis(value);
  } else if constexpr (kIsInstanceOf<T, StrongId>) {
    return ToJson(value.value());
  } else if constexpr (kIsInstanceOf<T, std::vector>) {
    Json out = Json::array();
    for (const auto& item : value) out.push_back(ToJson(item));
    return out;
  } else if constexpr ((kIsInstanceOf<T, std::map> || kIsInstanceOf<T, CowMap>)) {
    // The map key is the value's own id, so the values alone say everything.
    Json out = Json::array();
    for (const auto& [key, item] : value) out.push_back(ToJson(item));
    return out;
  } else {
    static_assert(kHasFields<T>, "no kFields specialisation for this type");
    Json out = Json::object();
    std::apply(
        [&](const auto&... field) {
          auto put = [&](const auto& f, const auto& member) {
            using M = std::remove_cvref_t<decltype(member)>;
            const std::string_view name = f.name;
            if constexpr (requires { member.empty(); }) {
              if (f.omit_empty && member.empty()) return;
            }
            // An absent optional is omitted rather than written as null: one spelling per value.
            if constexpr (kIsOptional<M>) {
              if (member.has_value()) out[std::string(name)] = ToJson(*member);
            } else {
              out[std::string(name)] = ToJson(member);
            }
          };
          (put(field, value.*field.member), ...);
        },
        kFields<T>);
    return out;
  }
}

// ---------------------------------------------------------------------------------------------
// Decoding. Each function returns a kCorruption Status whose field is the path below the value it
// was given; callers prefix their own part of the path on the way up.

Status Bad(std::string message) { return {StatusCode::kCorruption, std::move(message)}; }

// Text safe to put in a message that may itself end up in JSON or a terminal: printable ASCII
// only, and short.
std::string Printable(std::string_view text, std::size_t max_size = kMaxQuoted) {
  std::string out;
  for (char c : text.substr(0, max_size)) {
    const bool printable = c >= ' ' && c <= '~';
    out += printable ? c : '?';
  }
  if (text.size() > max_size) out += "...";
  return out;
}

std::string Describe(const Json& j) {
  if (j.is_number()) return "number " + j.dump();
  return j.type_name();
}

Status WrongType(std::string_view expected, const Json& j) {
  return Bad("expected " + std::string(expected) + ", got " + Describe(j));
}

template <typename I>
Status ReadInteger(const Json& j, I& out) {
  // nlohmann would convert a float or a negative number to I without a word; a log that says
  // crew = 1e300 or seq = -1 is damaged, not a value to wrap around.
  if (j.is_number_unsigned()) {
    const auto u = j.get<std::uint64_t>();
    if (!std::in_range<I>(u)) return Bad(j.dump() + " is out of range");
    out = static_cast<I>(u);
    return {};
  }
  if (j.is_number_integer()) {
    const auto s = j.get<std::int64_t>();
    if (!std::in_range<I>(s)) return Bad(j.dump() + " is out of range");
    out = static_cast<I>(s);
    return {};
  }
  return WrongType("integer", j);
}

template <typename T>
Status FromJson(const Json& j, T& out);

// Reads the fields of one JSON object and, at the end, rejects any it did not read. Strict on
// purpose: an unknown field in the log means a newer writer or a damaged record, and either way
// silently dropping it would change the replayed state.
class ObjectReader {
 public:
  explicit ObjectReader(const Json& j) : j_(j) {}
  ObjectReader(const ObjectReader&) = delete;
  ObjectReader& operator=(const ObjectReader&) = delete;

  // The member `name`, marked as read, or nullptr when the object has none.
  const Json* Find(std::string_view name) {
    const auto it = j_.find(name);
    if (it == j_.end()) return nullptr;
    read_.push_back(name);
    return &*it;
  }

  template <typename T>
  Status Read(std::string_view name, T& out) {
    const Json* member = Find(name);
    if constexpr (kIsOptional<T>) {
      if (member == nullptr) {
        out.reset();
        return {};
      }
      return FromJson(*member, out.emplace()).WithFieldPrefix(name);
    } else {
      if (member == nullptr) return Bad("missing").WithFieldPrefix(name);
      return FromJson(*member, out).WithFieldPrefix(name);
    }
  }

  // Reads one field of kFields: an omit_empty one may be absent (empty), never present and empty.
  template <typename C, typename M>
  Status ReadField(const Field<C, M>& field, M& out) {
    if constexpr (requires { out.empty(); }) {
      if (field.omit_empty) {
        if (j_.find(field.name) == j_.end()) {
          out = M{};
          return {};
        }
        ELINK_RETURN_IF_ERROR(Read(field.name, out));
        if (out.empty())
          return Bad("empty (an empty list is left out)").WithFieldPrefix(field.name);
        return {};
      }
    }
    return Read(field.name, out);
  }

  // Reads every field kFields<T> lists.
  template <typename T>
  Status ReadAll(T& out) {
    return std::apply(
        [&](const auto&... field) {
          Status status;
          static_cast<void>(((status = ReadField(field, out.*field.member)).ok() && ...));
          return status;
        },
        kFields<T>);
  }

  [[nodiscard]] Status Finish() const {
    if (read_.size() == j_.size()) return {};
    for (const auto& [key, value] : j_.items()) {
      if (std::find(read_.begin(), read_.end(), key) == read_.end()) {
        return Bad("unknown field").WithFieldPrefix(Printable(key));
      }
    }
    return {};
  }

 private:
  const Json& j_;
  std::vector<std::string_view> read_;
};

template <typename T>
Status FromJson(const Json& j, T& out) {
  if constexpr (std::is_same_v<T, std::string>) {
    if (!j.is_string()) return WrongType("string", j);
    out = j.get_ref<const std::string&>();
    return {};
  } else if constexpr (std::is_same_v<T, Blob>) {
    if (!j.is_string()) return WrongType("string", j);
    std::optional<std::string> bytes = DecodeBase64(j.get_ref<const std::string&>());
    if (!bytes) return Bad("not base64");
    out.bytes = std::move(*bytes);
    return {};
  } else if constexpr (std::is_same_v<T, bool>) {
    if (!j.is_boolean()) return WrongType("boolean", j);
    out = j.get<bool>();
    return {};
  } else if constexpr (std::is_integral_v<T>) {
    return ReadInteger(j, out);
  } else if constexpr (std::is_floating_point_v<T>) {
    if (!j.is_number()) return WrongType("number", j);
    out = j.get<T>();
    return {};
  } else if constexpr (std::is_enum_v<T>) {
    if (!j.is_string()) return WrongType("string", j);
    const auto& code = j.get_ref<const std::string&>();
    const std::optional<T> parsed = ParseEnum<T>(code);
    if (!parsed) {
      return Bad("unknown code '" + Printable(code) + "' (expected one of " + AcceptedCodes<T>() +
                 ")");
    }
    out = *parsed;
    return {};
  } else if constexpr (std::is_same_v<T, TimePoint>) {
    std::int64_t ms = 0;
    ELINK_RETURN_IF_ERROR(ReadInteger(j, ms));
    out = FromUnixMillis(ms);
    return {};
  } else if constexpr (kIsInstanceOf<T, StrongId>) {
    typename T::rep_type rep{};
    ELINK_RETURN_IF_ERROR(FromJson(j, rep));
    out = T(std::move(rep));
    return {};
  } else if constexpr (kIsInstanceOf<T, std::vector>) {
    if (!j.is_array()) return WrongType("array", j);
    out.clear();
    out.reserve(j.size());
    for (std::size_t i = 0; i < j.size(); ++i) {
      ELINK_RETURN_IF_ERROR(
          FromJson(j[i], out.emplace_back()).WithFieldPrefix("[" + std::to_string(i) + "]"));
    }
    return {};
  } else if constexpr ((kIsInstanceOf<T, std::map> || kIsInstanceOf<T, CowMap>)) {
    if (!j.is_array()) return WrongType("array", j);
    out.clear();
    for (std::size_t i = 0; i < j.size(); ++i) {
      const std::string index = "[" + std::to_string(i) + "]";
      typename T::mapped_type item;
      ELINK_RETURN_IF_ERROR(FromJson(j[i], item).WithFieldPrefix(index));
      using V = typename T::mapped_type;
      const auto key = KeyOf(item);
      if (!out.try_emplace(key, std::move(item)).second) {
        return Bad("duplicate " + std::string(kKeyField<V>) + " '" + Printable(KeyText(key)) + "'")
            .WithFieldPrefix(index + "." + std::string(kKeyField<V>));
      }
    }
    return {};
  } else {
    static_assert(kHasFields<T>, "no kFields specialisation for this type");
    if (!j.is_object()) return WrongType("object", j);
    ObjectReader reader(j);
    ELINK_RETURN_IF_ERROR(reader.ReadAll(out));
    return reader.Finish();
  }
}

// Parses `text` and hands the document to `decode`; turns every failure, including any exception
// from nlohmann, into kCorruption "<context>: <field>: <what>". nlohmann's parser and destructor
// are iterative, so even absurdly deep nesting cannot overflow the stack here (see the codec
// tests), and the decoders only descend as deep as the schema goes.
template <typename Decode>
Status ParseAndDecode(std::string_view context, std::string_view text, Decode&& decode) {
  Status status;
  try {
    const Json j = Json::parse(text.begin(), text.end());
    status = std::forward<Decode>(decode)(j);
  } catch (const Json::exception& e) {
    status = Bad("malformed JSON: " + Printable(e.what(), kMaxParserMessage));
  } catch (const std::exception& e) {
    status = Bad("cannot decode: " + Printable(e.what(), kMaxParserMessage));
  }
  if (status.ok()) return status;
  std::string message(context);
  message += ": ";
  if (!status.field().empty()) message += status.field() + ": ";
  message += status.message();
  return Status::Corruption(std::move(message));
}

template <std::size_t... I>
bool IsKnownType(std::string_view type, std::index_sequence<I...> /*alternatives*/) {
  return ((type == std::variant_alternative_t<I, EventBody>::kType) || ...);
}

// Decodes `data` as the body type whose kType is `type`.
template <std::size_t I = 0>
Status DecodeBody(std::string_view type, const Json& data, EventBody& body) {
  if constexpr (I == std::variant_size_v<EventBody>) {
    return Bad("unknown event type '" + Printable(type) + "'");
  } else {
    using Body = std::variant_alternative_t<I, EventBody>;
    if (type != Body::kType) return DecodeBody<I + 1>(type, data, body);
    return FromJson(data, body.emplace<I>());
  }
}

}  // namespace

std::string EncodePayload(const Event& event) {
  Json j = Json::object();
  j["actor"] = event.actor;
  j["request_id"] = event.request_id;
  j["data"] = std::visit([](const auto& body) { return ToJson(body); }, event.body);
  return Dump(j);
}

Result<Event> DecodeEvent(std::uint64_t seq, TimePoint at, std::string_view type,
                          std::string_view payload) {
  Event event;
  event.seq = seq;
  event.at = at;
  const std::string context = "event " + std::to_string(seq) + " (" + Printable(type) + ")";
  // Checked before parsing so that the message does not blame a field of a payload nobody read.
  if (!IsKnownType(type, std::make_index_sequence<std::variant_size_v<EventBody>>())) {
    return Status::Corruption(context + ": unknown event type");
  }
  Status status = ParseAndDecode(context, payload, [&](const Json& j) -> Status {
    if (!j.is_object()) return WrongType("object", j);
    ObjectReader reader(j);
    ELINK_RETURN_IF_ERROR(reader.Read("actor", event.actor));
    ELINK_RETURN_IF_ERROR(reader.Read("request_id", event.request_id));
    const Json* data = reader.Find("data");
    if (data == nullptr) return Bad("missing").WithFieldPrefix("data");
    ELINK_RETURN_IF_ERROR(DecodeBody(type, *data, event.body).WithFieldPrefix("data"));
    return reader.Finish();
  });
  if (!status.ok()) return status;
  return event;
}

std::string EncodeState(const State& state) {
  Json j = ToJson(state);
  j["format"] = kStateFormat;
  return Dump(j);
}

Result<State> DecodeState(std::string_view json) {
  State state;
  Status status = ParseAndDecode("state snapshot", json, [&](const Json& j) -> Status {
    if (!j.is_object()) return WrongType("object", j);
    ObjectReader reader(j);
    int format = 0;
    // Read first: a snapshot of another format is reported as such, not as its first odd field.
    ELINK_RETURN_IF_ERROR(reader.Read("format", format));
    if (format != kStateFormat) {
      return Bad("unsupported version " + std::to_string(format) + " (this build reads " +
                 std::to_string(kStateFormat) + ")")
          .WithFieldPrefix("format");
    }
    ELINK_RETURN_IF_ERROR(reader.ReadAll(state));
    return reader.Finish();
  });
  if (!status.ok()) return status;
  return state;
}

std::string EncodeRegion(const Region& region) { return Dump(ToJson(region)); }

namespace {

constexpr std::string_view kBase64Alphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

// The value of a base64 character, or -1.
int Base64Value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

}  // namespace

std::string EncodeBase64(std::string_view bytes) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  std::size_t i = 0;
  const auto at = [&](std::size_t k) {
    return static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[k]));
  };
  for (; i + 3 <= bytes.size(); i += 3) {
    const std::uint32_t v = at(i) << 16 | at(i + 1) << 8 | at(i + 2);
    out += kBase64Alphabet[v >> 18 & 63];
    out += kBase64Alphabet[v >> 12 & 63];
    out += kBase64Alphabet[v >> 6 & 63];
    out += kBase64Alphabet[v & 63];
  }
  if (const std::size_t rest = bytes.size() - i; rest > 0) {
    const std::uint32_t v = at(i) << 16 | (rest == 2 ? at(i + 1) << 8 : 0);
    out += kBase64Alphabet[v >> 18 & 63];
    out += kBase64Alphabet[v >> 12 & 63];
    out += rest == 2 ? kBase64Alphabet[v >> 6 & 63] : '=';
    out += '=';
  }
  return out;
}

std::optional<std::string> DecodeBase64(std::string_view text) {
  if (text.size() % 4 != 0) return std::nullopt;
  std::string out;
  out.reserve(text.size() / 4 * 3);
  for (std::size_t i = 0; i < text.size(); i += 4) {
    const bool last = i + 4 == text.size();
    std::array<int, 4> v{};
    int pad = 0;
    for (int k = 0; k < 4; ++k) {
      const char c = text[i + static_cast<std::size_t>(k)];
      const auto at = static_cast<std::size_t>(k);
      if (c == '=' && last && k >= 2) {
        v[at] = 0;
        ++pad;
        continue;
      }
      if (pad > 0) return std::nullopt;  // a character after '='
      v[at] = Base64Value(c);
      if (v[at] < 0) return std::nullopt;
    }
    const auto n = static_cast<std::uint32_t>(v[0] << 18 | v[1] << 12 | v[2] << 6 | v[3]);
    out += static_cast<char>(n >> 16 & 0xFF);
    if (pad == 2) {
      if ((n & 0xFFFF) != 0) return std::nullopt;  // unused bits must be zero
      break;
    }
    out += static_cast<char>(n >> 8 & 0xFF);
    if (pad == 1) {
      if ((n & 0xFF) != 0) return std::nullopt;
      break;
    }
    out += static_cast<char>(n & 0xFF);
  }
  return out;
}

}  // namespace elink::core
