// What each role may do (docs/auth.md, auth::Action). The dashboard hides what the user's role
// cannot do; the server decides anyway and answers 403 when the two disagree.

import type { IncidentStatus, Role, UnitStatus } from '../api/types';

export type Action =
  | 'read_event_log'
  | 'create_incident'
  | 'verify_incident'
  | 'dispatch'
  | 'change_unit_status'
  | 'acknowledge_task'
  | 'change_incident_level'
  | 'merge_incidents'
  | 'close_incident'
  | 'share_incident'
  | 'assign'
  | 'manage_users';

const OPERATORS: readonly Role[] = ['dispatcher', 'commander', 'regional_coordinator', 'admin'];
const COMMANDERS: readonly Role[] = ['commander', 'regional_coordinator', 'admin'];

const MATRIX: Record<Action, readonly Role[]> = {
  read_event_log: ['analyst', 'commander', 'regional_coordinator', 'admin'],
  create_incident: ['grid_worker', ...OPERATORS],
  verify_incident: OPERATORS,
  dispatch: OPERATORS,
  change_unit_status: OPERATORS,
  acknowledge_task: OPERATORS,
  change_incident_level: COMMANDERS,
  merge_incidents: COMMANDERS,
  close_incident: COMMANDERS,
  share_incident: COMMANDERS,
  assign: ['regional_coordinator', 'admin'],
  manage_users: ['admin'],
};

export function can(role: Role | null | undefined, action: Action): boolean {
  return role ? MATRIX[action].includes(role) : false;
}

/** The incident statuses a user may move an incident to from `from` (lifecycle.cpp), with the action it needs. */
export function incidentTransitions(from: IncidentStatus): { to: IncidentStatus; action: Action }[] {
  const table: Record<IncidentStatus, IncidentStatus[]> = {
    reported: ['verified', 'cancelled'],
    verified: ['cancelled'], // dispatched comes from dispatching units
    dispatched: ['on_scene', 'cancelled'],
    on_scene: ['controlled'],
    controlled: ['closed'],
    closed: [],
    merged: [],
    cancelled: [],
  };
  return table[from].map((to) => ({
    to,
    action: to === 'closed' || to === 'cancelled' ? 'close_incident' : 'verify_incident',
  }));
}

/** The statuses a unit may be set to by hand from `from` (lifecycle.cpp; dispatching is its own command). */
export function unitTransitions(from: UnitStatus): UnitStatus[] {
  switch (from) {
    case 'available':
      return ['out_of_service'];
    case 'dispatched':
      return ['acknowledged', 'en_route', 'returning'];
    case 'acknowledged':
      return ['en_route', 'returning'];
    case 'en_route':
      return ['on_scene', 'returning'];
    case 'on_scene':
      return ['returning'];
    case 'returning':
      return ['available', 'out_of_service'];
    case 'out_of_service':
      return ['available'];
  }
}

export function canMergeFrom(status: IncidentStatus): boolean {
  return status === 'reported' || status === 'verified';
}
