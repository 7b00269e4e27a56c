// SPDX-License-Identifier: Apache-2.0
#include "core/domain.hpp"

#include "core/messages.hpp"
#include "util/text.hpp"

#include <utility>

namespace elink::core {

Status NotApplicable(const EventMeta& e, const std::string& why) {
  return Status::Corruption("event " + std::to_string(e.seq) + " (" + std::string(e.type) +
                            ") does not apply: " + why);
}

void Chronicle(Incident& incident, const EventMeta& e, std::string detail) {
  incident.chronology.push_back(
      ChronologyEntry{e.seq, e.at, std::string(e.actor), std::string(e.type), std::move(detail)});
}

Status CheckText(std::string_view field, const std::string& text, std::size_t max_bytes) {
  if (text.size() > max_bytes) {
    return Status::InvalidArgument(std::string(field), msg::kLongerThan, max_bytes);
  }
  if (!IsValidUtf8(text)) return Status::InvalidArgument(std::string(field), msg::kNotUtf8);
  return {};
}

Result<const Incident*> GetIncident(const State& state, const IncidentId& id,
                                    std::string_view field) {
  const Incident* inc = state.FindIncident(id);
  if (inc == nullptr) return Status::NotFound(msg::kNoIncident, id.value()).At(std::string(field));
  return inc;
}

Result<const Unit*> GetUnit(const State& state, const UnitId& id, std::string_view field) {
  const Unit* unit = state.FindUnit(id);
  if (unit == nullptr) return Status::NotFound(msg::kNoUnit, id.value()).At(std::string(field));
  return unit;
}

Result<const Organisation*> GetOrg(const State& state, const OrgId& id, std::string_view field) {
  const Organisation* org = state.FindOrg(id);
  if (org == nullptr) {
    return Status::InvalidArgument(std::string(field), msg::kUnknownOrg, id.value().substr(0, 64));
  }
  return org;
}

}  // namespace elink::core
