import { describe, expect, it } from 'vitest';

import type { IncidentSummary } from '../src/api/types';
import {
  avlState,
  clock,
  compareForQueue,
  elapsedSeconds,
  incidentTimer,
  timerLevel,
  UNIT_STATUS_LIMITS_S,
  unitTimer,
} from '../src/state/timers';

const T0 = Date.parse('2026-03-01T08:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();

describe('unit timers', () => {
  it('uses the documented limits', () => {
    expect(UNIT_STATUS_LIMITS_S).toEqual({ dispatched: 60, acknowledged: 120, en_route: 900, on_scene: 7200, returning: 2700 });
  });

  it.each([
    // status, seconds in status, expected level
    ['acknowledged', 90, 'ok'],
    ['acknowledged', 96, 'warn'], // 80 % of 120 s
    ['acknowledged', 120, 'warn'], // at the limit: not yet past it
    ['acknowledged', 121, 'overdue'],
    ['en_route', 14 * 60, 'warn'],
    ['en_route', 15 * 60 + 1, 'overdue'],
    ['on_scene', 3600, 'ok'],
    ['on_scene', 2 * 3600 + 1, 'overdue'],
    ['available', 10 * 86400, 'ok'],
    ['out_of_service', 10 * 86400, 'ok'],
  ] as const)('%s for %i s is %s', (status, secs, level) => {
    const r = unitTimer({ status, status_since: iso(T0) }, T0 + secs * 1000);
    expect(r.elapsedS).toBe(secs);
    expect(r.level).toBe(level);
  });

  it('never counts backwards or from a missing time', () => {
    expect(elapsedSeconds(iso(T0 + 5000), T0)).toBe(0);
    expect(elapsedSeconds(null, T0)).toBe(0);
    expect(elapsedSeconds('not a time', T0)).toBe(0);
    expect(timerLevel(10_000, null)).toBe('ok');
  });
});

describe('AVL state', () => {
  it('is none without a position, fresh within 3 minutes, stale after', () => {
    expect(avlState({ position: null }, T0)).toBe('none');
    const p = (ageS: number) => ({ position: { lat: 0, lon: 0, at: iso(T0 - ageS * 1000), stale: false } });
    expect(avlState(p(179), T0)).toBe('fresh');
    expect(avlState(p(180), T0)).toBe('fresh');
    expect(avlState(p(181), T0)).toBe('stale');
    expect(avlState({ position: { lat: 0, lon: 0, at: null, stale: true } }, T0)).toBe('stale');
  });
});

describe('incident timers', () => {
  it('flags an incident not verified within 2 minutes', () => {
    const inc = { status: 'reported' as const, reported_at: iso(T0) };
    expect(incidentTimer(inc, iso(T0), T0 + 119_000).level).toBe('warn');
    expect(incidentTimer(inc, iso(T0), T0 + 121_000).level).toBe('overdue');
    expect(incidentTimer({ status: 'on_scene', reported_at: iso(T0) }, null, T0 + 86_400_000).level).toBe('ok');
  });
});

describe('clock', () => {
  it.each([
    [0, '0:00'],
    [7, '0:07'],
    [754, '12:34'],
    [3723, '1:02:03'],
    [-3, '0:00'],
  ])('%i s is %s', (s, text) => expect(clock(s)).toBe(text));
});

describe('queue order', () => {
  const inc = (id: number, level: IncidentSummary['level'], status: IncidentSummary['status'], minutesAgo: number): IncidentSummary => ({
    id,
    type: 'fire.residential',
    category: 'accident',
    level,
    status,
    source: 'call',
    location: { lat: 0, lon: 0 },
    address: '',
    grid: null,
    jurisdiction: null,
    exercise: false,
    reported_at: iso(T0 - minutesAgo * 60_000),
    units: 0,
    merged_into: null,
  });

  it('puts severe first, then waiting before handled, then oldest first; finished last, newest first', () => {
    const list = [
      inc(1, 'IV', 'dispatched', 30),
      inc(2, 'IV', 'reported', 5),
      inc(3, 'II', 'on_scene', 1),
      inc(4, 'IV', 'reported', 10),
      inc(5, 'I', 'closed', 60),
      inc(6, 'III', 'verified', 2),
      inc(7, 'IV', 'cancelled', 1),
    ];
    expect(list.sort(compareForQueue).map((i) => i.id)).toEqual([3, 6, 4, 2, 1, 7, 5]);
  });
});
