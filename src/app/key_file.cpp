// SPDX-License-Identifier: Apache-2.0
#include "app/key_file.hpp"

#include "app/center_lock.hpp"
#include "app/messages.hpp"
#include "util/file.hpp"

#include <fcntl.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <system_error>
#include <vector>

namespace elink::app {

namespace {

std::vector<std::string_view> Words(std::string_view line) {
  std::vector<std::string_view> words;
  std::size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
    const std::size_t start = i;
    while (i < line.size() && line[i] != ' ' && line[i] != '\t') ++i;
    if (i > start) words.push_back(line.substr(start, i - start));
  }
  return words;
}

bool ParseMillis(std::string_view text, std::int64_t& out) {
  if (text.empty()) return false;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && end == text.data() + text.size();
}

Status IOFailure(const std::filesystem::path& path, const Message& verb, int error) {
  return Status::IOError(msg::kKeyFileIO, path.string(), verb, std::strerror(error));
}

std::string ModeText(mode_t mode) {
  char text[8];
  std::snprintf(text, sizeof text, "%04o", static_cast<unsigned>(mode & 07777));
  return text;
}

}  // namespace

std::filesystem::path KeyFilePath(const std::filesystem::path& db) { return db.string() + ".keys"; }

Result<auth::KeyRing> ParseKeys(std::string_view text, std::string_view source) {
  const std::string name(source);
  if (text.size() > kMaxKeyFileBytes) {
    return Status::InvalidArgument("keys", msg::kKeyFileTooLong, name, kMaxKeyFileBytes);
  }
  std::vector<auth::SigningKey> keys;
  std::size_t line_no = 0;
  while (!text.empty()) {
    const std::size_t end = std::min(text.find_first_of("\n;"), text.size());
    std::string_view line = text.substr(0, end);
    text.remove_prefix(std::min(end + 1, text.size()));
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    const std::vector<std::string_view> words = Words(line);
    if (words.empty() || words[0].front() == '#') continue;
    if (words.size() < 3 || words.size() > 4 || !auth::IsValidKeyId(words[0])) {
      return Status::InvalidArgument("keys", msg::kKeyFileLine, name, line_no);
    }
    if (keys.size() == kMaxKeys) {
      return Status::InvalidArgument("keys", msg::kKeyFileTooMany, name, kMaxKeys);
    }
    std::int64_t created = 0;
    std::int64_t retired = 0;
    if (!ParseMillis(words[1], created) || (words.size() == 4 && !ParseMillis(words[3], retired))) {
      return Status::InvalidArgument("keys", msg::kKeyFileBadTime, name, line_no);
    }
    Result<auth::TokenKey> key = auth::TokenKey::FromHex(words[2]);
    if (!key.ok()) return Status::InvalidArgument("keys", msg::kKeyFileBadKey, name, line_no);
    keys.push_back({.id = std::string(words[0]),
                    .created = FromUnixMillis(created),
                    .retired_until = words.size() == 4
                                         ? std::optional<TimePoint>(FromUnixMillis(retired))
                                         : std::nullopt,
                    .key = std::move(*key)});
  }
  Result<auth::KeyRing> ring = auth::KeyRing::Make(std::move(keys));
  if (!ring.ok()) return Status::InvalidArgument("keys", msg::kKeyFileBad, name, ring.status());
  return ring;
}

std::string FormatKeys(const auth::KeyRing& ring) {
  std::string out =
      "# elink token keys: id created_at_ms hex [retired_until_ms]. Secret: keep mode 0600.\n";
  for (const auth::SigningKey& k : ring.keys()) {
    out += k.id + " " + std::to_string(ToUnixMillis(k.created)) + " " + k.key.ToHex();
    if (k.retired_until) out += " " + std::to_string(ToUnixMillis(*k.retired_until));
    out += "\n";
  }
  return out;
}

Result<auth::KeyRing> ReadKeyFile(const std::filesystem::path& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0) {
    if (errno == ENOENT) return Status::NotFound(path.string() + ": no such file", "keys");
    return IOFailure(path, msg::kVerbRead, errno);
  }
  struct Closer {
    int fd;
    ~Closer() { ::close(fd); }
  } closer{fd};
  struct stat st {};
  if (::fstat(fd, &st) != 0) return IOFailure(path, msg::kVerbRead, errno);
  if (!S_ISREG(st.st_mode)) {
    return Status::FailedPrecondition(msg::kKeyFileNotRegular, path.string());
  }
  if ((st.st_mode & 077) != 0) {
    return Status::FailedPrecondition(msg::kKeyFileOpen, path.string(), ModeText(st.st_mode),
                                      path.string());
  }
  if (static_cast<std::uint64_t>(st.st_size) > kMaxKeyFileBytes) {
    return Status::InvalidArgument("keys", msg::kKeyFileTooLong, path.string(), kMaxKeyFileBytes);
  }
  std::string text(kMaxKeyFileBytes + 1, '\0');
  std::size_t size = 0;
  while (size < text.size()) {
    const ssize_t n = ::read(fd, text.data() + size, text.size() - size);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return IOFailure(path, msg::kVerbRead, errno);
    if (n == 0) break;
    size += static_cast<std::size_t>(n);
  }
  text.resize(size);
  return ParseKeys(text, path.string());
}

Status WriteKeyFile(const std::filesystem::path& path, const auth::KeyRing& ring) {
  int error = 0;
  if (!WriteFileAtomically(path.string(), FormatKeys(ring), 0600, &error).ok()) {
    return IOFailure(path, msg::kVerbWrite, error);
  }
  return Status::Ok();
}

auth::KeyRing NewKeyRing(TimePoint now) {
  return *auth::KeyRing::Make(
      {{.id = "1", .created = now, .retired_until = std::nullopt, .key = auth::TokenKey()}});
}

auth::KeyRing RotateKeys(const auth::KeyRing& ring, TimePoint now, Millis lifetime,
                         bool revoke_old) {
  std::vector<auth::SigningKey> keys;
  std::uint64_t next = 1;
  for (const auth::SigningKey& k : ring.keys()) {
    std::uint64_t number = 0;
    const auto [end, ec] = std::from_chars(k.id.data(), k.id.data() + k.id.size(), number);
    if (ec == std::errc() && end == k.id.data() + k.id.size()) next = std::max(next, number + 1);
    if (revoke_old) continue;
    if (k.retired_until && *k.retired_until <= now) continue;
    auth::SigningKey kept = k;
    if (!kept.retired_until) kept.retired_until = now + lifetime;
    keys.push_back(std::move(kept));
  }
  keys.push_back({.id = std::to_string(next),
                  .created = now,
                  .retired_until = std::nullopt,
                  .key = auth::TokenKey()});
  return *auth::KeyRing::Make(std::move(keys));
}

Status WipeLegacyKey(store::EventLog& log) {
  ELINK_ASSIGN_OR_RETURN(const std::optional<std::string> old, log.GetMeta(kLegacyTokenKeyMeta));
  if (!old || old->empty()) return Status::Ok();
  return log.SetMeta(kLegacyTokenKeyMeta, "");
}

Result<auth::KeyRing> LoadServeKeys(const std::filesystem::path& db, const store::EventLog& log) {
  if (const char* env = std::getenv(std::string(kTokenKeysEnv).c_str()); env != nullptr) {
    return ParseKeys(env, kTokenKeysEnv);
  }
  const std::filesystem::path path = KeyFilePath(db);
  Result<auth::KeyRing> ring = ReadKeyFile(path);
  if (ring.ok() || ring.status().code() != StatusCode::kNotFound) return ring;
  ELINK_ASSIGN_OR_RETURN(const std::optional<std::string> old, log.GetMeta(kLegacyTokenKeyMeta));
  if (old && !old->empty()) {
    return Status::FailedPrecondition(msg::kKeyInDatabase, db.string(), db.string());
  }
  return Status::FailedPrecondition(msg::kKeyFileMissing, path.string(), db.string());
}

Result<auth::LiveKeyRing> LiveServeKeys(const std::filesystem::path& db,
                                        const store::EventLog& log) {
  ELINK_ASSIGN_OR_RETURN(auth::KeyRing ring, LoadServeKeys(db, log));
  if (std::getenv(std::string(kTokenKeysEnv).c_str()) != nullptr) return auth::LiveKeyRing(ring);
  // What the file was when last read: a rotation renames a new file into place.
  struct Seen {
    std::mutex mu;
    ino_t inode = 0;
    timespec mtime{};
    off_t size = 0;
  };
  const std::filesystem::path path = KeyFilePath(db);
  auto seen = std::make_shared<Seen>();
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0) {
    seen->inode = st.st_ino;
    seen->mtime = st.st_mtim;
    seen->size = st.st_size;
  }
  auth::LiveKeyRing::Reload reload = [path, seen]() -> std::optional<auth::KeyRing> {
    const std::lock_guard lock(seen->mu);
    struct stat now {};
    if (::stat(path.c_str(), &now) != 0) {
      spdlog::warn("token keys: {}: {}; keeping the keys read before", path.string(),
                   std::strerror(errno));
      return std::nullopt;
    }
    if (now.st_ino == seen->inode && now.st_size == seen->size &&
        now.st_mtim.tv_sec == seen->mtime.tv_sec && now.st_mtim.tv_nsec == seen->mtime.tv_nsec) {
      return std::nullopt;
    }
    Result<auth::KeyRing> fresh = ReadKeyFile(path);
    if (!fresh.ok()) {
      spdlog::warn("token keys: {}; keeping the keys read before", fresh.status().ToString());
      return std::nullopt;
    }
    seen->inode = now.st_ino;
    seen->mtime = now.st_mtim;
    seen->size = now.st_size;
    spdlog::info("token keys: {} reloaded, current key {}", path.string(), fresh->current().id);
    return std::move(*fresh);
  };
  return auth::LiveKeyRing(std::move(ring), std::move(reload), std::chrono::seconds(1));
}

Status RunKeysRotate(const std::filesystem::path& db, bool revoke_old, const Clock& clock,
                     Lang lang, std::ostream& out) {
  std::error_code ec;
  if (!std::filesystem::exists(db, ec)) {
    return Status::NotFound(db.string() + ": no such file", "db");
  }
  const std::filesystem::path path = KeyFilePath(db);
  const TimePoint now = clock.Now();
  Result<auth::KeyRing> old = ReadKeyFile(path);
  if (!old.ok() && old.status().code() != StatusCode::kNotFound) return old.status();
  const auth::KeyRing ring =
      old.ok() ? RotateKeys(*old, now, auth::kDefaultTokenLifetime, revoke_old) : NewKeyRing(now);
  ELINK_RETURN_IF_ERROR(WriteKeyFile(path, ring));
  // The key an older build kept in the database is wiped now that a file exists; a running
  // server (which holds the lock) wiped it when it started.
  bool wiped = false;
  if (Result<CenterLock> lock = CenterLock::Acquire(db); lock.ok()) {
    ELINK_ASSIGN_OR_RETURN(auto log, store::OpenSqliteLog({.path = db}));
    ELINK_ASSIGN_OR_RETURN(const std::optional<std::string> legacy,
                           log->GetMeta(kLegacyTokenKeyMeta));
    wiped = legacy && !legacy->empty();
    ELINK_RETURN_IF_ERROR(WipeLegacyKey(*log));
  }
  const std::size_t kept = ring.keys().size() - 1;
  if (lang == Lang::kZh) {
    out << "已写入 " << path.string() << "：当前密钥 " << ring.current().id;
    if (!old.ok()) {
      out << "（新建密钥文件）";
    } else if (revoke_old) {
      out << "，旧密钥已全部撤销，其签发的令牌立即失效";
    } else {
      out << "，" << kept << " 个旧密钥在其令牌到期前仍有效";
    }
    if (wiped) out << "；已清除数据库中的旧密钥";
    out << "\n";
  } else {
    out << "wrote " << path.string() << ": current key " << ring.current().id;
    if (!old.ok()) {
      out << " (new key file)";
    } else if (revoke_old) {
      out << "; every old key revoked, the tokens they signed are refused at once";
    } else {
      out << "; " << kept << " old key(s) stay valid until their tokens expire";
    }
    if (wiped) out << "; the old key in the database was wiped";
    out << "\n";
  }
  return Status::Ok();
}

Status RunKeysList(const std::filesystem::path& db, const Clock& clock, Lang lang,
                   std::ostream& out) {
  const std::filesystem::path path = KeyFilePath(db);
  Result<auth::KeyRing> read = ReadKeyFile(path);
  if (!read.ok() && read.status().code() == StatusCode::kNotFound) {
    return Status::NotFound(msg::kKeyFileMissing, path.string(), db.string());
  }
  ELINK_ASSIGN_OR_RETURN(const auth::KeyRing ring, std::move(read));
  const TimePoint now = clock.Now();
  for (const auth::SigningKey& k : ring.keys()) {
    out << k.id << "  " << Tr(lang, "创建于 ", "created ") << FormatTime(k.created) << "  ";
    if (!k.retired_until) {
      out << Tr(lang, "当前（签发令牌）", "current (signs tokens)");
    } else if (*k.retired_until > now) {
      out << Tr(lang, "已轮换，验证至 ", "rotated, verifies until ")
          << FormatTime(*k.retired_until);
    } else {
      out << Tr(lang, "已过期 ", "expired ") << FormatTime(*k.retired_until);
    }
    out << "\n";
  }
  return Status::Ok();
}

}  // namespace elink::app
