#pragma once
// The incident's chronology (事件经过) and detail view as text a dispatcher reads, in zh-CN or
// English: each chronology entry becomes one line "time  actor  what happened", with units,
// organisations and plans named from the state; DescribeIncident adds the header, lifecycle
// times, units, the plan's checklist, department tasks and merges (`elink incident show`).
// Pure functions of their arguments; safe to call concurrently on an immutable State.

#include "core/model.hpp"
#include "core/state.hpp"
#include "util/clock.hpp"
#include "util/status.hpp"

#include <string>

namespace elink::dispatch {

// One line, no trailing newline: "<FormatTime(at)>  <actor>  <text>", e.g.
// "2026-11-29T14:03:12.000Z  dispatcher1  派出 E16（第16消防站水罐车）". Every code that
// core::State writes is described; an unknown code or a detail that does not parse is shown raw,
// and an object the state no longer has is shown by its id. Invalid UTF-8 and control characters
// in the entry are replaced, so the result is always one well-formed line.
std::string DescribeEntry(const core::ChronologyEntry& e, const core::Incident& inc,
                          const core::State& state, bool zh);

// The incident's full detail as multi-line text: header, lifecycle times, units ever dispatched
// with their current status, the plan and its checklist for levels IV to the incident's level,
// department tasks (OVERDUE when pending past their deadline at `now`), merges and the chronology.
// kNotFound (field "incident") when the state has no such incident.
Result<std::string> DescribeIncident(const core::State& state, const core::IncidentId& id, bool zh,
                                     TimePoint now);

}  // namespace elink::dispatch
