// SPDX-License-Identifier: Apache-2.0
#include "core/internal/region_files.hpp"

#include <string>
#include <utility>
#include <vector>

namespace elink::core::internal {

Status ReadName(const TomlReader& r, Name* name) {
  ELINK_RETURN_IF_ERROR(r.String("name", &name->zh, Need::kRequired));
  return r.String("name_en", &name->en, Need::kOptional, "name");
}

namespace {

Status ParseDepartment(const TomlReader& r, Department* d) {
  ELINK_RETURN_IF_ERROR(r.AllowOnly({"kind", "name", "name_en", "phone"}));
  ELINK_RETURN_IF_ERROR(r.Enum("kind", &d->kind, Need::kRequired, "department kind"));
  ELINK_RETURN_IF_ERROR(ReadName(r, &d->name));
  return r.String("phone", &d->phone, Need::kOptional);
}

Status ParseOrganisation(const TomlReader& r, Organisation* org) {
  ELINK_RETURN_IF_ERROR(r.AllowOnly({"id", "name", "name_en", "tier", "parent", "mutual_aid",
                                     "aid_without_agreement", "departments"}));
  std::string id;
  ELINK_RETURN_IF_ERROR(r.String("id", &id, Need::kRequired));
  org->id = OrgId(id);
  ELINK_RETURN_IF_ERROR(ReadName(r, &org->name));
  ELINK_RETURN_IF_ERROR(r.Enum("tier", &org->tier, Need::kRequired, "tier"));
  if (r.Has("parent")) {
    std::string parent;
    ELINK_RETURN_IF_ERROR(r.String("parent", &parent, Need::kRequired));
    org->parent = OrgId(parent);
  }
  std::vector<std::string> aid;
  ELINK_RETURN_IF_ERROR(r.Strings("mutual_aid", &aid, Need::kOptional));
  for (auto& a : aid) org->mutual_aid.emplace_back(std::move(a));
  if (r.Has("aid_without_agreement")) {
    bool allowed = true;
    ELINK_RETURN_IF_ERROR(r.Bool("aid_without_agreement", &allowed, Need::kRequired));
    org->aid_without_agreement = allowed;
  }
  return ForEachTable(r, "departments", Need::kOptional, [&](const TomlReader& dr, std::size_t) {
    return ParseDepartment(dr, &org->departments.emplace_back());
  });
}

}  // namespace

Status ParseRegionFile(const toml::table& root, const TomlDoc& ctx, Region* region) {
  TomlReader doc(root, ctx, "", "");
  ELINK_RETURN_IF_ERROR(doc.AllowOnly({"region", "organisations"}));
  ELINK_ASSIGN_OR_RETURN(const toml::node* rn, doc.Find("region", Need::kRequired));
  const toml::table* rt = rn->as_table();
  if (rt == nullptr) {
    return doc.Error(*rn, "region", "expected a table, got " + std::string(TomlTypeName(*rn)));
  }
  TomlReader r(*rt, ctx, "region", "region");
  ELINK_RETURN_IF_ERROR(r.AllowOnly({"id", "name", "name_en"}));
  ELINK_RETURN_IF_ERROR(r.String("id", &region->id, Need::kRequired));
  ELINK_RETURN_IF_ERROR(ReadName(r, &region->name));
  return ForEachTable(doc, "organisations", Need::kRequired,
                      [&](const TomlReader& orr, std::size_t) {
                        return ParseOrganisation(orr, &region->organisations.emplace_back());
                      });
}

}  // namespace elink::core::internal
