import { describe, expect, it } from 'vitest';

import type { IncidentSummary, StreamEvent, Unit } from '../src/api/types';
import { EMPTY_CATALOGUE } from '../src/state/catalogue';
import { applyEvent, counts, emptyChanges, emptyState, loadSnapshot, setCatalogue, type LiveState } from '../src/state/reducer';
import { CATALOGUE } from './catalogue';

function unit(id: string, over: Partial<Unit> = {}): Unit {
  return {
    id,
    name: { zh: `队伍 ${id}`, en: `Unit ${id}` },
    type: 'engine',
    capabilities: [],
    station: 'st-1',
    org: 'd1',
    crew: 4,
    status: 'available',
    status_since: '2026-01-01T00:00:00.000Z',
    incident: null,
    position: null,
    revision: 0,
    retired_at: null,
    ...over,
  };
}

function incident(id: number, over: Partial<IncidentSummary> = {}): IncidentSummary {
  return {
    id,
    type: 'fire.residential',
    category: 'accident',
    level: 'IV',
    status: 'reported',
    source: 'call',
    location: { lat: 37.8, lon: -122.43 },
    address: '',
    grid: 'g1',
    jurisdiction: 'c1',
    exercise: false,
    reported_at: '2026-01-01T00:00:00.000Z',
    units: 0,
    merged_into: null,
    ...over,
  };
}

let seq = 100;
function ev(type: string, data: unknown, at = '2026-01-01T00:05:00.000Z'): StreamEvent {
  seq += 1;
  return { seq, at, type, actor: 'disp1', data };
}

function fresh(incidents: IncidentSummary[] = [], units: Unit[] = []): LiveState {
  const s = emptyState(CATALOGUE);
  loadSnapshot(s, incidents, units);
  s.seq = 100;
  seq = 100;
  return s;
}

describe('applyEvent', () => {
  it('adds a reported incident with its category from the catalogue', () => {
    const s = fresh();
    const ch = applyEvent(
      s,
      ev(
        'incident_reported',
        {
          id: 7,
          type: 'flood.waterlogging',
          level: 'III',
          source: 'grid_worker',
          location: { lat: 37.81, lon: -122.41 },
          address: 'Bay St',
          grid: 'g2',
          jurisdiction: 'c2',
          exercise: true,
        },
        '2026-01-01T01:00:00.000Z',
      ),
    );
    expect(s.incidents.get(7)).toEqual({
      id: 7,
      type: 'flood.waterlogging',
      category: 'natural',
      level: 'III',
      status: 'reported',
      source: 'grid_worker',
      location: { lat: 37.81, lon: -122.41 },
      address: 'Bay St',
      grid: 'g2',
      jurisdiction: 'c2',
      exercise: true,
      reported_at: '2026-01-01T01:00:00.000Z',
      units: 0,
      merged_into: null,
    });
    expect([...ch.incidents]).toEqual([7]);
    expect(s.incidentStatusSince.get(7)).toBe('2026-01-01T01:00:00.000Z');
    expect(s.seq).toBe(101);
  });

  it('gives an incident reported before the catalogue was read its category once it is', () => {
    const s = emptyState(EMPTY_CATALOGUE);
    s.seq = seq;
    applyEvent(s, ev('incident_reported', { id: 8, type: 'flood.river', location: { lat: 37.8, lon: -122.4 } }));
    applyEvent(s, ev('incident_reported', { id: 9, type: 'fire.residential', location: { lat: 37.8, lon: -122.4 } }));
    applyEvent(s, ev('incident_reported', { id: 10, type: 'fire.imaginary', location: { lat: 37.8, lon: -122.4 } }));
    expect(s.incidents.get(8)?.category).toBe('accident'); // an unknown type's, for now
    expect(setCatalogue(s, CATALOGUE)).toBe(true);
    expect(s.incidents.get(8)?.category).toBe('natural');
    expect(s.incidents.get(9)?.category).toBe('accident');
    expect(s.incidents.get(10)?.category).toBe('accident'); // still unknown
    expect(setCatalogue(s, CATALOGUE)).toBe(false);
  });

  it('does not overwrite an incident the snapshot already holds', () => {
    const s = fresh([incident(3, { status: 'dispatched', units: 2 })]);
    applyEvent(s, ev('incident_reported', { id: 3, type: 'fire.residential', location: { lat: 1, lon: 2 } }));
    expect(s.incidents.get(3)!.status).toBe('dispatched');
    expect(s.incidents.get(3)!.units).toBe(2);
    expect(s.incidents.get(3)!.location).toEqual({ lat: 37.8, lon: -122.43 });
  });

  it('skips events at or below the last sequence number (a repeated event changes nothing)', () => {
    const s = fresh([incident(1)]);
    const e = ev('incident_status_changed', { id: 1, from: 'reported', to: 'verified' });
    applyEvent(s, e);
    applyEvent(s, ev('incident_status_changed', { id: 1, from: 'verified', to: 'cancelled' }));
    const ch = applyEvent(s, e); // the verified event again
    expect(s.incidents.get(1)!.status).toBe('cancelled');
    expect(ch.incidents.size).toBe(0);
  });

  it('changes status and level, and records when the status changed', () => {
    const s = fresh([incident(1)]);
    applyEvent(s, ev('incident_status_changed', { id: 1, from: 'reported', to: 'verified' }, '2026-01-01T00:07:00.000Z'));
    applyEvent(s, ev('incident_level_changed', { id: 1, from: 'IV', to: 'II', reason: 'spreading' }));
    expect(s.incidents.get(1)!.status).toBe('verified');
    expect(s.incidents.get(1)!.level).toBe('II');
    expect(s.incidentStatusSince.get(1)).toBe('2026-01-01T00:07:00.000Z');
  });

  it('asks for incidents it does not hold', () => {
    const s = fresh();
    const ch = applyEvent(s, ev('incident_status_changed', { id: 9, from: 'reported', to: 'verified' }));
    expect([...ch.missingIncidents]).toEqual([9]);
    const ch2 = applyEvent(s, ev('incident_shared', { incident: 12, org: 'd2' }));
    expect([...ch2.missingIncidents]).toEqual([12]);
  });

  it('merges a duplicate into the original', () => {
    const s = fresh([incident(1), incident(2)]);
    const ch = applyEvent(s, ev('incidents_merged', { duplicate: 2, into: 1 }));
    expect(s.incidents.get(2)!.status).toBe('merged');
    expect(s.incidents.get(2)!.merged_into).toBe(1);
    expect(s.incidents.get(1)!.status).toBe('reported');
    expect([...ch.details].sort()).toEqual([1, 2]);
  });

  it('dispatches a unit: the unit is busy on the incident, which counts it once', () => {
    const s = fresh([incident(1, { status: 'verified' })], [unit('E1'), unit('E2')]);
    applyEvent(s, ev('unit_dispatched', { incident: 1, unit: 'E1' }, '2026-01-01T00:08:00.000Z'));
    applyEvent(s, ev('unit_dispatched', { incident: 1, unit: 'E2' }, '2026-01-01T00:08:00.000Z'));
    expect(s.units.get('E1')).toMatchObject({ status: 'dispatched', incident: 1, status_since: '2026-01-01T00:08:00.000Z' });
    expect(s.incidents.get(1)!.units).toBe(2);
    // returned, then sent again to the same incident: the server's set still has two
    applyEvent(s, ev('unit_status_changed', { unit: 'E1', from: 'dispatched', to: 'returning' }));
    applyEvent(s, ev('unit_status_changed', { unit: 'E1', from: 'returning', to: 'available' }));
    applyEvent(s, ev('unit_dispatched', { incident: 1, unit: 'E1' }));
    expect(s.incidents.get(1)!.units).toBe(2);
  });

  it('does not count twice a dispatch the snapshot already holds', () => {
    // The snapshot was read after the dispatch was committed: E1 is already on incident 1.
    const s = fresh([incident(1, { status: 'dispatched', units: 1 })], [unit('E1', { status: 'dispatched', incident: 1 })]);
    applyEvent(s, ev('unit_dispatched', { incident: 1, unit: 'E1' }));
    expect(s.incidents.get(1)!.units).toBe(1);
  });

  it('releases a unit from its incident when it returns, becomes available or goes out of service', () => {
    const s = fresh([incident(1, { status: 'dispatched', units: 1 })], [unit('E1', { status: 'on_scene', incident: 1 })]);
    const ch = applyEvent(s, ev('unit_status_changed', { unit: 'E1', from: 'on_scene', to: 'returning', reason: '' }, '2026-01-01T02:00:00.000Z'));
    expect(s.units.get('E1')).toMatchObject({ status: 'returning', incident: null, status_since: '2026-01-01T02:00:00.000Z' });
    expect([...ch.details]).toEqual([1]);
    expect([...ch.units]).toEqual(['E1']);
  });

  it('keeps the incident while the unit acknowledges and rolls', () => {
    const s = fresh([], [unit('E1', { status: 'dispatched', incident: 4 })]);
    applyEvent(s, ev('unit_status_changed', { unit: 'E1', from: 'dispatched', to: 'acknowledged' }));
    applyEvent(s, ev('unit_status_changed', { unit: 'E1', from: 'acknowledged', to: 'en_route' }));
    expect(s.units.get('E1')).toMatchObject({ status: 'en_route', incident: 4 });
  });

  it('takes a position report, never an older one over a newer', () => {
    const s = fresh([], [unit('E1')]);
    const t1 = Date.parse('2026-01-01T00:10:00.000Z');
    applyEvent(s, ev('unit_position_reported', { unit: 'E1', position: { lat: 37.79, lon: -122.42 }, at: t1 }));
    expect(s.units.get('E1')!.position).toEqual({ lat: 37.79, lon: -122.42, at: '2026-01-01T00:10:00.000Z', stale: false });
    const ch = applyEvent(s, ev('unit_position_reported', { unit: 'E1', position: { lat: 1, lon: 1 }, at: t1 - 60_000 }));
    expect(s.units.get('E1')!.position!.lat).toBe(37.79);
    expect(ch.units.size).toBe(0);
  });

  it('asks for units added or changed live and drops retired ones from the board', () => {
    const s = fresh([], [unit('E1'), unit('E2')]);
    const ch = emptyChanges();
    applyEvent(s, ev('unit_added', { unit: { id: 'B9', type: 'boat' }, reason: 'new' }), ch);
    applyEvent(s, ev('unit_changed', { unit: 'E1', crew: 6, reason: 'refit' }), ch);
    expect([...ch.refetchUnits].sort()).toEqual(['B9', 'E1']);
    expect(s.units.has('B9')).toBe(false); // the board shows it as the API gives it, once fetched
    const retired = applyEvent(s, ev('unit_retired', { unit: 'E2', from: 'available', reason: 'scrapped' }));
    expect(s.units.has('E2')).toBe(false);
    expect([...retired.units]).toEqual(['E2']);
    // malformed: nothing to fetch, nothing dropped
    const bad = applyEvent(s, ev('unit_added', { unit: 'B9' }));
    applyEvent(s, ev('unit_retired', { unit: 7 }), bad);
    expect(bad.refetchUnits.size).toBe(0);
    expect(s.units.size).toBe(1);
  });

  it('ignores malformed payloads and events the dashboard does not show', () => {
    const s = fresh([incident(1)], [unit('E1')]);
    const before = JSON.stringify([...s.incidents.values(), ...s.units.values()]);
    applyEvent(s, ev('incident_status_changed', { id: '1', to: 'verified' }));
    applyEvent(s, ev('incident_status_changed', { id: 1, to: 'bogus' }));
    applyEvent(s, ev('unit_status_changed', { unit: 'E1', to: 42 }));
    applyEvent(s, ev('user_added', { name: 'x' }));
    applyEvent(s, ev('incident_reported', null));
    expect(JSON.stringify([...s.incidents.values(), ...s.units.values()])).toBe(before);
    expect(s.seq).toBe(105);
  });

  it('collects task and plan events as detail changes', () => {
    const s = fresh([incident(5)]);
    const ch = emptyChanges();
    applyEvent(s, ev('plan_activated', { incident: 5, plan: 'p', level: 'IV', tasks: [] }), ch);
    applyEvent(s, ev('task_escalated', { incident: 5, task: 1, from: 'a', to: 'b', due: 0 }), ch);
    expect([...ch.details]).toEqual([5]);
    expect(ch.incidents.size).toBe(0);
  });

  it('marks the detail of an incident that got a photo, and nothing else', () => {
    const s = fresh([incident(5), incident(6)]);
    const before = JSON.stringify([...s.incidents.values()]);
    const ch = emptyChanges();
    applyEvent(
      s,
      ev('incident_photo_attached', {
        incident: 6,
        photo: 1,
        media_type: 'image/jpeg',
        size: 1024,
        sha256: 'ab'.repeat(32),
        url: '/api/v1/incidents/6/photos/1',
      }),
      ch,
    );
    expect([...ch.details]).toEqual([6]);
    expect(ch.incidents.size).toBe(0);
    expect(ch.missingIncidents.size).toBe(0);
    expect(JSON.stringify([...s.incidents.values()])).toBe(before);
  });

  it('reloads the detail for an incident event it has no case for, such as a note', () => {
    const s = fresh([incident(5), incident(6)]);
    const before = JSON.stringify([...s.incidents.values()]);
    const ch = emptyChanges();
    applyEvent(s, ev('incident_note_added', { incident: 5, text: '三楼有人' }), ch);
    applyEvent(s, ev('user_disabled', { user: 'wang.fang' }), ch);
    applyEvent(s, ev('incident_note_added', { incident: 'x', text: 'bad id' }), ch);
    expect([...ch.details]).toEqual([5]);
    expect(ch.incidents.size).toBe(0);
    expect(ch.missingIncidents.size).toBe(0);
    expect(JSON.stringify([...s.incidents.values()])).toBe(before);
    expect(s.seq).toBe(103);
  });
});

describe('counts', () => {
  it('counts open incidents by level and units by status', () => {
    const s = fresh(
      [
        incident(1, { level: 'I' }),
        incident(2, { level: 'IV', status: 'on_scene' }),
        incident(3, { level: 'IV', status: 'closed' }),
        incident(4, { level: 'III', status: 'merged' }),
        incident(5, { level: 'III', status: 'controlled' }),
      ],
      [unit('a'), unit('b', { status: 'en_route' }), unit('c', { status: 'en_route' }), unit('d', { status: 'out_of_service' })],
    );
    const c = counts(s);
    expect(c.openByLevel).toEqual({ I: 1, II: 0, III: 1, IV: 1 });
    expect(c.unitsByStatus).toEqual({
      available: 1,
      dispatched: 0,
      acknowledged: 0,
      en_route: 2,
      on_scene: 0,
      returning: 0,
      out_of_service: 1,
    });
  });
});
