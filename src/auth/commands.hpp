#pragma once
// The users domain's commands (users of `elink serve`). Decide checks a command against the state
// only; who may send it (admins, within their subtree) is the API's check (policy.hpp). A password
// arrives hashed (password.hpp: argon2id takes ~100 ms on purpose, far too long for the writer
// thread), so Decide checks only that the hash has the argon2id form.
// Rules (docs/auth.md): names are [a-z0-9._-]{1,64} and never reused (users are disabled, not
// removed); a regional coordinator belongs to the root organisation; the last enabled
// administrator of the root organisation cannot be disabled, demoted or moved.

#include "core/model.hpp"

#include <string>

namespace elink::auth {

struct AddUser {
  std::string name;
  core::Name display;
  core::Role role = core::Role::kViewer;
  core::OrgId org;
  std::string password_hash;  // SECRET: argon2id encoded string
};

struct ChangeUserRole {
  std::string name;
  core::Role role = core::Role::kViewer;
  core::OrgId org;
};

// Revokes the user's tokens.
struct ChangePassword {
  std::string name;
  std::string password_hash;  // SECRET: argon2id encoded string
};

// Disabling revokes the user's tokens; enabling does not bring them back.
struct SetUserDisabled {
  std::string name;
  bool disabled = true;
};

// Sign out everywhere: every token issued to the user so far stops working.
struct RevokeUserTokens {
  std::string name;
};

}  // namespace elink::auth
