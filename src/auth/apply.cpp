// SPDX-License-Identifier: Apache-2.0
#include "auth/domain.hpp"

#include <string>
#include <utility>

namespace elink::auth {

using core::NotApplicable;

Status Apply(core::StateWriter& w, const core::EventMeta& e, const UserAdded& b) {
  if (!core::IsValidUserName(b.name)) return NotApplicable(e, "bad user name");
  if (w.state().FindUser(b.name) != nullptr) return NotApplicable(e, "user " + b.name + " exists");
  if (w.state().FindOrg(b.org) == nullptr)
    return NotApplicable(e, "no organisation " + b.org.value());
  if (!core::IsArgon2idHash(b.password_hash)) {
    return NotApplicable(e, "password hash is not argon2id");
  }
  core::User user;
  user.name = b.name;
  user.display = b.display;
  user.role = b.role;
  user.org = b.org;
  user.password_hash = b.password_hash;
  user.created_at = e.at;
  w.users().try_emplace(b.name, std::move(user));
  return {};
}

Status Apply(core::StateWriter& w, const core::EventMeta& e, const UserRoleChanged& b) {
  core::User* user = w.FindUser(b.name);
  if (user == nullptr) return NotApplicable(e, "no user " + b.name);
  if (w.state().FindOrg(b.org) == nullptr)
    return NotApplicable(e, "no organisation " + b.org.value());
  user->role = b.role;
  user->org = b.org;
  return {};
}

Status Apply(core::StateWriter& w, const core::EventMeta& e, const UserPasswordChanged& b) {
  core::User* user = w.FindUser(b.name);
  if (user == nullptr) return NotApplicable(e, "no user " + b.name);
  if (!core::IsArgon2idHash(b.password_hash)) {
    return NotApplicable(e, "password hash is not argon2id");
  }
  user->password_hash = b.password_hash;
  ++user->token_version;
  return {};
}

Status Apply(core::StateWriter& w, const core::EventMeta& e, const UserDisabled& b) {
  core::User* user = w.FindUser(b.name);
  if (user == nullptr) return NotApplicable(e, "no user " + b.name);
  if (user->disabled) return NotApplicable(e, "user is already disabled");
  user->disabled = true;
  ++user->token_version;
  return {};
}

Status Apply(core::StateWriter& w, const core::EventMeta& e, const UserEnabled& b) {
  core::User* user = w.FindUser(b.name);
  if (user == nullptr) return NotApplicable(e, "no user " + b.name);
  if (!user->disabled) return NotApplicable(e, "user is not disabled");
  user->disabled = false;
  return {};
}

Status Apply(core::StateWriter& w, const core::EventMeta& e, const UserTokensRevoked& b) {
  core::User* user = w.FindUser(b.name);
  if (user == nullptr) return NotApplicable(e, "no user " + b.name);
  ++user->token_version;
  return {};
}

}  // namespace elink::auth
