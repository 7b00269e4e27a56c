#pragma once
// The messages of users, sign-in and the access policy (util/message.hpp): why a user command, a
// token, a password or a sign-in is refused, what a role may not do (each action is a word, said
// as "role viewer may not dispatch"), and what is outside a jurisdiction, in English and zh-CN.

#include "util/message.hpp"

namespace elink::auth::msg {

// ---- users (auth/decide.cpp)
ELINK_MESSAGE(kNoUser, "auth.no_user", "no user '{}'", "没有用户“{}”");
ELINK_MESSAGE(kCoordinatorAtRoot, "auth.coordinator_at_root",
              "a regional coordinator belongs to the root organisation",
              "区域协调员只能属于根组织");
ELINK_MESSAGE(kNotArgon2id, "auth.not_argon2id", "not an argon2id hash string",
              "不是 argon2id 哈希串");
ELINK_MESSAGE(kLastRootAdmin, "auth.last_root_admin",
              "user '{}' is the last administrator of the root organisation",
              "用户“{}”是根组织的最后一位管理员");
ELINK_MESSAGE(kUserName, "auth.user_name", "1 to {} characters, each a-z, 0-9, '.', '_' or '-'",
              "1 至 {} 个字符，每个字符为 a-z、0-9、“.”、“_”或“-”");
ELINK_MESSAGE(kUserExists, "auth.user_exists", "user '{}' already exists", "用户“{}”已存在");
ELINK_MESSAGE(kAlreadyRoleAt, "auth.already_role_at", "user '{}' already is {} at {}",
              "用户“{0}”已是{2}的{1}");
ELINK_MESSAGE(kAlreadyDisabled, "auth.already_disabled", "user '{}' is already disabled",
              "用户“{}”已处于停用状态");
ELINK_MESSAGE(kAlreadyEnabled, "auth.already_enabled", "user '{}' is already enabled",
              "用户“{}”已处于启用状态");

// ---- tokens and passwords (auth/token.cpp, auth/password.cpp, auth/login_limiter.cpp)
ELINK_MESSAGE(kMissingToken, "auth.missing_token", "missing token", "缺少登录令牌");
ELINK_MESSAGE(kMalformedToken, "auth.malformed_token", "malformed token", "登录令牌格式错误");
ELINK_MESSAGE(kBadSignature, "auth.bad_signature", "token signature does not verify",
              "登录令牌签名验证失败");
ELINK_MESSAGE(kTokenExpired, "auth.token_expired", "token expired", "登录令牌已过期");
ELINK_MESSAGE(kUnknownUserToken, "auth.unknown_user_token", "token of an unknown user",
              "登录令牌所属的用户不存在");
ELINK_MESSAGE(kUserDisabled, "auth.user_disabled", "user '{}' is disabled", "用户“{}”已停用");
ELINK_MESSAGE(kTokenRevoked, "auth.token_revoked", "token revoked", "登录令牌已被撤销");
ELINK_MESSAGE(kNoKeys, "auth.no_keys", "no token signing key", "没有令牌签名密钥");
ELINK_MESSAGE(kBadKeyId, "auth.bad_key_id",
              "key id '{}' is not 1 to {} characters, each A-Z, a-z, 0-9, '_' or '-'",
              "密钥编号“{}”不是 1 至 {} 个字符（A-Z、a-z、0-9、“_”或“-”）");
ELINK_MESSAGE(kDuplicateKeyId, "auth.duplicate_key_id", "key id '{}' appears twice",
              "密钥编号“{}”重复出现");
ELINK_MESSAGE(kOneCurrentKey, "auth.one_current_key",
              "exactly one key must be current (without a retirement time); found {}",
              "必须恰有一个当前密钥（无停用时间），实有 {} 个");
ELINK_MESSAGE(kWrongPassword, "auth.wrong_password", "wrong user name or password",
              "用户名或密码错误");
ELINK_MESSAGE(kShorterThan, "auth.shorter_than", "shorter than {} bytes", "少于 {} 字节");
ELINK_MESSAGE(kCannotHash, "auth.cannot_hash", "cannot hash the password (out of memory)",
              "无法计算密码哈希（内存不足）");
ELINK_MESSAGE(kTooManyLogins, "auth.too_many_logins", "too many failed logins; try again in {} s",
              "登录失败次数过多，请 {} 秒后重试");

// ---- the access policy (auth/policy.cpp): a role and an action (a word below)
ELINK_MESSAGE(kRoleMayNot, "auth.role_may_not", "role {} may not {}", "{}角色无权{}");
ELINK_MESSAGE(kOutside, "auth.outside", "{} is outside {}'s jurisdiction", "{}不在{}的管辖范围内");
ELINK_MESSAGE(kIncidentOutside, "auth.incident_outside", "incident {} is outside {}'s jurisdiction",
              "事件 {} 不在{}的管辖范围内");
ELINK_MESSAGE(kUnitOutside, "auth.unit_outside", "unit {} is outside {}'s jurisdiction",
              "力量 {} 不在{}的管辖范围内");

ELINK_MESSAGE(kReadIncidents, "auth.action.read_incidents", "read incidents", "查看事件");
ELINK_MESSAGE(kCreateIncident, "auth.action.create_incident", "create incidents", "报告事件");
ELINK_MESSAGE(kVerifyIncident, "auth.action.verify_incident", "verify incidents", "核实事件");
ELINK_MESSAGE(kChangeIncidentLevel, "auth.action.change_incident_level", "change incident levels",
              "调整事件级别");
ELINK_MESSAGE(kMergeIncidents, "auth.action.merge_incidents", "merge incidents", "合并事件");
ELINK_MESSAGE(kCloseIncident, "auth.action.close_incident", "close incidents", "结案或撤销事件");
ELINK_MESSAGE(kDispatch, "auth.action.dispatch", "dispatch", "调派力量");
ELINK_MESSAGE(kChangeUnitStatus, "auth.action.change_unit_status", "change unit status",
              "变更力量状态");
ELINK_MESSAGE(kReportPositions, "auth.action.report_positions", "report unit positions",
              "上报力量位置");
ELINK_MESSAGE(kAcknowledgeTask, "auth.action.acknowledge_task", "acknowledge tasks", "签收任务");
ELINK_MESSAGE(kShareIncident, "auth.action.share_incident", "share incidents", "共享事件");
ELINK_MESSAGE(kReadUnits, "auth.action.read_units", "read units", "查看力量");
ELINK_MESSAGE(kReadEventLog, "auth.action.read_event_log", "read the event log", "查看事件日志");
ELINK_MESSAGE(kManageUsers, "auth.action.manage_users", "manage users", "管理用户");
ELINK_MESSAGE(kReadReference, "auth.action.read_reference", "read reference data", "查看基础数据");
ELINK_MESSAGE(kAssign, "auth.action.assign", "assign units across incidents", "跨事件统筹分配力量");
ELINK_MESSAGE(kPublishAlert, "auth.action.publish_alert", "publish warnings", "发布预警");
ELINK_MESSAGE(kRecordReading, "auth.action.record_reading", "record sensor readings",
              "上报监测数据");
ELINK_MESSAGE(kEditResources, "auth.action.edit_resources", "edit the resource base", "编辑资源库");

}  // namespace elink::auth::msg
