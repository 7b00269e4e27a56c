// SPDX-License-Identifier: Apache-2.0
#include "auth/domain.hpp"
#include "auth/messages.hpp"
#include "core/enums.hpp"

#include <string>

namespace elink::auth {

namespace {

using Events = std::vector<Emitted>;

Result<const core::User*> GetUser(const core::State& state, const std::string& name) {
  const core::User* user = state.FindUser(name);
  if (user == nullptr) {
    return Status::NotFound(msg::kNoUser, name.substr(0, core::kMaxUserNameBytes)).At("name");
  }
  return user;
}

// A regional coordinator acts across the whole region, so belongs to its root.
Status CheckRoleAt(core::Role role, const core::Organisation& org) {
  if (role == core::Role::kRegionalCoordinator && org.parent) {
    return Status::InvalidArgument("org", msg::kCoordinatorAtRoot);
  }
  return {};
}

Status CheckPasswordHash(const std::string& hash) {
  if (!core::IsArgon2idHash(hash)) {
    // The value is not quoted: it may be a password sent by mistake.
    return Status::InvalidArgument("password_hash", msg::kNotArgon2id);
  }
  return {};
}

bool IsRootAdmin(const core::State& state, const core::User& user) {
  if (user.disabled || user.role != core::Role::kAdmin) return false;
  const core::Organisation* org = state.FindOrg(user.org);
  return org != nullptr && !org->parent;
}

// Refuses to take away the last enabled administrator of the root organisation: without one, no
// one could manage the region's users over the API.
Status KeepLastRootAdmin(const core::State& state, const core::User& user, std::string_view field) {
  if (!IsRootAdmin(state, user)) return {};
  for (const auto& [name, other] : state.users()) {
    if (name != user.name && IsRootAdmin(state, other)) return {};
  }
  return Status::FailedPrecondition(msg::kLastRootAdmin, user.name).At(std::string(field));
}

}  // namespace

Result<Events> Decide(const core::DecideContext& ctx, const AddUser& c) {
  if (!core::IsValidUserName(c.name)) {
    return Status::InvalidArgument("name", msg::kUserName, core::kMaxUserNameBytes);
  }
  if (ctx.state.FindUser(c.name) != nullptr) {
    return Status::Conflict(msg::kUserExists, c.name).At("name");
  }
  ELINK_RETURN_IF_ERROR(core::CheckText("display.zh", c.display.zh, core::kMaxShortText));
  ELINK_RETURN_IF_ERROR(core::CheckText("display.en", c.display.en, core::kMaxShortText));
  ELINK_ASSIGN_OR_RETURN(const core::Organisation* org, core::GetOrg(ctx.state, c.org, "org"));
  ELINK_RETURN_IF_ERROR(CheckRoleAt(c.role, *org));
  ELINK_RETURN_IF_ERROR(CheckPasswordHash(c.password_hash));
  return Events{UserAdded{c.name, c.display, c.role, c.org, c.password_hash}};
}

Result<Events> Decide(const core::DecideContext& ctx, const ChangeUserRole& c) {
  ELINK_ASSIGN_OR_RETURN(const core::User* user, GetUser(ctx.state, c.name));
  ELINK_ASSIGN_OR_RETURN(const core::Organisation* org, core::GetOrg(ctx.state, c.org, "org"));
  ELINK_RETURN_IF_ERROR(CheckRoleAt(c.role, *org));
  if (user->role == c.role && user->org == c.org) {
    return Status::FailedPrecondition(msg::kAlreadyRoleAt, c.name, core::Word(c.role),
                                      c.org.value())
        .At("role");
  }
  core::User changed = *user;
  changed.role = c.role;
  changed.org = c.org;
  if (!IsRootAdmin(ctx.state, changed)) {
    ELINK_RETURN_IF_ERROR(KeepLastRootAdmin(ctx.state, *user, "role"));
  }
  return Events{UserRoleChanged{c.name, c.role, c.org}};
}

Result<Events> Decide(const core::DecideContext& ctx, const ChangePassword& c) {
  ELINK_RETURN_IF_ERROR(GetUser(ctx.state, c.name).status());
  ELINK_RETURN_IF_ERROR(CheckPasswordHash(c.password_hash));
  return Events{UserPasswordChanged{c.name, c.password_hash}};
}

Result<Events> Decide(const core::DecideContext& ctx, const SetUserDisabled& c) {
  ELINK_ASSIGN_OR_RETURN(const core::User* user, GetUser(ctx.state, c.name));
  if (user->disabled == c.disabled) {
    return Status::FailedPrecondition(c.disabled ? msg::kAlreadyDisabled : msg::kAlreadyEnabled,
                                      c.name)
        .At("disabled");
  }
  if (!c.disabled) return Events{UserEnabled{c.name}};
  ELINK_RETURN_IF_ERROR(KeepLastRootAdmin(ctx.state, *user, "disabled"));
  return Events{UserDisabled{c.name}};
}

Result<Events> Decide(const core::DecideContext& ctx, const RevokeUserTokens& c) {
  ELINK_RETURN_IF_ERROR(GetUser(ctx.state, c.name).status());
  return Events{UserTokensRevoked{c.name}};
}

}  // namespace elink::auth
