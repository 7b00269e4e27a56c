// SPDX-License-Identifier: Apache-2.0
#include "core/internal/region_files.hpp"

#include <string>

namespace elink::core::internal {

namespace {

Status ParseRequirement(const TomlReader& r, PlanRequirement* req) {
  ELINK_RETURN_IF_ERROR(r.AllowOnly({"type", "capability", "count", "within_minutes"}));
  if (r.Has("type") == r.Has("capability")) {
    return r.TableError("give exactly one of 'type' (a unit type) or 'capability'");
  }
  if (r.Has("type")) {
    UnitType t{};
    ELINK_RETURN_IF_ERROR(r.Enum("type", &t, Need::kRequired, "unit type", "unit_type"));
    req->unit_type = t;
  } else {
    Capability c{};
    ELINK_RETURN_IF_ERROR(r.Enum("capability", &c, Need::kRequired, "capability"));
    req->capability = c;
  }
  ELINK_RETURN_IF_ERROR(r.Int("count", &req->count, Need::kRequired));
  return r.Int("within_minutes", &req->within_minutes, Need::kRequired);
}

Status ParseTask(const TomlReader& r, PlanTask* task) {
  ELINK_RETURN_IF_ERROR(r.AllowOnly({"department", "task", "task_en", "ack_within_minutes"}));
  ELINK_RETURN_IF_ERROR(
      r.Enum("department", &task->department, Need::kRequired, "department kind"));
  ELINK_RETURN_IF_ERROR(r.String("task", &task->task.zh, Need::kRequired));
  ELINK_RETURN_IF_ERROR(r.String("task_en", &task->task.en, Need::kOptional, "task"));
  return r.Int("ack_within_minutes", &task->ack_within_minutes, Need::kRequired);
}

Status ParseChecklistItem(const TomlReader& r, Name* item) {
  ELINK_RETURN_IF_ERROR(r.AllowOnly({"item", "item_en"}));
  ELINK_RETURN_IF_ERROR(r.String("item", &item->zh, Need::kRequired));
  return r.String("item_en", &item->en, Need::kOptional, "item");
}

Status ParseLevel(const TomlReader& r, PlanLevel* level) {
  ELINK_RETURN_IF_ERROR(r.AllowOnly({"level", "command", "units", "tasks", "checklist"}));
  ELINK_RETURN_IF_ERROR(r.Enum("level", &level->level, Need::kRequired, "level"));
  ELINK_RETURN_IF_ERROR(
      r.Enum("command", &level->command_tier, Need::kRequired, "tier", "command_tier"));
  ELINK_RETURN_IF_ERROR(
      ForEachTable(r, "units", Need::kOptional, [&](const TomlReader& ur, std::size_t) {
        return ParseRequirement(ur, &level->units.emplace_back());
      }));
  ELINK_RETURN_IF_ERROR(
      ForEachTable(r, "tasks", Need::kOptional, [&](const TomlReader& tr, std::size_t) {
        return ParseTask(tr, &level->tasks.emplace_back());
      }));
  return ForEachTable(r, "checklist", Need::kOptional, [&](const TomlReader& cr, std::size_t) {
    return ParseChecklistItem(cr, &level->checklist.emplace_back());
  });
}

Status ParsePlan(const TomlReader& r, Plan* plan) {
  ELINK_RETURN_IF_ERROR(r.AllowOnly({"id", "name", "name_en", "incident_types", "levels"}));
  std::string id;
  ELINK_RETURN_IF_ERROR(r.String("id", &id, Need::kRequired));
  plan->id = PlanId(id);
  ELINK_RETURN_IF_ERROR(ReadName(r, &plan->name));
  ELINK_RETURN_IF_ERROR(r.Strings("incident_types", &plan->incident_types, Need::kRequired));
  return ForEachTable(r, "levels", Need::kRequired, [&](const TomlReader& lr, std::size_t) {
    return ParseLevel(lr, &plan->levels.emplace_back());
  });
}

}  // namespace

// Plans from several files share Region::plans, so a file's "plans[i]" is the model's
// "plans[g]" with g counted across files.
Status ParsePlansFile(const toml::table& root, const TomlDoc& ctx, Region* region) {
  // The document reader would record the file's numbering as model paths; give it a model path
  // that no ValidateRegion field starts with.
  TomlReader doc(root, ctx, "", "(plans file)");
  ELINK_RETURN_IF_ERROR(doc.AllowOnly({"plans"}));
  ELINK_ASSIGN_OR_RETURN(const toml::array* a,
                         doc.Array("plans", Need::kRequired, toml::node_type::table, "tables"));
  for (std::size_t i = 0; i < a->size(); ++i) {
    const std::size_t g = region->plans.size();
    TomlReader r(*a->get(i)->as_table(), ctx, IndexedPath("plans", i), IndexedPath("plans", g));
    ELINK_RETURN_IF_ERROR(ParsePlan(r, &region->plans.emplace_back()));
  }
  return Status::Ok();
}

}  // namespace elink::core::internal
