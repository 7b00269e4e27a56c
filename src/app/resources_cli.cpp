// SPDX-License-Identifier: Apache-2.0
#include "app/resources_cli.hpp"

#include "core/enums.hpp"
#include "region/commands.hpp"

#include <algorithm>
#include <sstream>
#include <vector>

namespace elink::app {

namespace {

// "--capabilities a,b": codes, sorted as the region keeps them.
Result<std::vector<core::Capability>> ParseCapabilities(const std::string& text) {
  std::vector<core::Capability> out;
  std::stringstream in(text);
  for (std::string code; std::getline(in, code, ',');) {
    if (code.empty()) continue;
    ELINK_ASSIGN_OR_RETURN(const core::Capability c,
                           core::ParseEnumField<core::Capability>(code, "capabilities"));
    out.push_back(c);
  }
  std::sort(out.begin(), out.end());
  return out;
}

// The engine names an added unit's fields "unit.<field>"; the command line has them as options.
Status AsOption(Status s) {
  if (s.ok() || s.field().empty()) return s;
  std::string field = s.field();
  if (field.rfind("unit.", 0) == 0) field = field.substr(5);
  std::replace(field.begin(), field.end(), '_', '-');
  return std::move(s).At(field);
}

Status Required(const char* option) {
  return Status::InvalidArgument(option, "required to add a unit");
}

}  // namespace

Status RunUnitAdd(engine::Engine& engine, const std::string& actor, const UnitEditOptions& edit,
                  Lang lang, std::ostream& out) {
  if (!edit.name) return Required("name");
  if (!edit.type) return Required("type");
  if (!edit.crew) return Required("crew");
  if (!edit.station) return Required("station");
  region::AddUnit add;
  add.unit.id = core::UnitId(edit.unit);
  add.unit.name = {*edit.name, edit.name_en.value_or("")};
  ELINK_ASSIGN_OR_RETURN(add.unit.type, core::ParseEnumField<core::UnitType>(*edit.type, "type"));
  if (edit.capabilities) {
    ELINK_ASSIGN_OR_RETURN(add.unit.capabilities, ParseCapabilities(*edit.capabilities));
  }
  add.unit.crew = *edit.crew;
  add.unit.station = core::StationId(*edit.station);
  add.unit.org = core::OrgId(edit.org.value_or(""));
  if (edit.status) {
    ELINK_ASSIGN_OR_RETURN(add.unit.status,
                           core::ParseEnumField<core::UnitStatus>(*edit.status, "status"));
  }
  add.reason = edit.reason;
  Result<engine::Reply> reply = engine.Execute({actor, "", std::move(add)});
  if (!reply.ok()) return AsOption(reply.status());
  const auto state = engine.View();
  const core::Unit* u = state->FindUnit(core::UnitId(edit.unit));
  if (lang == Lang::kZh) {
    out << "已添加力量 " << edit.unit << "（" << Label(u->type, lang) << "，站点 "
        << u->station.value() << "，组织 " << u->org.value() << "，版本 " << reply->first_seq
        << "）\n";
  } else {
    out << "added unit " << edit.unit << " (" << Label(u->type, lang) << ", station "
        << u->station.value() << ", organisation " << u->org.value() << ", revision "
        << reply->first_seq << ")\n";
  }
  return Status::Ok();
}

Status RunUnitChange(engine::Engine& engine, const std::string& actor, const UnitEditOptions& edit,
                     Lang lang, std::ostream& out) {
  if (edit.status) {
    return Status::InvalidArgument("status", "use elink unit status to change a unit's status");
  }
  region::ChangeUnit change;
  change.unit = core::UnitId(edit.unit);
  if (edit.name || edit.name_en) {
    // A name given in one language keeps the other as it is.
    const auto state = engine.View();
    const core::Unit* u = state->FindUnit(change.unit);
    const core::Name now = u != nullptr ? u->name : core::Name{};
    change.name = core::Name{edit.name.value_or(now.zh), edit.name_en.value_or(now.en)};
  }
  if (edit.type) {
    ELINK_ASSIGN_OR_RETURN(change.type, core::ParseEnumField<core::UnitType>(*edit.type, "type"));
  }
  if (edit.capabilities) {
    ELINK_ASSIGN_OR_RETURN(change.capabilities, ParseCapabilities(*edit.capabilities));
  }
  change.crew = edit.crew;
  if (edit.station) change.station = core::StationId(*edit.station);
  if (edit.org) change.org = core::OrgId(*edit.org);
  change.revision = edit.revision;
  change.reason = edit.reason;
  Result<engine::Reply> reply = engine.Execute({actor, "", std::move(change)});
  if (!reply.ok()) return AsOption(reply.status());
  out << edit.unit << (lang == Lang::kZh ? " 已修改，版本 " : " changed, revision ")
      << reply->first_seq << "\n";
  return Status::Ok();
}

Status RunUnitRetire(engine::Engine& engine, const std::string& actor, const std::string& unit,
                     std::optional<std::uint64_t> revision, const std::string& reason, Lang lang,
                     std::ostream& out) {
  Result<engine::Reply> reply =
      engine.Execute({actor, "", region::RetireUnit{core::UnitId(unit), revision, reason}});
  if (!reply.ok()) return AsOption(reply.status());
  out << unit
      << (lang == Lang::kZh ? " 已退役：不再出动，历史记录保留\n"
                            : " retired: never dispatched again, its history kept\n");
  return Status::Ok();
}

}  // namespace elink::app
