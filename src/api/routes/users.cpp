// SPDX-License-Identifier: Apache-2.0
// The routes of user administration: everything `elink user` does, so that a live center never
// needs the command line (which a running server's lock refuses). Only administrators, and an
// administrator of a sub-organisation only for users within its subtree (both where the user is
// and where it is moved to). Passwords are hashed on the compute pool, never on an I/O thread.
#include "api/internal/routes.hpp"
#include "auth/commands.hpp"
#include "auth/messages.hpp"
#include "auth/password.hpp"

namespace elink::api::internal {

using auth::Action;

namespace {

Json ManagedUserJson(const core::User& u) {
  // Never the password hash.
  return {{"name", u.name},
          {"display", NameJson(u.display)},
          {"role", std::string(core::CodeOf(u.role))},
          {"org", u.org.value()},
          {"disabled", u.disabled},
          {"created_at", TimeJson(u.created_at)}};
}

// The user the path names, if the caller (an administrator) may manage it: 403 for other roles
// before anything is looked up, 404 for no such user, 403 outside the caller's subtree.
Result<const core::User*> ManagedUser(const Service::Call& call) {
  ELINK_RETURN_IF_ERROR(Allowed(call, Action::kManageUsers));
  const std::string& name = call.params[0];
  const core::User* user = call.state->FindUser(name);
  if (user == nullptr) {
    return Status::NotFound(auth::msg::kNoUser, name.substr(0, core::kMaxUserNameBytes)).At("name");
  }
  ELINK_RETURN_IF_ERROR(Allowed(call, Action::kManageUsers, user->org));
  return user;
}

// The engine names the command's fields; the request's are the same but for the hash.
std::string FieldOfUserCommand(const std::string& field) {
  return field == "password_hash" ? "password" : field;
}

}  // namespace

void AddUserRoutes(RouteTable& table, RouteContext& ctx) {
  using namespace schema;
  const Json managed = table.Schema(
      "ManagedUser",
      Obj({{"name", Str()},
           {"display", Ref("Localized")},
           {"role", Ref("Role")},
           {"org", Described(Str(), "The organisation whose jurisdiction the user has")},
           {"disabled",
            Described(Bool(), "A disabled user cannot sign in; its tokens are refused")},
           {"created_at", Time()}}));
  table
      .Add({.method = "GET",
            .pattern = "/api/v1/users",
            .operation_id = "listUsers",
            .summary =
                "The users an administrator manages: those within its organisation's subtree"},
           [](const CallPtr& call) {
             ELINK_RETURN_IF_ERROR(Allowed(*call, Action::kManageUsers));
             Json items = Json::array();
             for (const auto& [name, user] : call->state->users()) {
               if (auth::Check(*call->state, *call->user, Action::kManageUsers, user.org).ok()) {
                 items.push_back(ManagedUserJson(user));
               }
             }
             call->Reply(200, {{"items", std::move(items)}});
             return Status::Ok();
           })
      .Answers(Items(managed));
  table
      .Add({.method = "POST",
            .pattern = "/api/v1/users",
            .operation_id = "createUser",
            .summary = "Add a user (name, role, organisation, password); names are never reused"},
           [&ctx](const CallPtr& call) {
             ELINK_RETURN_IF_ERROR(Allowed(*call, Action::kManageUsers));
             ELINK_ASSIGN_OR_RETURN(JsonObject body, JsonObject::Parse(call->request.body));
             auth::AddUser add;
             std::string role;
             std::string org;
             std::string password;
             std::string display_zh;
             std::string display_en;
             ELINK_RETURN_IF_ERROR(body.String("name", &add.name, true, core::kMaxUserNameBytes));
             ELINK_RETURN_IF_ERROR(body.String("role", &role, true, 32));
             ELINK_RETURN_IF_ERROR(body.String("org", &org, true, 64));
             ELINK_RETURN_IF_ERROR(
                 body.String("password", &password, true, auth::kMaxPasswordBytes));
             ELINK_ASSIGN_OR_RETURN(JsonObject display, body.Object("display", false));
             ELINK_RETURN_IF_ERROR(display.String("zh", &display_zh, false));
             ELINK_RETURN_IF_ERROR(display.String("en", &display_en, false));
             ELINK_RETURN_IF_ERROR(display.Finish());
             ELINK_RETURN_IF_ERROR(body.Finish());
             ELINK_ASSIGN_OR_RETURN(add.role, core::ParseEnumField<core::Role>(role, "role"));
             add.org = core::OrgId(org);
             ELINK_RETURN_IF_ERROR(core::GetOrg(*call->state, add.org, "org").status());
             ELINK_RETURN_IF_ERROR(Allowed(*call, Action::kManageUsers, add.org));
             if (!core::IsValidUserName(add.name)) {
               return Status::InvalidArgument("name", auth::msg::kUserName,
                                              core::kMaxUserNameBytes);
             }
             // Before the slow hash: a taken name fails at once.
             if (call->state->FindUser(add.name) != nullptr) {
               return Status::Conflict(auth::msg::kUserExists, add.name).At("name");
             }
             add.display = core::Name{display_zh.empty() ? add.name : display_zh,
                                      display_en.empty() ? add.name : display_en};
             return ctx.OnCompute(
                 call,
                 [&ctx, call, add = std::move(add),
                  password = std::move(password)]() mutable -> Status {
                   ELINK_ASSIGN_OR_RETURN(add.password_hash, auth::HashPassword(password));
                   return ctx.Submit(call, std::move(add), Saved(call), FieldOfUserCommand);
                 });
           })
      .Takes(Obj({{"name", Str()},
                  {"role", Ref("Role")},
                  {"org", Str()},
                  {"password", Described(Str(), "At least 8 bytes; stored as an argon2id hash")},
                  {"display?", Obj({{"zh?", Str()}, {"en?", Str()}})}}))
      .Answers(Ref("CommandResponse"))
      .MayFail({409, 503});

  // The changes of one user, each an admin's command on the user the path names.
  struct Change {
    std::string_view pattern;
    std::string_view operation_id;
    std::string_view summary;
    std::function<engine::CommandBody(const core::User&)> command;
  };
  for (const Change& change : std::vector<Change>{
           {"/api/v1/users/{name}/disable", "disableUser",
            "Disable a user: its tokens are refused at once and it cannot sign in",
            [](const core::User& u) {
              return auth::SetUserDisabled{u.name, true};
            }},
           {"/api/v1/users/{name}/enable", "enableUser",
            "Enable a disabled user (its old tokens stay revoked)",
            [](const core::User& u) {
              return auth::SetUserDisabled{u.name, false};
            }},
           {"/api/v1/users/{name}/revoke-tokens", "revokeUserTokens",
            "Sign a user out everywhere: every token issued to it so far is refused",
            [](const core::User& u) { return auth::RevokeUserTokens{u.name}; }}}) {
    table
        .Add({.method = "POST",
              .pattern = change.pattern,
              .operation_id = change.operation_id,
              .summary = change.summary},
             [&ctx, command = change.command](const CallPtr& call) {
               ELINK_ASSIGN_OR_RETURN(const core::User* user, ManagedUser(*call));
               ELINK_ASSIGN_OR_RETURN(JsonObject body, JsonObject::Parse(call->request.body, true));
               ELINK_RETURN_IF_ERROR(body.Finish());
               return ctx.Submit(call, command(*user), Saved(call));
             })
        .Takes(Described(Obj(std::initializer_list<std::pair<std::string_view, Json>>{}),
                         "No body, or an empty object"))
        .Answers(Ref("CommandResponse"))
        .MayFail({409, 503});
  }
  table
      .Add({.method = "POST",
            .pattern = "/api/v1/users/{name}/role",
            .operation_id = "changeUserRole",
            .summary = "Change a user's role and, optionally, organisation (tokens stay valid)"},
           [&ctx](const CallPtr& call) {
             ELINK_ASSIGN_OR_RETURN(const core::User* user, ManagedUser(*call));
             ELINK_ASSIGN_OR_RETURN(JsonObject body, JsonObject::Parse(call->request.body));
             std::string role;
             std::string org = user->org.value();
             ELINK_RETURN_IF_ERROR(body.String("role", &role, true, 32));
             ELINK_RETURN_IF_ERROR(body.String("org", &org, false, 64));
             ELINK_RETURN_IF_ERROR(body.Finish());
             ELINK_ASSIGN_OR_RETURN(const core::Role parsed,
                                    core::ParseEnumField<core::Role>(role, "role"));
             const core::OrgId to(org);
             ELINK_RETURN_IF_ERROR(core::GetOrg(*call->state, to, "org").status());
             ELINK_RETURN_IF_ERROR(Allowed(*call, Action::kManageUsers, to));
             return ctx.Submit(call, auth::ChangeUserRole{user->name, parsed, to}, Saved(call));
           })
      .Takes(Obj({{"role", Ref("Role")},
                  {"org?", Described(Str(), "The user's new organisation; default: unchanged")}}))
      .Answers(Ref("CommandResponse"))
      .MayFail({409, 503});
  table
      .Add({.method = "POST",
            .pattern = "/api/v1/users/{name}/password",
            .operation_id = "resetUserPassword",
            .summary = "Set a user's password; every token issued to it so far is refused"},
           [&ctx](const CallPtr& call) {
             ELINK_ASSIGN_OR_RETURN(const core::User* user, ManagedUser(*call));
             ELINK_ASSIGN_OR_RETURN(JsonObject body, JsonObject::Parse(call->request.body));
             std::string password;
             ELINK_RETURN_IF_ERROR(
                 body.String("password", &password, true, auth::kMaxPasswordBytes));
             ELINK_RETURN_IF_ERROR(body.Finish());
             return ctx.OnCompute(
                 call, [&ctx, call, name = user->name, password = std::move(password)]() -> Status {
                   ELINK_ASSIGN_OR_RETURN(std::string hash, auth::HashPassword(password));
                   return ctx.Submit(call, auth::ChangePassword{name, std::move(hash)}, Saved(call),
                                     FieldOfUserCommand);
                 });
           })
      .Takes(Obj({{"password", Described(Str(), "At least 8 bytes")}}))
      .Answers(Ref("CommandResponse"))
      .MayFail({409, 503});
}

}  // namespace elink::api::internal
