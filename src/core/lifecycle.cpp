// SPDX-License-Identifier: Apache-2.0
#include "core/lifecycle.hpp"

#include "core/messages.hpp"

#include <string>

namespace elink::core {

bool IsTerminal(IncidentStatus s) {
  return s == IncidentStatus::kClosed || s == IncidentStatus::kMerged ||
         s == IncidentStatus::kCancelled;
}

bool CanTransition(IncidentStatus from, IncidentStatus to) {
  using S = IncidentStatus;
  switch (from) {
    case S::kReported: return to == S::kVerified || to == S::kMerged || to == S::kCancelled;
    case S::kVerified: return to == S::kDispatched || to == S::kMerged || to == S::kCancelled;
    case S::kDispatched: return to == S::kOnScene || to == S::kCancelled;
    case S::kOnScene: return to == S::kControlled;
    case S::kControlled: return to == S::kClosed;
    case S::kClosed:
    case S::kMerged:
    case S::kCancelled: return false;
  }
  return false;
}

bool CanTransition(UnitStatus from, UnitStatus to) {
  using S = UnitStatus;
  switch (from) {
    case S::kAvailable: return to == S::kDispatched || to == S::kOutOfService;
    // Acknowledging is a step a crew may skip (rolling at once is the acknowledgement).
    case S::kDispatched: return to == S::kAcknowledged || to == S::kEnRoute || to == S::kReturning;
    case S::kAcknowledged: return to == S::kEnRoute || to == S::kReturning;
    case S::kEnRoute: return to == S::kOnScene || to == S::kReturning;
    case S::kOnScene: return to == S::kReturning;
    case S::kReturning:
      return to == S::kAvailable || to == S::kDispatched || to == S::kOutOfService;
    case S::kOutOfService: return to == S::kAvailable;
  }
  return false;
}

namespace {

template <typename S>
Status Refuse(S from, S to, const Message& what) {
  return Status::FailedPrecondition(msg::kCannotGo, what, Word(from), Word(to));
}

}  // namespace

Status CheckTransition(IncidentStatus from, IncidentStatus to) {
  if (CanTransition(from, to)) return {};
  if (IsTerminal(from)) {
    return Status::FailedPrecondition(msg::kFinished, Word(from));
  }
  return Refuse(from, to, msg::kIncidentWord);
}

Status CheckTransition(UnitStatus from, UnitStatus to) {
  if (CanTransition(from, to)) return {};
  return Refuse(from, to, msg::kUnitWord);
}

}  // namespace elink::core
