#pragma once
// The messages of the command line (util/message.hpp): lists given as options, in English and
// zh-CN.

#include "util/message.hpp"

namespace elink::app::msg {

ELINK_MESSAGE(kAtMostItems, "app.at_most_items", "at most {} items", "最多 {} 项");
ELINK_MESSAGE(kNameAtLeastOne, "app.name_at_least_one", "name at least one", "请至少指定一项");

// ---- token keys (app/key_file.cpp)
ELINK_MESSAGE(kKeyFileMissing, "app.key_file_missing",
              "{}: no token key file; create one with: elink keys rotate --db {}",
              "{}：没有令牌密钥文件；请运行 elink keys rotate --db {} 创建");
ELINK_MESSAGE(
    kKeyInDatabase, "app.key_in_database",
    "{}: the token signing key is still in the database (meta api_token_key), where "
    "whoever reads the database can mint tokens; it is no longer used. Move to a key "
    "file with: elink keys rotate --db {} (everyone signs in again)",
    "{}：令牌签名密钥仍保存在数据库中（meta 表 api_token_key），能读取数据库者即可伪造"
    "令牌；该密钥已不再使用。请运行 elink keys rotate --db {} 改用密钥文件（所有用户需重新登录）");
ELINK_MESSAGE(kKeyFileOpen, "app.key_file_open",
              "{}: mode {} lets group or others read or write the token keys; run: chmod 600 {}",
              "{}：权限 {} 允许同组或其他用户读写令牌密钥；请运行 chmod 600 {}");
ELINK_MESSAGE(kKeyFileNotRegular, "app.key_file_not_regular", "{}: not a regular file",
              "{}：不是普通文件");
ELINK_MESSAGE(kKeyFileTooLong, "app.key_file_too_long", "{}: longer than {} bytes",
              "{}：超过 {} 字节");
ELINK_MESSAGE(kKeyFileTooMany, "app.key_file_too_many", "{}: more than {} keys",
              "{}：密钥超过 {} 个");
ELINK_MESSAGE(kKeyFileLine, "app.key_file_line",
              "{}, line {}: expected 'id created_at_ms hex [retired_until_ms]'",
              "{}，第 {} 行：应为“编号 创建时间(毫秒) 十六进制密钥 [停用时间(毫秒)]”");
ELINK_MESSAGE(kKeyFileBadKey, "app.key_file_bad_key", "{}, line {}: the key is not 64 hex digits",
              "{}，第 {} 行：密钥不是 64 位十六进制数");
ELINK_MESSAGE(kKeyFileBadTime, "app.key_file_bad_time",
              "{}, line {}: a time is not a whole number of milliseconds",
              "{}，第 {} 行：时间不是整数毫秒");
ELINK_MESSAGE(kKeyFileBad, "app.key_file_bad", "{}: {}", "{}：{}");
ELINK_MESSAGE(kKeyFileIO, "app.key_file_io", "{}: cannot {}: {}", "{}：无法{}：{}");
ELINK_MESSAGE(kVerbRead, "app.verb.read", "read", "读取");
ELINK_MESSAGE(kVerbWrite, "app.verb.write", "write", "写入");

// ---- the center's lock (app/center_lock.cpp)
ELINK_MESSAGE(kCenterHeld, "app.center_held",
              "{} is held by a running elink process (pid {}), most likely `elink serve`: "
              "nothing was changed. While a server runs, change the center through its API "
              "(e.g. POST /api/v1/users/NAME/disable; docs/api.md), or stop it first",
              "{} 正被运行中的 elink 进程（pid {}，多半是 elink serve）占用：未做任何更改。"
              "服务运行期间请通过其 API 修改（例如 POST /api/v1/users/NAME/disable，见 "
              "docs/api.md），或先停止服务");
ELINK_MESSAGE(kCenterLockIO, "app.center_lock_io", "{}: cannot lock: {}", "{}：无法加锁：{}");

}  // namespace elink::app::msg
