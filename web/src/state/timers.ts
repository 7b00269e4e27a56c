// Timers of the unit board and the incident queue: how long a unit has been in its status, when
// that is too long, and how old an incident is. Pure functions of the data and `now` (ms).

import type { IncidentStatus, IncidentSummary, Unit, UnitStatus } from '../api/types';

/**
 * Per-status limits in seconds, after which the board warns. A crew acknowledges a dispatch within a
 * minute (出动 within 60 s is the fire service norm), should be rolling 2 minutes after
 * acknowledging, arrive within 15 minutes, and an on-scene unit is checked on after 2 hours.
 * Available and out-of-service units have no limit.
 */
export const UNIT_STATUS_LIMITS_S: Readonly<Partial<Record<UnitStatus, number>>> = {
  dispatched: 60,
  acknowledged: 120,
  en_route: 15 * 60,
  on_scene: 2 * 3600,
  returning: 45 * 60,
};

/** A share of the limit after which the timer is shown as a warning before it is overdue. */
export const WARN_FRACTION = 0.8;

/** AVL older than this is stale (the recommender's RecommendOptions::stale_after). */
export const STALE_AFTER_S = 180;

/** How long an incident may wait in a status before the queue flags it. */
export const INCIDENT_STATUS_LIMITS_S: Readonly<Partial<Record<IncidentStatus, number>>> = {
  reported: 120, // verify within 2 minutes
  verified: 120, // dispatch within 2 minutes of verifying
};

export type TimerLevel = 'ok' | 'warn' | 'overdue';

export interface TimerState {
  elapsedS: number;
  limitS: number | null;
  level: TimerLevel;
}

export function parseTime(iso: string | null | undefined): number | null {
  if (!iso) return null;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? null : ms;
}

export function elapsedSeconds(sinceIso: string | null | undefined, nowMs: number): number {
  const since = parseTime(sinceIso);
  if (since === null) return 0;
  return Math.max(0, Math.floor((nowMs - since) / 1000));
}

export function timerLevel(elapsedS: number, limitS: number | null | undefined): TimerLevel {
  if (limitS === null || limitS === undefined) return 'ok';
  if (elapsedS > limitS) return 'overdue';
  if (elapsedS >= limitS * WARN_FRACTION) return 'warn';
  return 'ok';
}

export function unitTimer(unit: Pick<Unit, 'status' | 'status_since'>, nowMs: number): TimerState {
  const elapsedS = elapsedSeconds(unit.status_since, nowMs);
  const limitS = UNIT_STATUS_LIMITS_S[unit.status] ?? null;
  return { elapsedS, limitS, level: timerLevel(elapsedS, limitS) };
}

export function isUnitOverdue(unit: Pick<Unit, 'status' | 'status_since'>, nowMs: number): boolean {
  return unitTimer(unit, nowMs).level === 'overdue';
}

export type AvlState = 'none' | 'fresh' | 'stale';

/** Whether a unit's position is live, stale (older than STALE_AFTER_S) or missing. */
export function avlState(unit: Pick<Unit, 'position'>, nowMs: number): AvlState {
  const p = unit.position;
  if (!p) return 'none';
  const at = parseTime(p.at);
  if (at === null) return p.stale ? 'stale' : 'fresh';
  return nowMs - at > STALE_AFTER_S * 1000 ? 'stale' : 'fresh';
}

export function incidentTimer(
  inc: Pick<IncidentSummary, 'status' | 'reported_at'>,
  statusSinceIso: string | null,
  nowMs: number,
): TimerState {
  const elapsedS = elapsedSeconds(inc.reported_at, nowMs);
  const limitS = INCIDENT_STATUS_LIMITS_S[inc.status] ?? null;
  const inStatus = statusSinceIso ? elapsedSeconds(statusSinceIso, nowMs) : elapsedS;
  return { elapsedS, limitS, level: timerLevel(inStatus, limitS) };
}

/** A stopwatch face: 0:07, 12:34, 1:02:03. */
export function clock(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  const ss = String(sec).padStart(2, '0');
  if (h > 0) return `${h}:${String(m).padStart(2, '0')}:${ss}`;
  return `${m}:${ss}`;
}

export const OPEN_STATUSES: readonly IncidentStatus[] = [
  'reported',
  'verified',
  'dispatched',
  'on_scene',
  'controlled',
];

export function isOpen(status: IncidentStatus): boolean {
  return OPEN_STATUSES.includes(status);
}

const LEVEL_RANK: Record<string, number> = { I: 1, II: 2, III: 3, IV: 4 };

/**
 * The queue's order: open incidents first, the most severe level first, then those still waiting
 * for a decision (reported, verified) before those being handled, then the oldest first.
 */
export function compareForQueue(a: IncidentSummary, b: IncidentSummary): number {
  const openA = isOpen(a.status) ? 0 : 1;
  const openB = isOpen(b.status) ? 0 : 1;
  if (openA !== openB) return openA - openB;
  if (openA === 1) return b.id - a.id; // finished: newest first
  const la = LEVEL_RANK[a.level] ?? 9;
  const lb = LEVEL_RANK[b.level] ?? 9;
  if (la !== lb) return la - lb;
  const waitA = a.status === 'reported' || a.status === 'verified' ? 0 : 1;
  const waitB = b.status === 'reported' || b.status === 'verified' ? 0 : 1;
  if (waitA !== waitB) return waitA - waitB;
  const ta = parseTime(a.reported_at) ?? 0;
  const tb = parseTime(b.reported_at) ?? 0;
  if (ta !== tb) return ta - tb;
  return a.id - b.id;
}
