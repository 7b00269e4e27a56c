// SPDX-License-Identifier: Apache-2.0
#include "app/user_cli.hpp"

#include "auth/messages.hpp"
#include "auth/password.hpp"

#include <fstream>
#include <optional>
#include <string_view>
#include <system_error>

namespace elink::app {

namespace {

std::string OrgText(const core::State& state, const core::OrgId& id, Lang lang) {
  const core::Organisation* org = state.FindOrg(id);
  if (org == nullptr) return id.value();
  const std::string& name = lang == Lang::kZh ? org->name.zh : org->name.en;
  return name.empty() ? id.value() : name + " (" + id.value() + ")";
}

}  // namespace

Result<std::string> ReadPassword(std::istream& in) {
  std::string line;
  if (!std::getline(in, line)) return Status::InvalidArgument("password", "no password given");
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

Result<std::string> ReadPasswordFile(const std::filesystem::path& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return Status::NotFound(path.string() + ": no such file");
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::IOError(path.string() + ": cannot read");
  ELINK_ASSIGN_OR_RETURN(std::string password, ReadPassword(in));
  if (password.empty()) return Status::InvalidArgument("password", path.string() + " is empty");
  return password;
}

Status RunUserAdd(engine::Engine& engine, const std::string& actor, const std::string& name,
                  const std::string& display, const std::string& role, const std::string& org,
                  const std::string& password, Lang lang, std::ostream& out) {
  const std::optional<core::Role> parsed = core::ParseEnum<core::Role>(role);
  if (!parsed) {
    return Status::InvalidArgument("role", "expected one of " + core::AcceptedCodes<core::Role>());
  }
  ELINK_ASSIGN_OR_RETURN(std::string hash, auth::HashPassword(password));
  auth::AddUser add;
  add.name = name;
  add.display = display.empty() ? core::Name{name, name} : core::Name{display, display};
  add.role = *parsed;
  add.org = core::OrgId(org);
  add.password_hash = std::move(hash);
  ELINK_RETURN_IF_ERROR(
      engine.Execute({.actor = actor, .request_id = "", .body = std::move(add)}).status());
  const auto state = engine.View();
  if (lang == Lang::kZh) {
    out << "已添加用户 " << name << "：" << Label(*parsed, lang) << "，"
        << OrgText(*state, core::OrgId(org), lang) << "\n";
  } else {
    out << "user " << name << " added: " << Label(*parsed, lang) << " at "
        << OrgText(*state, core::OrgId(org), lang) << "\n";
  }
  return Status::Ok();
}

void RunUserList(const core::State& state, Lang lang, std::ostream& out) {
  if (state.users().empty()) {
    out << Tr(lang, "尚无用户（用 elink user add 添加）\n",
              "no users yet (add one with elink user add)\n");
    return;
  }
  for (const auto& [name, user] : state.users()) {
    const std::string& display = lang == Lang::kZh ? user.display.zh : user.display.en;
    out << name << "  " << (display.empty() ? name : display) << "  " << Label(user.role, lang)
        << "  " << OrgText(state, user.org, lang) << "  "
        << (user.disabled ? Tr(lang, "已停用", "disabled") : Tr(lang, "启用", "enabled")) << "  "
        << Tr(lang, "创建于 ", "created ") << FormatTime(user.created_at) << "\n";
  }
}

Status RunUserDisable(engine::Engine& engine, const std::string& actor, const std::string& name,
                      bool disabled, Lang lang, std::ostream& out) {
  ELINK_RETURN_IF_ERROR(
      engine
          .Execute(
              {.actor = actor, .request_id = "", .body = auth::SetUserDisabled{name, disabled}})
          .status());
  if (lang == Lang::kZh) {
    out << "用户 " << name << (disabled ? " 已停用，其令牌已失效\n" : " 已启用\n");
  } else {
    out << "user " << name
        << (disabled ? " disabled; their tokens no longer work\n" : " enabled\n");
  }
  return Status::Ok();
}

Status RunUserPassword(engine::Engine& engine, const std::string& actor, const std::string& name,
                       const std::string& password, Lang lang, std::ostream& out) {
  // Checked before the slow hash so that a typo in the name fails at once.
  if (engine.View()->FindUser(name) == nullptr) {
    return Status::NotFound(auth::msg::kNoUser, name.substr(0, core::kMaxUserNameBytes)).At("name");
  }
  ELINK_ASSIGN_OR_RETURN(std::string hash, auth::HashPassword(password));
  ELINK_RETURN_IF_ERROR(engine
                            .Execute({.actor = actor,
                                      .request_id = "",
                                      .body = auth::ChangePassword{name, std::move(hash)}})
                            .status());
  out << (lang == Lang::kZh
              ? "用户 " + name + " 的密码已更改，其令牌已失效\n"
              : "password of user " + name + " changed; their tokens no longer work\n");
  return Status::Ok();
}

}  // namespace elink::app
