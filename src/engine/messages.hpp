#pragma once
// The messages of the engine (util/message.hpp): a command before the region is imported, and
// the single writer's refusals (shutting down, a full queue, a failed event log, which the later
// messages carry as a nested error), in English and zh-CN.

#include "util/message.hpp"

namespace elink::engine::msg {

ELINK_MESSAGE(kNoRegion, "engine.no_region", "the center has no region; run elink init first",
              "指挥中心尚未导入区域，请先运行 elink init");
ELINK_MESSAGE(kShuttingDown, "engine.shutting_down", "the center is shutting down",
              "指挥中心正在停止");
ELINK_MESSAGE(kQueueFull, "engine.queue_full", "command queue full ({} waiting); try again shortly",
              "命令队列已满（{} 个等待中），请稍后重试");
ELINK_MESSAGE(kStoppedWrites, "engine.stopped_writes",
              "the center stopped taking writes after an event log failure ({}); an operator must "
              "restart it",
              "事件日志写入失败后，指挥中心已停止写入（{}），须由运维人员重启");
ELINK_MESSAGE(kNotSaved, "engine.not_saved",
              "not saved: the event log could not be written ({}); the center has stopped taking "
              "writes",
              "未保存：事件日志无法写入（{}），指挥中心已停止写入");
ELINK_MESSAGE(kWriteFailed, "engine.write_failed", "event log write failed: {}",
              "事件日志写入失败：{}");

ELINK_MESSAGE(kSnapshotSeq, "engine.snapshot_seq",
              "a snapshot can only be bound to an event in the log (event {}, log head {})",
              "快照只能绑定到日志中已有的事件（事件 {}，日志末尾 {}）");
ELINK_MESSAGE(kSnapshotHash, "engine.snapshot_hash", "{} must be 64 hex digits",
              "{} 须为 64 位十六进制数");

}  // namespace elink::engine::msg
