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
      .Add(
          {.method = "POST",
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
            // The check and the count are one step: the attempt holds its slot until it ends.
            auto attempt = std::make_shared<auth::LoginLimiter::Attempt>(
                ctx.login_limiter.Begin(name, address));
            if (!attempt->ok()) {
              const Millis wait = attempt->retry_after();
              call->FailRetryAfter(
                  429, "too_many_requests",
                  Status::Unauthenticated(msg::kTooManySignIns, Service::Call::RetrySeconds(wait)),
                  wait);
              return Status::Ok();
            }
            // argon2id costs ~50-100 ms of CPU on purpose: never on an I/O thread. A refused
            // job drops its attempt unended, which gives the slot back without counting.
            const bool queued = ctx.login_pool.TryPost([&ctx, call, attempt, name = std::move(name),
                                                        password = std::move(password)] {
              if (ctx.options.before_password_check) ctx.options.before_password_check();
              Result<const core::User*> checked = auth::CheckPassword(*call->state, name, password);
              if (!checked.ok()) {
                attempt->Failed();
                call->Fail(checked.status());
                return;
              }
              const core::User* user = *checked;
              attempt->Succeeded();
              const TimePoint expires = ctx.clock.Now() + ctx.options.token_ttl;
              call->Reply(200, {{"token", auth::IssueToken(*ctx.options.token_key.Get(), user->name,
                                                           user->token_version, expires)},
                                {"expires_at", TimeJson(expires)},
                                {"user", UserJson(*user)}});
            });
            if (!queued) {
              const Millis wait = std::chrono::seconds(1);
              call->FailRetryAfter(
                  503, "unavailable",
                  Status::Unavailable(msg::kSignInBusy, Service::Call::RetrySeconds(wait)), wait);
            }
            return Status::Ok();
          })
      .Takes(Obj({{"user", Str()}, {"password", Str()}}))
      .Answers(table.Schema("LoginResponse",
                            Obj({{"token", Described(Str(), "Send as Authorization: Bearer …")},
                                 {"expires_at", Time()},
                                 {"user", user_schema}})))
      .MayFail({401, 415, 429, 503});
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
