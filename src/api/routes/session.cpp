// SPDX-License-Identifier: Apache-2.0
// The routes of signing in (a bearer token) and who is signed in.
#include "api/internal/routes.hpp"
#include "auth/password.hpp"

namespace elink::api::internal {

using auth::Action;

namespace {

Json UserJson(const core::User& u) {
  // Never the password hash.
  return {{"name", u.name},
          {"display", NameJson(u.display)},
          {"role", std::string(core::CodeOf(u.role))},
          {"org", u.org.value()}};
}

}  // namespace

void AddSessionRoutes(RouteTable& table, RouteContext& ctx) {
  using namespace schema;
  const Json user_schema = table.Schema(
      "User", Obj({{"name", Str()},
                   {"display", Ref("Localized")},
                   {"role", table.Schema("Role", Enum<core::Role>())},
                   {"org", Described(Str(), "The organisation whose jurisdiction the user has")}}));
  table
      .Add({.method = "POST",
            .pattern = "/api/v1/auth/login",
            .operation_id = "login",
            .summary = "Sign in; returns a bearer token",
            .is_public = true},
           [&ctx](const CallPtr& call) {
             if (!RequireJsonBody(*call)) return Status::Ok();
             ELINK_ASSIGN_OR_RETURN(JsonObject body, JsonObject::Parse(call->request.body));
             std::string name;
             std::string password;
             ELINK_RETURN_IF_ERROR(body.String("user", &name, true, 64));
             ELINK_RETURN_IF_ERROR(body.String("password", &password, true, 1024));
             ELINK_RETURN_IF_ERROR(body.Finish());
             // Failures count per client address, not per connection: drop the port.
             const std::string& peer = call->request.remote_address;
             const std::string address = peer.substr(0, peer.rfind(':'));
             if (const Millis wait = ctx.login_limiter.RetryAfter(name, address);
                 wait.count() > 0) {
               call->Fail(
                   429, "too_many_requests",
                   Status::Unauthenticated(msg::kTooManySignIns, (wait.count() + 999) / 1000));
               return Status::Ok();
             }
             Result<const core::User*> checked = auth::CheckPassword(*call->state, name, password);
             if (!checked.ok()) {
               ctx.login_limiter.RecordFailure(name, address);
               return checked.status();
             }
             const core::User* user = *checked;
             ctx.login_limiter.RecordSuccess(name, address);
             const TimePoint expires = ctx.clock.Now() + ctx.options.token_ttl;
             call->Reply(200, {{"token", auth::IssueToken(*ctx.options.token_key.Get(), user->name,
                                                          user->token_version, expires)},
                               {"expires_at", TimeJson(expires)},
                               {"user", UserJson(*user)}});
             return Status::Ok();
           })
      .Takes(Obj({{"user", Str()}, {"password", Str()}}))
      .Answers(table.Schema("LoginResponse",
                            Obj({{"token", Described(Str(), "Send as Authorization: Bearer …")},
                                 {"expires_at", Time()},
                                 {"user", user_schema}})))
      .MayFail({401, 415, 429});
  table
      .Add({.method = "GET",
            .pattern = "/api/v1/me",
            .operation_id = "getMe",
            .summary = "The signed-in user"},
           [](const CallPtr& call) {
             call->Reply(200, UserJson(*call->user));
             return Status::Ok();
           })
      .Answers(user_schema);
}

}  // namespace elink::api::internal
