// SPDX-License-Identifier: Apache-2.0
#include "api/views.hpp"

#include "api/internal/schema.hpp"
#include "dispatch/chronology.hpp"

namespace elink::api {

namespace {

template <typename E>
Json Code(E value) {
  return std::string(core::CodeOf(value));
}

template <typename T>
Json Opt(const std::optional<T>& v) {
  return v ? Json(v->value()) : Json(nullptr);
}

Json OptTime(const std::optional<TimePoint>& t) { return t ? TimeJson(*t) : Json(nullptr); }

Json LatLonJson(const core::LatLon& p) { return {{"lat", p.lat}, {"lon", p.lon}}; }

Json EtaJson(geo::TravelTime eta) {
  return eta == geo::kNeverArrives ? Json(nullptr) : Json(geo::SecondsOf(eta));
}

const char* AffiliationCode(dispatch::Affiliation a) {
  switch (a) {
    case dispatch::Affiliation::kHome: return "home";
    case dispatch::Affiliation::kMutualAid: return "mutual_aid";
    case dispatch::Affiliation::kOther: return "other";
  }
  return "other";
}

const char* AdviceCode(dispatch::Advice a) {
  switch (a) {
    case dispatch::Advice::kNone: return "none";
    case dispatch::Advice::kMutualAid: return "mutual_aid";
    case dispatch::Advice::kRaiseLevel: return "raise_level";
  }
  return "none";
}

Json RequirementJson(const core::PlanRequirement& r) {
  return {{"unit_type", r.unit_type ? Code(*r.unit_type) : Json(nullptr)},
          {"capability", r.capability ? Code(*r.capability) : Json(nullptr)},
          {"count", r.count},
          {"within_minutes", r.within_minutes}};
}

Json LinesJson(const std::vector<dispatch::LinePlan>& lines) {
  Json out = Json::array();
  for (const dispatch::LinePlan& line : lines) {
    Json picks = Json::array();
    for (const dispatch::Pick& p : line.picks) {
      picks.push_back({{"unit", p.unit.value()},
                       {"eta_s", EtaJson(p.eta)},
                       {"turnout_s", EtaJson(p.turnout)},
                       {"arrival_s", EtaJson(p.arrival)},
                       {"in_time", p.in_time},
                       {"already_assigned", p.already_assigned},
                       {"affiliation", AffiliationCode(p.affiliation)},
                       {"origin", std::string(units::CodeOf(p.origin))}});
    }
    Json j = RequirementJson(line.requirement);
    j["level"] = Code(line.level);
    j["picks"] = std::move(picks);
    j["missing"] = line.missing;
    j["late"] = line.late;
    out.push_back(std::move(j));
  }
  return out;
}

Json UnplacedJson(const std::vector<std::pair<core::UnitId, Status>>& unplaced) {
  Json out = Json::array();
  for (const auto& [id, status] : unplaced) {
    out.push_back({{"unit", id.value()}, {"reason", status.message()}});
  }
  return out;
}

}  // namespace

Json NameJson(const core::Name& name) { return {{"zh", name.zh}, {"en", name.en}}; }

Json TimeJson(TimePoint t) { return FormatTime(t); }

Json OrgJson(const core::Organisation& org) {
  Json departments = Json::array();
  for (const core::Department& d : org.departments) {
    departments.push_back({{"kind", Code(d.kind)}, {"name", NameJson(d.name)}, {"phone", d.phone}});
  }
  Json aid = Json::array();
  for (const core::OrgId& o : org.mutual_aid) aid.push_back(o.value());
  Json out = {{"id", org.id.value()},      {"name", NameJson(org.name)}, {"tier", Code(org.tier)},
              {"parent", Opt(org.parent)}, {"departments", departments}, {"mutual_aid", aid}};
  out["aid_without_agreement"] =
      org.aid_without_agreement ? Json(*org.aid_without_agreement) : Json(nullptr);
  return out;
}

Json GridJson(const core::Grid& grid) {
  // GeoJSON positions: [lon, lat].
  Json polygons = Json::array();
  for (const core::Polygon& poly : grid.area) {
    Json rings = Json::array();
    const auto ring = [](const std::vector<core::LatLon>& pts) {
      Json r = Json::array();
      for (const core::LatLon& p : pts) r.push_back({p.lon, p.lat});
      return r;
    };
    rings.push_back(ring(poly.outer));
    for (const auto& hole : poly.holes) rings.push_back(ring(hole));
    polygons.push_back(std::move(rings));
  }
  return {{"id", grid.id.value()},
          {"name", NameJson(grid.name)},
          {"community", grid.community.value()},
          {"geometry", {{"type", "MultiPolygon"}, {"coordinates", polygons}}}};
}

Json StationJson(const core::Station& s) {
  return {{"id", s.id.value()},   {"name", NameJson(s.name)},           {"kind", Code(s.kind)},
          {"org", s.org.value()}, {"location", LatLonJson(s.location)}, {"address", s.address}};
}

namespace {

Json TrackJson(const core::SensorTrack& track, bool with_readings) {
  const auto& level = core::InfoOf(track.level);
  Json out = {{"level", Code(track.level)},
              {"level_name", {{"zh", level.zh}, {"en", level.en}}},
              {"level_since", TimeJson(track.level_since)},
              {"reason", NameJson(track.reason)},
              {"last_value", nullptr},
              {"last_at", nullptr}};
  if (!track.readings.empty()) {
    out["last_value"] = track.readings.back().value;
    out["last_at"] = TimeJson(track.readings.back().at);
  }
  if (with_readings) {
    Json readings = Json::array();
    for (const core::Reading& r : track.readings) {
      readings.push_back({{"at", TimeJson(r.at)}, {"value", r.value}, {"level", Code(r.level)}});
    }
    out["readings"] = std::move(readings);
  }
  return out;
}

}  // namespace

Json SensorJson(const core::SensorState& state, bool with_readings) {
  const core::Sensor& s = state.sensor;
  Json thresholds = Json::object();
  if (s.thresholds.blue) thresholds["blue"] = *s.thresholds.blue;
  if (s.thresholds.yellow) thresholds["yellow"] = *s.thresholds.yellow;
  if (s.thresholds.orange) thresholds["orange"] = *s.thresholds.orange;
  if (s.thresholds.red) thresholds["red"] = *s.thresholds.red;
  const auto& kind = core::InfoOf(s.kind);
  Json out = {{"id", s.id.value()},      {"name", NameJson(s.name)},
              {"kind", Code(s.kind)},    {"kind_name", {{"zh", kind.zh}, {"en", kind.en}}},
              {"unit", s.unit},          {"location", LatLonJson(s.location)},
              {"org", s.org.value()},    {"thresholds", std::move(thresholds)},
              {"rise_per_hour", nullptr}};
  if (s.rise) {
    out["rise_per_hour"] = {{"value", s.rise->per_hour},
                            {"level", Code(s.rise->level)},
                            {"window_min", s.rise->window_minutes}};
  }
  // The live track's fields at the top, so that a map colours a sensor without looking deeper.
  Json live = TrackJson(state.live, with_readings);
  for (auto& [key, value] : live.items()) out[key] = std::move(value);
  out["exercise"] = TrackJson(state.exercise, with_readings);
  return out;
}

Json PlanJson(const core::Plan& plan) {
  Json levels = Json::array();
  for (const core::PlanLevel& l : plan.levels) {
    Json units = Json::array();
    for (const auto& r : l.units) units.push_back(RequirementJson(r));
    Json tasks = Json::array();
    for (const auto& t : l.tasks) {
      tasks.push_back({{"department", Code(t.department)},
                       {"task", NameJson(t.task)},
                       {"ack_within_minutes", t.ack_within_minutes}});
    }
    Json checklist = Json::array();
    for (const auto& c : l.checklist) checklist.push_back(NameJson(c));
    levels.push_back({{"level", Code(l.level)},
                      {"command_tier", Code(l.command_tier)},
                      {"units", units},
                      {"tasks", tasks},
                      {"checklist", checklist}});
  }
  return {{"id", plan.id.value()},
          {"name", NameJson(plan.name)},
          {"incident_types", plan.incident_types},
          {"levels", levels}};
}

Json UnitJson(const core::Unit& u, TimePoint now, std::chrono::seconds stale_after) {
  Json caps = Json::array();
  for (const core::Capability c : u.capabilities) caps.push_back(Code(c));
  Json position = nullptr;
  if (u.position) {
    position = LatLonJson(*u.position);
    position["at"] = OptTime(u.position_at);
    position["stale"] = !u.position_at || now - *u.position_at > stale_after;
  }
  return {{"id", u.id.value()},
          {"name", NameJson(u.name)},
          {"type", Code(u.type)},
          {"capabilities", caps},
          {"station", u.station.value()},
          {"org", u.org.value()},
          {"crew", u.crew},
          {"status", Code(u.status)},
          {"status_since", TimeJson(u.status_since)},
          {"incident", u.incident ? Json(u.incident->value()) : Json(nullptr)},
          {"position", position},
          {"revision", u.revision.value_or(0)},
          {"retired_at", OptTime(u.retired_at)}};
}

Json TaskJson(const core::DepartmentTask& t, TimePoint now) {
  return {{"id", t.id},
          {"department", Code(t.department)},
          {"task", NameJson(t.task)},
          {"level", Code(t.level)},
          {"org", t.org.value()},
          {"status", Code(t.status)},
          {"created_at", TimeJson(t.created_at)},
          {"due", TimeJson(t.due)},
          {"overdue", t.Overdue(now)},
          {"escalations", t.escalations},
          {"acknowledged_at", OptTime(t.acknowledged_at)},
          {"acknowledged_by", t.acknowledged_by},
          {"done_at", OptTime(t.done_at)},
          {"note", t.note}};
}

Json IncidentSummaryJson(const core::Incident& inc) {
  return {{"id", inc.id.value()},
          {"type", inc.type},
          {"category", Code(inc.category)},
          {"level", Code(inc.level)},
          {"status", Code(inc.status)},
          {"source", Code(inc.source)},
          {"location", LatLonJson(inc.location)},
          {"address", inc.address},
          {"grid", Opt(inc.grid)},
          {"jurisdiction", Opt(inc.jurisdiction)},
          {"exercise", inc.exercise},
          {"reported_at", TimeJson(inc.reported_at)},
          {"units", inc.units.size()},
          {"merged_into", inc.merged_into ? Json(inc.merged_into->value()) : Json(nullptr)}};
}

std::string PhotoUrl(const core::IncidentId& incident, std::uint32_t photo) {
  return "/api/v1/incidents/" + std::to_string(incident.value()) + "/photos/" +
         std::to_string(photo);
}

Json IncidentDetailJson(const core::Incident& inc, const core::State& state, TimePoint now) {
  Json j = IncidentSummaryJson(inc);
  j["description"] = inc.description;
  j["reporter"] = {{"name", inc.reporter_name}, {"phone", inc.reporter_phone}};
  j["casualties"] = {{"injured", inc.casualties.injured},
                     {"dead", inc.casualties.dead},
                     {"trapped", inc.casualties.trapped},
                     {"missing", inc.casualties.missing}};
  j["times"] = {{"verified", OptTime(inc.verified_at)},
                {"dispatched", OptTime(inc.dispatched_at)},
                {"on_scene", OptTime(inc.on_scene_at)},
                {"controlled", OptTime(inc.controlled_at)},
                {"closed", OptTime(inc.closed_at)}};
  Json units = Json::array();
  for (const core::UnitId& id : inc.units) units.push_back(id.value());
  j["units"] = units;
  Json merged = Json::array();
  for (const core::IncidentId& id : inc.merged_from) merged.push_back(id.value());
  j["merged_from"] = merged;
  j["plan"] = Opt(inc.plan);
  j["plan_level"] = inc.plan_level ? Code(*inc.plan_level) : Json(nullptr);
  Json tasks = Json::array();
  for (const core::DepartmentTask& t : inc.tasks) tasks.push_back(TaskJson(t, now));
  j["tasks"] = tasks;
  Json chronology = Json::array();
  for (const core::ChronologyEntry& e : inc.chronology) {
    chronology.push_back({{"seq", e.seq},
                          {"at", TimeJson(e.at)},
                          {"actor", e.actor},
                          {"what", e.what},
                          {"detail", e.detail},
                          {"text",
                           {{"zh", dispatch::DescribeEntry(e, inc, state, true)},
                            {"en", dispatch::DescribeEntry(e, inc, state, false)}}}});
  }
  j["chronology"] = chronology;
  Json photos = Json::array();
  for (const core::IncidentPhoto& p : inc.photos) {
    photos.push_back({{"index", p.index},
                      {"media_type", p.media_type},
                      {"size", p.size},
                      {"sha256", p.sha256},
                      {"attached_at", TimeJson(p.attached_at)},
                      {"url", PhotoUrl(inc.id, p.index)}});
  }
  j["photos"] = photos;
  return j;
}

Json DuplicateJson(const dispatch::DuplicateCandidate& d) {
  return {{"id", d.id.value()},
          {"type", d.type},
          {"distance_m", d.distance_m},
          {"age_s", d.age.count()}};
}

Json RecommendationJson(const dispatch::Recommendation& rec) {
  Json aid = Json::array();
  for (const core::OrgId& o : rec.aid_from) aid.push_back(o.value());
  return {{"incident", rec.incident.value()},
          {"plan", Opt(rec.plan)},
          {"level", Code(rec.level)},
          {"lines", LinesJson(rec.lines)},
          {"advice", AdviceCode(rec.advice)},
          {"aid_from", aid},
          {"unplaced", UnplacedJson(rec.unplaced)}};
}

Json JointAssignmentJson(const dispatch::JointAssignment& joint) {
  Json incidents = Json::array();
  for (const dispatch::IncidentShare& s : joint.incidents) {
    Json ceded = Json::array();
    for (const auto& [unit, to] : s.ceded) {
      ceded.push_back({{"unit", unit.value()}, {"to_incident", to.value()}});
    }
    incidents.push_back({{"incident", s.incident.value()},
                         {"level", Code(s.level)},
                         {"weight", s.weight},
                         {"lines", LinesJson(s.lines)},
                         {"ceded", ceded}});
  }
  return {{"incidents", incidents},
          {"total_weighted_s", static_cast<double>(joint.total_cost) / geo::kTimeUnitsPerSecond},
          {"unfilled", joint.unfilled},
          {"unplaced", UnplacedJson(joint.unplaced)}};
}

}  // namespace elink::api

namespace elink::api {

Json ViewSchemas() {
  using namespace internal::schema;
  Json out = Json::object();
  const auto add = [&out](std::string_view name, Json s) {
    out[std::string(name)] = std::move(s);
    return Ref(name);
  };
  // Vocabularies (core/enums.hpp).
  const Json org_tier = add("OrgTier", Enum<core::OrgTier>());
  const Json department_kind = add("DepartmentKind", Enum<core::DepartmentKind>());
  const Json unit_type = add("UnitType", Enum<core::UnitType>());
  const Json capability = add("Capability", Enum<core::Capability>());
  const Json unit_status = add("UnitStatus", Enum<core::UnitStatus>());
  const Json level = add("Level", Enum<core::IncidentLevel>());
  const Json category = add("Category", Enum<core::IncidentCategory>());
  const Json incident_status = add("IncidentStatus", Enum<core::IncidentStatus>());
  const Json source = add("Source", Enum<core::IncidentSource>());
  const Json task_status = add("TaskStatus", Enum<core::TaskStatus>());
  const Json sensor_level = add("SensorLevel", Enum<core::SensorLevel>());
  const Json localized = Ref("Localized");
  const Json lat_lon = Ref("LatLon");
  const Json org_id = Described(Str(), "An organisation's id");

  // OrgJson, GridJson, StationJson, PlanJson
  const Json department =
      add("Department", Obj({{"kind", department_kind}, {"name", localized}, {"phone", Str()}}));
  add("Organisation",
      Obj({{"id", Str()},
           {"name", localized},
           {"tier", org_tier},
           {"parent", Nullable(Str())},
           {"departments", Arr(department)},
           {"mutual_aid", Described(Arr(Str()), "The organisations it may ask for help")},
           {"aid_without_agreement",
            Described(Nullable(Bool()),
                      "Whether its incidents may get a neighbour's unit without an agreement when "
                      "none of ours arrives in time; null: as the organisation above says")}}));
  add("Grid",
      Obj({{"id", Str()},
           {"name", localized},
           {"community", Str()},
           {"geometry",
            Obj({{"type", {{"type", "string"}, {"enum", {"MultiPolygon"}}}},
                 {"coordinates", Described(Arr(Arr(Arr(Arr(Num())))),
                                           "GeoJSON: polygons of rings of [lon, lat]")}})}}));
  add("Station", Obj({{"id", Str()},
                      {"name", localized},
                      {"kind", Enum<core::StationKind>()},
                      {"org", org_id},
                      {"location", lat_lon},
                      {"address", Str()}}));
  const Json requirement =
      Obj({{"unit_type", Nullable(unit_type, "string")},
           {"capability", Nullable(capability, "string")},
           {"count", Int()},
           {"within_minutes", Described(Int(), "Wanted on scene within this many minutes")}});
  const Json plan_level =
      add("PlanLevel", Obj({{"level", level},
                            {"command_tier", org_tier},
                            {"units", Arr(add("UnitRequirement", requirement))},
                            {"tasks", Arr(Obj({{"department", department_kind},
                                               {"task", localized},
                                               {"ack_within_minutes", Int()}}))},
                            {"checklist", Arr(localized)}}));
  add("Plan", Obj({{"id", Str()},
                   {"name", localized},
                   {"incident_types", Arr(Str())},
                   {"levels", Arr(plan_level)}}));

  // UnitJson, TaskJson
  const Json position = add(
      "UnitPosition",
      Extend(Obj({{"lat", Num()}, {"lon", Num()}}),
             {{"at", Nullable(Time())},
              {"stale", Described(Bool(), "No AVL fix, or one older than the center's limit")}}));
  add("Unit", Obj({{"id", Str()},
                   {"name", localized},
                   {"type", unit_type},
                   {"capabilities", Arr(capability)},
                   {"station", Str()},
                   {"org", org_id},
                   {"crew", Int()},
                   {"status", unit_status},
                   {"status_since", Time()},
                   {"incident", Nullable(Int())},
                   {"position", Nullable(position, "object")},
                   {"revision", Described(Int(),
                                          "Log sequence number of its last edit (0: as "
                                          "imported); name it to edit the unit")},
                   {"retired_at", Nullable(Time())}}));
  const Json task = add("Task", Obj({{"id", Int()},
                                     {"department", department_kind},
                                     {"task", localized},
                                     {"level", level},
                                     {"org", org_id},
                                     {"status", task_status},
                                     {"created_at", Time()},
                                     {"due", Time()},
                                     {"overdue", Bool()},
                                     {"escalations", Int()},
                                     {"acknowledged_at", Nullable(Time())},
                                     {"acknowledged_by", Str()},
                                     {"done_at", Nullable(Time())},
                                     {"note", Str()}}));

  // IncidentSummaryJson, IncidentDetailJson
  const Json summary = Obj({{"id", Int()},
                            {"type", Described(Str(), "An incident type code")},
                            {"category", category},
                            {"level", level},
                            {"status", incident_status},
                            {"source", source},
                            {"location", lat_lon},
                            {"address", Str()},
                            {"grid", Nullable(Str())},
                            {"jurisdiction", Nullable(Str())},
                            {"exercise", Bool()},
                            {"reported_at", Time()},
                            {"units", Described(Int(), "How many units it has")},
                            {"merged_into", Nullable(Int())}});
  add("IncidentSummary", summary);
  const Json casualties =
      add("Casualties",
          Obj({{"injured", Int()}, {"dead", Int()}, {"trapped", Int()}, {"missing", Int()}}));
  const Json entry =
      add("ChronologyEntry",
          Obj({{"seq", Int()},
               {"at", Time()},
               {"actor", Str()},
               {"what", Str()},
               {"detail", Described(Str(), "Machine-readable: \"reported>verified\"")},
               {"text", localized}}));
  const Json photo = add("IncidentPhoto", Obj({{"index", Int()},
                                               {"media_type", Str()},
                                               {"size", Int()},
                                               {"sha256", Str()},
                                               {"attached_at", Time()},
                                               {"url", Str()}}));
  add("IncidentDetail", Extend(summary, {{"description", Str()},
                                         {"reporter", Obj({{"name", Str()}, {"phone", Str()}})},
                                         {"casualties", casualties},
                                         {"times", Obj({{"verified", Nullable(Time())},
                                                        {"dispatched", Nullable(Time())},
                                                        {"on_scene", Nullable(Time())},
                                                        {"controlled", Nullable(Time())},
                                                        {"closed", Nullable(Time())}})},
                                         {"units", Described(Arr(Str()), "Its units' ids")},
                                         {"merged_from", Arr(Int())},
                                         {"plan", Nullable(Str())},
                                         {"plan_level", Nullable(level, "string")},
                                         {"tasks", Arr(task)},
                                         {"chronology", Arr(entry)},
                                         {"photos", Arr(photo)}}));

  // DuplicateJson, RecommendationJson, JointAssignmentJson; where a unit's travel starts
  // (units/origin.hpp), also in a unit's route.
  const Json origin = add(
      "UnitOrigin", {{"type", "string"},
                     {"enum",
                      {units::CodeOf(units::Origin::kAvl), units::CodeOf(units::Origin::kAvlStale),
                       units::CodeOf(units::Origin::kStation)}}});
  add("DuplicateCandidate",
      Obj({{"id", Int()},
           {"type", Str()},
           {"distance_m", Num()},
           {"age_s", Described(Int(), "Reported this long before or after")}}));
  const Json pick = add(
      "Pick",
      Obj({{"unit", Str()},
           {"eta_s", Described(Nullable(Num()), "The drive; null: no road route reaches it")},
           {"turnout_s",
            Described(Nullable(Num()), "Crew at quarters: dispatched → rolling; 0 on the road")},
           {"arrival_s", Described(Nullable(Num()),
                                   "Call received → on scene: time since the call, turnout "
                                   "and drive; null: unreachable")},
           {"in_time", Described(Bool(), "arrival_s within the line's minutes")},
           {"already_assigned", Bool()},
           {"affiliation",
            {{"type", "string"},
             {"enum",
              {AffiliationCode(dispatch::Affiliation::kHome),
               AffiliationCode(dispatch::Affiliation::kMutualAid),
               AffiliationCode(dispatch::Affiliation::kOther)}}}},
           {"origin", Described(origin, "Where its travel time starts (units/origin.hpp)")}}));
  const Json line =
      add("RecommendationLine",
          Extend(requirement,
                 {{"level", level}, {"picks", Arr(pick)}, {"missing", Int()}, {"late", Int()}}));
  const Json unplaced = Arr(Obj({{"unit", Str()}, {"reason", Str()}}));
  add("Recommendation",
      Obj({{"incident", Int()},
           {"plan", Nullable(Str())},
           {"level", level},
           {"lines", Arr(line)},
           {"advice",
            {{"type", "string"},
             {"enum",
              {AdviceCode(dispatch::Advice::kNone), AdviceCode(dispatch::Advice::kMutualAid),
               AdviceCode(dispatch::Advice::kRaiseLevel)}}}},
           {"aid_from", Arr(Str())},
           {"unplaced", unplaced},
           {"text", Described(localized, "The advice in words (dispatch/describe.hpp)")}}));
  add("JointAssignment",
      Obj({{"incidents",
            Arr(Obj({{"incident", Int()},
                     {"level", level},
                     {"weight", Num()},
                     {"lines", Arr(line)},
                     {"ceded", Arr(Obj({{"unit", Str()}, {"to_incident", Int()}}))}}))},
           {"total_weighted_s", Num()},
           {"unfilled", Int()},
           {"unplaced", unplaced},
           {"text", Described(localized, "The assignment in words")}}));

  // SensorJson
  const Json reading = Obj({{"at", Time()}, {"value", Num()}, {"level", sensor_level}});
  const Json track = add("SensorTrackItem", Obj({{"level", sensor_level},
                                                 {"level_name", localized},
                                                 {"level_since", Time()},
                                                 {"reason", localized},
                                                 {"last_value", Nullable(Num())},
                                                 {"last_at", Nullable(Time())},
                                                 {"readings?", Arr(reading)}}));
  add("SensorItem",
      Extend(out["SensorTrackItem"],
             {{"id", Str()},
              {"name", localized},
              {"kind", Enum<core::SensorKind>()},
              {"kind_name", localized},
              {"unit", Described(Str(), "The unit of its readings (\"m\", \"mm/h\")")},
              {"location", lat_lon},
              {"org", org_id},
              {"thresholds",
               Obj({{"blue?", Num()}, {"yellow?", Num()}, {"orange?", Num()}, {"red?", Num()}})},
              {"rise_per_hour",
               Nullable(Obj({{"value", Num()}, {"level", sensor_level}, {"window_min", Int()}}))},
              {"exercise", Described(track, "The drills' track, apart from the real one")}}));
  return out;
}

Json CoverageJson(const dispatch::LiveCoverage& cov, std::uint64_t seq) {
  Json grids = Json::array();
  for (const dispatch::GridCover& g : cov.grids) {
    grids.push_back({{"grid", g.grid.value()},
                     {"centre", {{"lat", g.centre.lat}, {"lon", g.centre.lon}}},
                     {"weight", g.weight},
                     {"placed", g.placed},
                     {"covered", g.units_within > 0},
                     {"units_within", g.units_within},
                     {"soonest_s", g.soonest ? Json(static_cast<double>(g.soonest->count()) / 10)
                                             : Json(nullptr)}});
  }
  Json moves = Json::array();
  for (const dispatch::MoveUpAdvice& m : cov.moves) {
    moves.push_back({{"unit", m.unit.value()},
                     {"from", m.from ? Json(m.from->value()) : Json(nullptr)},
                     {"to", m.to.value()},
                     {"share_before", m.share_before},
                     {"share_after", m.share_after}});
  }
  Json unplaced = Json::array();
  for (const auto& [id, status] : cov.unplaced) {
    unplaced.push_back({{"unit", id.value()}, {"reason", status.message()}});
  }
  return {{"type", std::string(core::CodeOf(cov.type))},
          {"standard_s", cov.standard.count()},
          {"turnout_s", static_cast<double>(cov.turnout.count()) / 10},
          {"free_units", cov.free_units},
          {"covered_weight", cov.covered_weight},
          {"total_weight", cov.total_weight},
          {"share", cov.share},
          {"grids", std::move(grids)},
          {"moves", std::move(moves)},
          {"unplaced", std::move(unplaced)},
          {"seq", seq}};
}

}  // namespace elink::api
