#pragma once
// The users domain (用户与权限): the users of `elink serve`, their roles and organisations,
// passwords and tokens. Registered in engine/registry.hpp; beside it in this folder, the password
// hashing, tokens, access policy and sign-in limiting the API uses.

#include "auth/commands.hpp"
#include "auth/events.hpp"
#include "core/domain.hpp"

#include <variant>
#include <vector>

namespace elink::auth {

struct Domain {
  using Commands =
      core::TypeList<AddUser, ChangeUserRole, ChangePassword, SetUserDisabled, RevokeUserTokens>;
  using Events = core::TypeList<UserAdded, UserRoleChanged, UserPasswordChanged, UserDisabled,
                                UserEnabled, UserTokensRevoked>;
};

using Emitted = std::variant<UserAdded, UserRoleChanged, UserPasswordChanged, UserDisabled,
                             UserEnabled, UserTokensRevoked>;

// kInvalidArgument for a bad name, display name, organisation or hash (naming the field);
// kConflict for a name taken; kNotFound for an unknown user; kFailedPrecondition for no change,
// or for taking away the last enabled administrator of the root organisation.
Result<std::vector<Emitted>> Decide(const core::DecideContext& ctx, const AddUser& c);
Result<std::vector<Emitted>> Decide(const core::DecideContext& ctx, const ChangeUserRole& c);
Result<std::vector<Emitted>> Decide(const core::DecideContext& ctx, const ChangePassword& c);
Result<std::vector<Emitted>> Decide(const core::DecideContext& ctx, const SetUserDisabled& c);
Result<std::vector<Emitted>> Decide(const core::DecideContext& ctx, const RevokeUserTokens& c);

// kCorruption (core::NotApplicable) when the event does not fit the state.
Status Apply(core::StateWriter& w, const core::EventMeta& e, const UserAdded& b);
Status Apply(core::StateWriter& w, const core::EventMeta& e, const UserRoleChanged& b);
Status Apply(core::StateWriter& w, const core::EventMeta& e, const UserPasswordChanged& b);
Status Apply(core::StateWriter& w, const core::EventMeta& e, const UserDisabled& b);
Status Apply(core::StateWriter& w, const core::EventMeta& e, const UserEnabled& b);
Status Apply(core::StateWriter& w, const core::EventMeta& e, const UserTokensRevoked& b);

}  // namespace elink::auth
