#pragma once
// The messages of the API itself (util/message.hpp): reading JSON bodies and query parameters
// (with the JSON types as words: "expected a string, got a boolean"), the routes' own refusals
// and the transport's, in English and zh-CN. Internal to api: clients see them as the
// problem's detail and message_id.

#include "util/message.hpp"

namespace elink::api::msg {

// ---- JSON types, as words in "expected ..., got {}" (api/json_input.cpp)
ELINK_MESSAGE(kTypeNull, "api.type.null", "null", "空值 null");
ELINK_MESSAGE(kTypeBoolean, "api.type.boolean", "a boolean", "布尔值");
ELINK_MESSAGE(kTypeString, "api.type.string", "a string", "字符串");
ELINK_MESSAGE(kTypeArray, "api.type.array", "an array", "数组");
ELINK_MESSAGE(kTypeObject, "api.type.object", "an object", "对象");
ELINK_MESSAGE(kTypeDecimal, "api.type.decimal", "a decimal number", "小数");
ELINK_MESSAGE(kTypeNumber, "api.type.number", "a number", "数字");

// ---- reading JSON bodies and query parameters (api/json_input.cpp, api/internal/call.hpp)
ELINK_MESSAGE(kControlCharacter, "api.control_character", "contains a control character",
              "含有控制字符");
ELINK_MESSAGE(kEmptyBody, "api.empty_body", "empty; expected a JSON object",
              "请求体为空，应为一个 JSON 对象");
ELINK_MESSAGE(kNulByte, "api.nul_byte", "not valid JSON (NUL byte)",
              "不是有效的 JSON（含 NUL 字节）");
ELINK_MESSAGE(kNestedDeeper, "api.nested_deeper", "nested deeper than {} levels", "嵌套超过 {} 层");
ELINK_MESSAGE(kNotJson, "api.not_json", "not valid JSON", "不是有效的 JSON");
ELINK_MESSAGE(kKeyTwice, "api.key_twice", "the key \"{}\" appears twice in one object",
              "键“{}”在同一对象中出现了两次");
ELINK_MESSAGE(kExpectedJsonObject, "api.expected_json_object", "expected a JSON object, got {}",
              "应为一个 JSON 对象，实际为{}");
ELINK_MESSAGE(kExpectedString, "api.expected_string", "expected a string, got {}",
              "应为字符串，实际为{}");
ELINK_MESSAGE(kIntegerWithin, "api.integer_within", "must be an integer within [{}, {}]",
              "必须是 [{}, {}] 范围内的整数");
ELINK_MESSAGE(kExpectedInteger, "api.expected_integer", "expected an integer, got {}",
              "应为整数，实际为{}");
ELINK_MESSAGE(kExpectedNumber, "api.expected_number", "expected a number, got {}",
              "应为数字，实际为{}");
ELINK_MESSAGE(kNumberWithin, "api.number_within", "must be a number within [{}, {}]",
              "必须是 [{}, {}] 范围内的数字");
ELINK_MESSAGE(kExpectedBoolean, "api.expected_boolean", "expected true or false, got {}",
              "应为 true 或 false，实际为{}");
ELINK_MESSAGE(kTrueOrFalse, "api.true_or_false", "expected true or false", "应为 true 或 false");
ELINK_MESSAGE(kExpectedTime, "api.expected_time",
              "expected an RFC 3339 date-time with an offset, e.g. 2026-07-01T08:30:00Z",
              "应为带时区偏移的 RFC 3339 日期时间，例如 2026-07-01T08:30:00Z");
ELINK_MESSAGE(kExpectedArray, "api.expected_array", "expected an array, got {}",
              "应为数组，实际为{}");
ELINK_MESSAGE(kAtMostItems, "api.at_most_items", "at most {} items", "最多 {} 项");
ELINK_MESSAGE(kExpectedObject, "api.expected_object", "expected an object, got {}",
              "应为对象，实际为{}");
ELINK_MESSAGE(kUnknownField, "api.unknown_field", "unknown field", "未知字段");
ELINK_MESSAGE(kPositiveInteger, "api.positive_integer", "expected a positive integer",
              "应为正整数");
ELINK_MESSAGE(kSequenceNumber, "api.sequence_number", "expected a sequence number", "应为事件序号");
ELINK_MESSAGE(kNotBase64, "api.not_base64",
              "not base64 (RFC 4648, standard alphabet, with padding)",
              "不是 Base64 编码（RFC 4648 标准字母表，带填充）");

// ---- the REST routes (api/routes/*.cpp, api/service.cpp)
ELINK_MESSAGE(kIncidentNotYours, "api.incident_not_yours",
              "incident {} is outside your jurisdiction", "事件 {} 不在您的管辖范围内");
ELINK_MESSAGE(kUnitNotYours, "api.unit_not_yours", "unit {} is outside your jurisdiction",
              "力量 {} 不在您的管辖范围内");
ELINK_MESSAGE(kUnitNotOurs, "api.unit_not_ours",
              "unit {} is neither yours nor covered by a mutual-aid agreement",
              "力量 {} 既不属于您，也不在互助协议范围内");
ELINK_MESSAGE(kNotReady, "api.not_ready", "not ready: {}", "尚未就绪：{}");
ELINK_MESSAGE(kTooManySignIns, "api.too_many_sign_ins",
              "too many failed sign-ins; try again in {} s", "登录失败次数过多，请 {} 秒后重试");
ELINK_MESSAGE(kSignInBusy, "api.sign_in_busy",
              "too many sign-ins are being checked at once; try again in {} s",
              "同时校验的登录请求过多，请 {} 秒后重试");
ELINK_MESSAGE(kTooManyReports, "api.too_many_reports",
              "too many reports from this address; try again in {} s",
              "此地址提交的报告过多，请 {} 秒后重试");
ELINK_MESSAGE(kSayWhatIsHappening, "api.say_what_is_happening", "say what is happening",
              "请说明发生了什么");
ELINK_MESSAGE(kNoGraph, "api.no_graph", "the center was started without a road graph (--graph)",
              "指挥中心启动时未加载路网（--graph）");
ELINK_MESSAGE(kBusy, "api.busy", "the center is busy computing other answers; try again shortly",
              "指挥中心正忙于计算其他请求，请稍后重试");
ELINK_MESSAGE(kNoTask, "api.no_task", "incident has no task {}", "事件没有任务 {}");
ELINK_MESSAGE(kNameAnIncident, "api.name_an_incident", "name at least one incident",
              "请至少指定一个事件");
ELINK_MESSAGE(kIncidentTwice, "api.incident_twice", "names an incident twice",
              "同一事件被指定了两次");
ELINK_MESSAGE(kNoAlert, "api.no_alert", "no alert {}", "没有编号为 {} 的预警");
ELINK_MESSAGE(kNoSensor, "api.no_sensor", "no sensor '{}'", "没有监测点“{}”");
ELINK_MESSAGE(kNoEventLog, "api.no_event_log", "no event log attached", "未连接事件日志");
ELINK_MESSAGE(kNoPositionReports, "api.no_position_reports", "no position reports", "没有位置报告");
ELINK_MESSAGE(kInternalError, "api.internal_error", "internal error", "内部错误");
ELINK_MESSAGE(kNoReply, "api.no_reply", "the request handler finished without replying",
              "请求处理程序未作答复");
ELINK_MESSAGE(kMethodNotServed, "api.method_not_served", "{} is not served on this path",
              "此路径不支持 {} 方法");
ELINK_MESSAGE(kNoSuchRoute, "api.no_such_route", "no such route", "没有这个接口");
ELINK_MESSAGE(kJsonContentType, "api.json_content_type",
              "send the body as Content-Type: application/json",
              "请求内容须以 Content-Type: application/json 发送");
ELINK_MESSAGE(kNoPhoto, "api.no_photo", "incident {} has no photo {}", "事件 {} 没有照片 {}");
ELINK_MESSAGE(kPhotoUnreadable, "api.photo_unreadable",
              "the photo could not be read from the event log: {}", "无法从事件日志读取照片：{}");
ELINK_MESSAGE(kPhotoMismatch, "api.photo_mismatch",
              "the photo in the event log does not match its description",
              "事件日志中的照片与其记录不符");

// ---- the transport (api/http/*.cpp)
ELINK_MESSAGE(kBodyTooLarge, "api.body_too_large", "the request body is larger than {} bytes",
              "请求内容超过 {} 字节");
ELINK_MESSAGE(kHeadersTooLarge, "api.headers_too_large",
              "the request line and headers are larger than {} bytes",
              "请求行与请求头超过 {} 字节");
ELINK_MESSAGE(kMalformedRequest, "api.malformed_request", "malformed request: {}",
              "请求格式错误：{}");
ELINK_MESSAGE(kFoldedHeader, "api.folded_header",
              "a header line starts with a space or a tab (obsolete line folding, RFC 9112 "
              "section 5.2)",
              "请求头的某一行以空格或制表符开头（已废弃的折行，RFC 9112 第 5.2 节）");
ELINK_MESSAGE(kTransferEncoding, "api.transfer_encoding",
              "Transfer-Encoding must be exactly \"chunked\", sent once, without Content-Length",
              "Transfer-Encoding 只能是“chunked”，只能出现一次，且不能与 Content-Length 同时出现");
ELINK_MESSAGE(kTooManyConnections, "api.too_many_connections", "too many connections ({} open)",
              "连接过多（已有 {} 个）");
ELINK_MESSAGE(kTooManyConnectionsFromAddress, "api.too_many_connections_from_address",
              "too many connections from your address ({} open)",
              "来自您地址的连接过多（已有 {} 个）");
ELINK_MESSAGE(kBodiesBusy, "api.bodies_busy",
              "the server is receiving too many large requests; try again in {} s",
              "服务器正在接收的大请求过多，请 {} 秒后重试");
ELINK_MESSAGE(kNoWebSocket, "api.no_websocket", "no WebSocket endpoint at {}",
              "{} 不是 WebSocket 端点");

}  // namespace elink::api::msg
