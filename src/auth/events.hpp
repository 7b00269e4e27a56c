#pragma once
// The users domain's events. Each is a fact in the past tense with its code in the log (kType),
// its field list (core/fields.hpp) and who may see it (administrators). The events that carry a
// password hash keep it in the log like every other field; their field lists mark it secret, so
// nothing shown to people (the API's event stream and log pages) has it.

#include "core/fields.hpp"
#include "core/model.hpp"
#include "core/visibility.hpp"

#include <string>
#include <string_view>
#include <tuple>

namespace elink::auth {

// A new user, enabled, created at the event's time, token version 0.
struct UserAdded {
  static constexpr std::string_view kType = "user_added";
  std::string name;
  core::Name display;
  core::Role role = core::Role::kViewer;
  core::OrgId org;
  std::string password_hash;  // SECRET (see User::password_hash)

  static constexpr auto Fields() {
    return std::tuple{core::F("name", &UserAdded::name), core::F("display", &UserAdded::display),
                      core::F("role", &UserAdded::role), core::F("org", &UserAdded::org),
                      core::FSecret("password_hash", &UserAdded::password_hash)};
  }
  [[nodiscard]] core::Visibility WhoSees() const { return core::Visibility::Admins(); }
  friend auto operator<=>(const UserAdded&, const UserAdded&) = default;
};

// New role and organisation (either may be unchanged). Tokens stay valid: they name the user, and
// the user's role is read from the state on every request.
struct UserRoleChanged {
  static constexpr std::string_view kType = "user_role_changed";
  std::string name;
  core::Role role = core::Role::kViewer;
  core::OrgId org;

  static constexpr auto Fields() {
    return std::tuple{core::F("name", &UserRoleChanged::name),
                      core::F("role", &UserRoleChanged::role),
                      core::F("org", &UserRoleChanged::org)};
  }
  [[nodiscard]] core::Visibility WhoSees() const { return core::Visibility::Admins(); }
  friend auto operator<=>(const UserRoleChanged&, const UserRoleChanged&) = default;
};

// A new password; revokes the user's tokens (token_version + 1).
struct UserPasswordChanged {
  static constexpr std::string_view kType = "user_password_changed";
  std::string name;
  std::string password_hash;  // SECRET (see User::password_hash)

  static constexpr auto Fields() {
    return std::tuple{core::F("name", &UserPasswordChanged::name),
                      core::FSecret("password_hash", &UserPasswordChanged::password_hash)};
  }
  [[nodiscard]] core::Visibility WhoSees() const { return core::Visibility::Admins(); }
  friend auto operator<=>(const UserPasswordChanged&, const UserPasswordChanged&) = default;
};

// The user may no longer sign in; revokes their tokens (token_version + 1), so enabling the user
// again does not bring old tokens back.
struct UserDisabled {
  static constexpr std::string_view kType = "user_disabled";
  std::string name;

  static constexpr auto Fields() { return std::tuple{core::F("name", &UserDisabled::name)}; }
  [[nodiscard]] core::Visibility WhoSees() const { return core::Visibility::Admins(); }
  friend auto operator<=>(const UserDisabled&, const UserDisabled&) = default;
};

struct UserEnabled {
  static constexpr std::string_view kType = "user_enabled";
  std::string name;

  static constexpr auto Fields() { return std::tuple{core::F("name", &UserEnabled::name)}; }
  [[nodiscard]] core::Visibility WhoSees() const { return core::Visibility::Admins(); }
  friend auto operator<=>(const UserEnabled&, const UserEnabled&) = default;
};

// Every token issued to the user so far stops working (token_version + 1): "sign out everywhere".
struct UserTokensRevoked {
  static constexpr std::string_view kType = "user_tokens_revoked";
  std::string name;

  static constexpr auto Fields() { return std::tuple{core::F("name", &UserTokensRevoked::name)}; }
  [[nodiscard]] core::Visibility WhoSees() const { return core::Visibility::Admins(); }
  friend auto operator<=>(const UserTokensRevoked&, const UserTokensRevoked&) = default;
};

}  // namespace elink::auth
