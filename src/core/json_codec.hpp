#pragma once
// The JSON codec of elink's values, for the event log, snapshots and the API: ToJson and FromJson
// over field lists (core/fields.hpp), the model's own field lists (an incident's report fields
// are listed once, in core/incident_report.hpp), and the strict reader that
// turns every wrong type, missing field, unknown field or unknown code into kCorruption naming
// the field. Header-only templates, so that each domain encodes its events where it declares them;
// include it only in .cpp files (it brings nlohmann/json).

#include "core/codec.hpp"
#include "core/fields.hpp"
#include "core/incident_report.hpp"
#include "core/model.hpp"
#include "util/cow_map.hpp"
#include "util/status.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

namespace elink::core {

namespace json {

using Json = nlohmann::json;

// Who reads the JSON: the log and snapshots keep every field; people (the API's event stream and
// log pages) never see a secret one.
enum class Audience { kLog, kPeople };

// Longest user-supplied text (a code, a key, an event type) quoted in an error message.
inline constexpr std::size_t kMaxQuoted = 64;
// Longest parser message kept; nlohmann's name the position and what it expected.
inline constexpr std::size_t kMaxParserMessage = 256;

template <typename T, template <typename...> class Template>
inline constexpr bool kIsInstanceOf = false;
template <template <typename...> class Template, typename... Args>
inline constexpr bool kIsInstanceOf<Template<Args...>, Template> = true;

template <typename T>
inline constexpr bool kIsOptional = kIsInstanceOf<T, std::optional>;

// The field list of each model type, as a tuple of Field. Specialised below for every model type
// that is encoded as a JSON object; events list their own (Fields(), core/fields.hpp).
template <typename T>
inline constexpr std::tuple<> kFields{};

template <typename T>
constexpr auto FieldsOf() {
  if constexpr (HasOwnFields<T>) {
    return T::Fields();
  } else {
    return kFields<T>;
  }
}

template <typename T>
constexpr bool kHasFields = std::tuple_size_v<std::remove_cvref_t<decltype(FieldsOf<T>())>> > 0;

template <>
inline constexpr auto kFields<LatLon> = std::tuple{F("lat", &LatLon::lat), F("lon", &LatLon::lon)};

template <>
inline constexpr auto kFields<Name> = std::tuple{F("zh", &Name::zh), F("en", &Name::en)};

template <>
inline constexpr auto kFields<Department> = std::tuple{
    F("kind", &Department::kind), F("name", &Department::name), F("phone", &Department::phone)};

template <>
inline constexpr auto kFields<Organisation> =
    std::tuple{F("id", &Organisation::id),
               F("name", &Organisation::name),
               F("tier", &Organisation::tier),
               F("parent", &Organisation::parent),
               F("departments", &Organisation::departments),
               F("mutual_aid", &Organisation::mutual_aid),
               F("aid_without_agreement", &Organisation::aid_without_agreement)};

template <>
inline constexpr auto kFields<Polygon> =
    std::tuple{F("outer", &Polygon::outer), F("holes", &Polygon::holes)};

template <>
inline constexpr auto kFields<Grid> =
    std::tuple{F("id", &Grid::id), F("name", &Grid::name), F("community", &Grid::community),
               F("area", &Grid::area)};

template <>
inline constexpr auto kFields<Station> = std::tuple{
    F("id", &Station::id),   F("name", &Station::name),         F("kind", &Station::kind),
    F("org", &Station::org), F("location", &Station::location), F("address", &Station::address)};

template <>
inline constexpr auto kFields<Unit> = std::tuple{F("id", &Unit::id),
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
                                                 F("position_at", &Unit::position_at),
                                                 F("revision", &Unit::revision),
                                                 F("retired_at", &Unit::retired_at)};

template <>
inline constexpr auto kFields<PlanRequirement> = std::tuple{
    F("unit_type", &PlanRequirement::unit_type), F("capability", &PlanRequirement::capability),
    F("count", &PlanRequirement::count), F("within_minutes", &PlanRequirement::within_minutes)};

template <>
inline constexpr auto kFields<PlanTask> =
    std::tuple{F("department", &PlanTask::department), F("task", &PlanTask::task),
               F("ack_within_minutes", &PlanTask::ack_within_minutes)};

template <>
inline constexpr auto kFields<PlanLevel> =
    std::tuple{F("level", &PlanLevel::level), F("command_tier", &PlanLevel::command_tier),
               F("units", &PlanLevel::units), F("tasks", &PlanLevel::tasks),
               F("checklist", &PlanLevel::checklist)};

template <>
inline constexpr auto kFields<Plan> =
    std::tuple{F("id", &Plan::id), F("name", &Plan::name),
               F("incident_types", &Plan::incident_types), F("levels", &Plan::levels)};

template <>
inline constexpr auto kFields<ChronologyEntry> =
    std::tuple{F("seq", &ChronologyEntry::seq), F("at", &ChronologyEntry::at),
               F("actor", &ChronologyEntry::actor), F("what", &ChronologyEntry::what),
               F("detail", &ChronologyEntry::detail)};

template <>
inline constexpr auto kFields<DepartmentTask> =
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
inline constexpr auto kFields<Casualties> =
    std::tuple{F("injured", &Casualties::injured), F("dead", &Casualties::dead),
               F("trapped", &Casualties::trapped), F("missing", &Casualties::missing)};

template <>
inline constexpr auto kFields<IncidentPhoto> =
    std::tuple{F("index", &IncidentPhoto::index), F("media_type", &IncidentPhoto::media_type),
               F("size", &IncidentPhoto::size),   F("sha256", &IncidentPhoto::sha256),
               F("seq", &IncidentPhoto::seq),     F("attached_at", &IncidentPhoto::attached_at)};

template <>
inline constexpr auto kFields<Incident> = std::tuple_cat(
    IncidentReportFields<Incident>(),
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
inline constexpr auto kFields<User> = std::tuple{F("name", &User::name),
                                                 F("display", &User::display),
                                                 F("role", &User::role),
                                                 F("org", &User::org),
                                                 F("password_hash", &User::password_hash),
                                                 F("disabled", &User::disabled),
                                                 F("created_at", &User::created_at),
                                                 F("token_version", &User::token_version)};

template <>
inline constexpr auto kFields<Region> = std::tuple{F("id", &Region::id),
                                                   F("name", &Region::name),
                                                   F("organisations", &Region::organisations),
                                                   F("grids", &Region::grids),
                                                   F("stations", &Region::stations),
                                                   F("units", &Region::units),
                                                   F("plans", &Region::plans),
                                                   FOmitEmpty("sensors", &Region::sensors)};

template <>
inline constexpr auto kFields<AlertArea> =
    std::tuple{F("description", &AlertArea::description), F("center", &AlertArea::center),
               F("radius_km", &AlertArea::radius_km)};

template <>
inline constexpr auto kFields<AlertContent> =
    std::tuple{F("org", &AlertContent::org),
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
inline constexpr auto kFields<Alert> = std::tuple{F("id", &Alert::id),
                                                  F("content", &Alert::content),
                                                  F("sent", &Alert::sent),
                                                  F("sender", &Alert::sender),
                                                  F("cancelled_at", &Alert::cancelled_at),
                                                  F("cancel_reason", &Alert::cancel_reason)};

template <>
inline constexpr auto kFields<SensorThresholds> =
    std::tuple{F("blue", &SensorThresholds::blue), F("yellow", &SensorThresholds::yellow),
               F("orange", &SensorThresholds::orange), F("red", &SensorThresholds::red)};

template <>
inline constexpr auto kFields<RiseRule> =
    std::tuple{F("per_hour", &RiseRule::per_hour), F("level", &RiseRule::level),
               F("window_minutes", &RiseRule::window_minutes)};

template <>
inline constexpr auto kFields<Sensor> = std::tuple{F("id", &Sensor::id),
                                                   F("name", &Sensor::name),
                                                   F("kind", &Sensor::kind),
                                                   F("unit", &Sensor::unit),
                                                   F("location", &Sensor::location),
                                                   F("org", &Sensor::org),
                                                   F("thresholds", &Sensor::thresholds),
                                                   F("rise", &Sensor::rise)};

template <>
inline constexpr auto kFields<Reading> =
    std::tuple{F("at", &Reading::at), F("value", &Reading::value), F("level", &Reading::level)};

template <>
inline constexpr auto kFields<SensorTrack> =
    std::tuple{F("readings", &SensorTrack::readings), F("level", &SensorTrack::level),
               F("level_since", &SensorTrack::level_since), F("reason", &SensorTrack::reason)};

template <>
inline constexpr auto kFields<SensorState> =
    std::tuple{F("sensor", &SensorState::sensor), F("live", &SensorState::live),
               F("exercise", &SensorState::exercise)};

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

inline std::string KeyText(const std::string& key) { return key; }
template <typename Id>
std::string KeyText(const Id& key) {
  return ToString(key);
}

// ---------------------------------------------------------------------------------------------
// Encoding

// Invalid UTF-8 cannot come from our own inputs (the API's JSON parser and the TOML loader both
// reject it), so replacing it with U+FFFD only matters for a programmer error, and there it beats
// throwing out of an encoder that has no way to report failure.
inline std::string Dump(const Json& j) {
  return j.dump(-1, ' ', false, Json::error_handler_t::replace);
}

template <typename T>
Json ToJson(const T& value, Audience audience = Audience::kLog) {
  if constexpr (std::is_same_v<T, std::string> || std::is_arithmetic_v<T>) {
    return value;
  } else if constexpr (std::is_same_v<T, Blob>) {
    return EncodeBase64(value.bytes);
  } else if constexpr (std::is_enum_v<T>) {
    return std::string(CodeOf(value));
  } else if constexpr (std::is_same_v<T, TimePoint>) {
    return ToUnixMillis(value);
  } else if constexpr (kIsInstanceOf<T, StrongId>) {
    return ToJson(value.value(), audience);
  } else if constexpr (kIsInstanceOf<T, std::vector>) {
    Json out = Json::array();
    for (const auto& item : value) out.push_back(ToJson(item, audience));
    return out;
  } else if constexpr ((kIsInstanceOf<T, std::map> || kIsInstanceOf<T, CowMap>)) {
    // The map key is the value's own id, so the values alone say everything.
    Json out = Json::array();
    for (const auto& [key, item] : value) out.push_back(ToJson(item, audience));
    return out;
  } else {
    static_assert(kHasFields<T>, "no kFields specialisation for this type");
    Json out = Json::object();
    std::apply(
        [&](const auto&... field) {
          auto put = [&](const auto& f, const auto& member) {
            using M = std::remove_cvref_t<decltype(member)>;
            const std::string_view name = f.name;
            if (f.secret && audience == Audience::kPeople) return;
            if constexpr (requires { member.empty(); }) {
              if (f.omit_empty && member.empty()) return;
            }
            // An absent optional is omitted rather than written as null: one spelling per value.
            if constexpr (kIsOptional<M>) {
              if (member.has_value()) out[std::string(name)] = ToJson(*member, audience);
            } else {
              out[std::string(name)] = ToJson(member, audience);
            }
          };
          (put(field, value.*field.member), ...);
        },
        FieldsOf<T>());
    return out;
  }
}

// ---------------------------------------------------------------------------------------------
// Decoding. Each function returns a kCorruption Status whose field is the path below the value it
// was given; callers prefix their own part of the path on the way up.

inline Status Bad(std::string message) { return {StatusCode::kCorruption, std::move(message)}; }

// Text safe to put in a message that may itself end up in JSON or a terminal: printable ASCII
// only, and short.
inline std::string Printable(std::string_view text, std::size_t max_size = kMaxQuoted) {
  std::string out;
  for (char c : text.substr(0, max_size)) {
    const bool printable = c >= ' ' && c <= '~';
    out += printable ? c : '?';
  }
  if (text.size() > max_size) out += "...";
  return out;
}

inline std::string Describe(const Json& j) {
  if (j.is_number()) return "number " + j.dump();
  return j.type_name();
}

inline Status WrongType(std::string_view expected, const Json& j) {
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
        FieldsOf<T>());
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

}  // namespace json
}  // namespace elink::core
