#pragma once
// The keys that sign bearer tokens, kept out of the center database: in a file beside it,
// `<db>.keys` with mode 0600, which `elink init` creates and `elink keys rotate` rewrites, or in
// the environment variable ELINK_TOKEN_KEYS when the operator sets it (then the file is not read).
//
//   # elink token keys: id created_at_ms hex [retired_until_ms]
//   1 1764000000000 9f…(64 hex digits)… 1764043200000
//   2 1764000000000 3c…(64 hex digits)…
//
// One key a line: its id (auth::IsValidKeyId), when it was made and, on a retired key, until when
// it still verifies (Unix milliseconds); '#' starts a comment line. Exactly one key has no
// retirement time: the current one, which signs. In ELINK_TOKEN_KEYS, ';' may separate lines.
// Errors name the file (or the variable) and the line, never a key.

#include "app/i18n.hpp"
#include "auth/token.hpp"
#include "store/event_log.hpp"
#include "util/clock.hpp"
#include "util/status.hpp"

#include <filesystem>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>

namespace elink::app {

inline constexpr std::string_view kTokenKeysEnv = "ELINK_TOKEN_KEYS";
// Where the key of an older build lived: the center database's meta table. Never read.
inline constexpr std::string_view kLegacyTokenKeyMeta = "api_token_key";
// A key file longer than this, or with more keys, is refused unread.
inline constexpr std::size_t kMaxKeyFileBytes = 64 << 10;
inline constexpr std::size_t kMaxKeys = 100;

// `<db>.keys`.
std::filesystem::path KeyFilePath(const std::filesystem::path& db);

// The keys `text` lists; `source` names it in errors (a path, or ELINK_TOKEN_KEYS).
// kInvalidArgument (field "keys") naming the line when it is not the format above, or too long.
Result<auth::KeyRing> ParseKeys(std::string_view text, std::string_view source);
// The file's text for `ring` (ParseKeys reads it back).
std::string FormatKeys(const auth::KeyRing& ring);

// Reads a key file. kNotFound when it does not exist; kFailedPrecondition when it is not a
// regular file or group or others may read or write it (mode wider than 0600); ParseKeys' errors.
Result<auth::KeyRing> ReadKeyFile(const std::filesystem::path& path);
// Replaces the key file atomically (a temporary file of mode 0600, fsync, rename).
Status WriteKeyFile(const std::filesystem::path& path, const auth::KeyRing& ring);

// A ring of one new random key, id "1", made at `now`.
auth::KeyRing NewKeyRing(TimePoint now);
// `ring` with a new current key (the next free number as its id). The old current key verifies
// until now + `lifetime` (the tokens it signed expire by then); keys retired before `now` are
// dropped. With `revoke_old`, only the new key is kept: every token signed before is refused.
auth::KeyRing RotateKeys(const auth::KeyRing& ring, TimePoint now, Millis lifetime,
                         bool revoke_old);

// Wipes an older build's key from the center's meta table (the store cannot delete metadata, so
// its value is replaced by ""). OK when there is none.
Status WipeLegacyKey(store::EventLog& log);

// The keys `elink serve` verifies with: ELINK_TOKEN_KEYS when set, else the key file of `db`.
// Refuses (kFailedPrecondition) when the file is missing, saying to run `elink keys rotate`, and
// differently when the database still holds an older build's key, which is never used.
Result<auth::KeyRing> LoadServeKeys(const std::filesystem::path& db, const store::EventLog& log);
// The key ring of a running server: reloads the key file when it changes (checked at most once a
// second), so that a rotation applies without a restart. The environment's keys never change.
Result<auth::LiveKeyRing> LiveServeKeys(const std::filesystem::path& db,
                                        const store::EventLog& log);

// `elink keys rotate`: a new current key in the key file of `db` (creating the file when there is
// none), old keys valid for the token lifetime or, with `revoke_old`, removed; wipes an older
// build's key from the database when no server holds it.
Status RunKeysRotate(const std::filesystem::path& db, bool revoke_old, const Clock& clock,
                     Lang lang, std::ostream& out);
// `elink keys list`: ids, creation and retirement times, which is current; never a key.
Status RunKeysList(const std::filesystem::path& db, const Clock& clock, Lang lang,
                   std::ostream& out);

}  // namespace elink::app
