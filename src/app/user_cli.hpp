#pragma once
// `elink user add|list|disable|enable|password`: the users of `elink serve`, managed on the
// center's database directly (whoever holds the database file needs no login; the first
// administrator is made this way). Passwords are read from stdin or a file, never taken on the
// command line, where `ps` would show them; they are hashed here (argon2id, ~100 ms) and the
// command carries only the hash. Hashes are never printed.

#include "app/i18n.hpp"
#include "core/state.hpp"
#include "engine/engine.hpp"
#include "util/status.hpp"

#include <filesystem>
#include <istream>
#include <ostream>
#include <string>

namespace elink::app {

// The first line of `in` without its line end ("\n" or "\r\n"): for --password-stdin.
// kInvalidArgument, field "password", when `in` has no line.
Result<std::string> ReadPassword(std::istream& in);
// The first line of the file at `path`: for --password-file. kNotFound when there is no such
// file, kIOError when it cannot be read, kInvalidArgument when it is empty.
Result<std::string> ReadPasswordFile(const std::filesystem::path& path);

// Adds user `name` with `role` (a code: dispatcher, commander, regional_coordinator, analyst,
// grid_worker, viewer, admin) at organisation `org`; `display` is the name shown to people (both
// languages; the login name when empty). kInvalidArgument for a bad role or a password shorter
// than 8 or longer than 1024 bytes (field "password"); the engine's codes otherwise (kConflict for
// an existing name, kInvalidArgument for a bad name or an unknown org).
Status RunUserAdd(engine::Engine& engine, const std::string& actor, const std::string& name,
                  const std::string& display, const std::string& role, const std::string& org,
                  const std::string& password, Lang lang, std::ostream& out);

// One line per user: name, display name, role, organisation, enabled or disabled, created.
void RunUserList(const core::State& state, Lang lang, std::ostream& out);

// Disables (`disabled`) or enables user `name`. Disabling revokes the user's tokens.
// kNotFound for an unknown user; kFailedPrecondition when already so, or for the last
// administrator of the root organisation.
Status RunUserDisable(engine::Engine& engine, const std::string& actor, const std::string& name,
                      bool disabled, Lang lang, std::ostream& out);

// Sets a new password (revoking the user's tokens). Codes as RunUserAdd.
Status RunUserPassword(engine::Engine& engine, const std::string& actor, const std::string& name,
                       const std::string& password, Lang lang, std::ostream& out);

}  // namespace elink::app
