#pragma once
// The dispatch domain's events: an incident reported (with its photo), its status and level,
// merges, units sent to it, and its sharing with another jurisdiction. Each is a fact in the past
// tense with its code in the log (kType), its field list (the log's JSON, core/fields.hpp) and who
// may see it (whoever sees the incident; a dispatch also whoever sees the unit). The report's own
// fields are core::IncidentReport's, shared with the ReportIncident command.

#include "core/domain.hpp"
#include "core/fields.hpp"
#include "core/incident_report.hpp"
#include "core/model.hpp"
#include "core/visibility.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>

namespace elink::dispatch {

// The report as the command made it (core::IncidentReport, without its photo), with the id, grid
// and jurisdiction the engine assigned. The log spells the report's fields as the Incident does
// (core::IncidentReportFields).
struct IncidentReported : core::IncidentReport {
  static constexpr std::string_view kType = "incident_reported";
  core::IncidentId id;
  std::optional<core::GridId> grid;
  std::optional<core::OrgId> jurisdiction;

  static constexpr auto Fields() {
    return std::tuple_cat(std::tuple{core::F("id", &IncidentReported::id)},
                          core::IncidentReportFields<IncidentReported>());
  }
  [[nodiscard]] core::Visibility WhoSees() const { return core::Visibility::Incident(id); }
  void ContributeTo(core::CommandResult& r) const { r.incident = id; }
  friend auto operator<=>(const IncidentReported&, const IncidentReported&) = default;
};

// A photo of the incident (a citizen's, sent with the report), committed with the report itself.
// The bytes are here and nowhere else: the state keeps only an IncidentPhoto, which names this
// event's seq, and whoever shows the photo reads it back from the log.
struct IncidentPhotoAttached {
  static constexpr std::string_view kType = "incident_photo_attached";
  core::IncidentId incident;
  std::uint32_t photo = 0;  // 1-based index within the incident
  std::string media_type;
  std::uint64_t size = 0;
  std::string sha256;  // of the bytes, lowercase hex
  core::Blob data;

  static constexpr auto Fields() {
    return std::tuple{core::F("incident", &IncidentPhotoAttached::incident),
                      core::F("photo", &IncidentPhotoAttached::photo),
                      core::F("media_type", &IncidentPhotoAttached::media_type),
                      core::F("size", &IncidentPhotoAttached::size),
                      core::F("sha256", &IncidentPhotoAttached::sha256),
                      core::F("data", &IncidentPhotoAttached::data)};
  }
  [[nodiscard]] core::Visibility WhoSees() const { return core::Visibility::Incident(incident); }
  friend auto operator<=>(const IncidentPhotoAttached&, const IncidentPhotoAttached&) = default;
};

struct IncidentStatusChanged {
  static constexpr std::string_view kType = "incident_status_changed";
  core::IncidentId id;
  core::IncidentStatus from = core::IncidentStatus::kReported;
  core::IncidentStatus to = core::IncidentStatus::kReported;
  std::string reason;

  static constexpr auto Fields() {
    return std::tuple_cat(std::tuple{core::F("id", &IncidentStatusChanged::id)},
                          core::TransitionFields<IncidentStatusChanged>());
  }
  [[nodiscard]] core::Visibility WhoSees() const { return core::Visibility::Incident(id); }
  friend auto operator<=>(const IncidentStatusChanged&, const IncidentStatusChanged&) = default;
};

struct IncidentLevelChanged {
  static constexpr std::string_view kType = "incident_level_changed";
  core::IncidentId id;
  core::IncidentLevel from = core::IncidentLevel::kIV;
  core::IncidentLevel to = core::IncidentLevel::kIV;
  std::string reason;

  static constexpr auto Fields() {
    return std::tuple_cat(std::tuple{core::F("id", &IncidentLevelChanged::id)},
                          core::TransitionFields<IncidentLevelChanged>());
  }
  [[nodiscard]] core::Visibility WhoSees() const { return core::Visibility::Incident(id); }
  friend auto operator<=>(const IncidentLevelChanged&, const IncidentLevelChanged&) = default;
};

// `duplicate` joins `into`; its status becomes merged in the same event.
struct IncidentsMerged {
  static constexpr std::string_view kType = "incidents_merged";
  core::IncidentId duplicate;
  core::IncidentId into;

  static constexpr auto Fields() {
    return std::tuple{core::F("duplicate", &IncidentsMerged::duplicate),
                      core::F("into", &IncidentsMerged::into)};
  }
  [[nodiscard]] core::Visibility WhoSees() const {
    return core::Visibility::Incidents(duplicate, into);
  }
  friend auto operator<=>(const IncidentsMerged&, const IncidentsMerged&) = default;
};

// The unit is assigned to the incident and its status becomes dispatched.
struct UnitDispatched {
  static constexpr std::string_view kType = "unit_dispatched";
  core::UnitId unit;
  core::IncidentId incident;

  static constexpr auto Fields() {
    return std::tuple{core::F("unit", &UnitDispatched::unit),
                      core::F("incident", &UnitDispatched::incident)};
  }
  [[nodiscard]] core::Visibility WhoSees() const {
    return core::Visibility::IncidentOrUnit(incident, unit);
  }
  friend auto operator<=>(const UnitDispatched&, const UnitDispatched&) = default;
};

// The incident was shared with another organisation's jurisdiction (which then sees and acts on
// it: auth/policy.hpp), or no longer is.
struct IncidentShared {
  static constexpr std::string_view kType = "incident_shared";
  core::IncidentId incident;
  core::OrgId org;

  static constexpr auto Fields() {
    return std::tuple{core::F("incident", &IncidentShared::incident),
                      core::F("org", &IncidentShared::org)};
  }
  [[nodiscard]] core::Visibility WhoSees() const { return core::Visibility::Incident(incident); }
  friend auto operator<=>(const IncidentShared&, const IncidentShared&) = default;
};

struct IncidentUnshared {
  static constexpr std::string_view kType = "incident_unshared";
  core::IncidentId incident;
  core::OrgId org;

  static constexpr auto Fields() {
    return std::tuple{core::F("incident", &IncidentUnshared::incident),
                      core::F("org", &IncidentUnshared::org)};
  }
  [[nodiscard]] core::Visibility WhoSees() const { return core::Visibility::Incident(incident); }
  friend auto operator<=>(const IncidentUnshared&, const IncidentUnshared&) = default;
};

// A note was added to the incident's record; its text is in the chronology.
struct IncidentNoteAdded {
  static constexpr std::string_view kType = "incident_note_added";
  core::IncidentId incident;
  std::string text;

  static constexpr auto Fields() {
    return std::tuple{core::F("incident", &IncidentNoteAdded::incident),
                      core::F("text", &IncidentNoteAdded::text)};
  }
  [[nodiscard]] core::Visibility WhoSees() const { return core::Visibility::Incident(incident); }
  friend auto operator<=>(const IncidentNoteAdded&, const IncidentNoteAdded&) = default;
};

}  // namespace elink::dispatch
