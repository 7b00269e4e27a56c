import { describe, expect, it } from 'vitest';

import type { StreamEvent, Warning } from '../src/api/types';
import { setLangForTest } from '../src/i18n';
import {
  applyEvent,
  emptyChanges,
  emptyState,
  expireWarnings,
  loadWarnings,
  mergeChanges,
  nextWarningExpiry,
  type LiveState,
} from '../src/state/reducer';
import { activeWarnings, warningFromEvent, warningFromRest } from '../src/state/warnings';
import { alertLevelLabel, warningAreaText, warningExpiryText } from '../src/ui/labels';

const T0 = Date.parse('2026-01-01T10:00:00.000Z');
const MIN = 60_000;

/** The data of an `alert_published` event, as the server's event log writes it. */
function published(id: number, over: Record<string, unknown> = {}, area: Record<string, unknown> = {}) {
  return {
    id,
    content: {
      org: 'sf',
      level: 'orange',
      category: 'Met',
      urgency: 'Expected',
      certainty: 'Likely',
      event: { zh: '暴雨', en: 'Rainstorm' },
      headline: { zh: '短时强降水', en: 'Heavy showers' },
      description: { zh: '', en: '' },
      instruction: { zh: '远离低洼地带', en: 'Keep away from low ground' },
      area: {
        description: { zh: '滨海区', en: 'Marina' },
        center: { lat: 37.8003, lon: -122.4372 },
        radius_km: 1.5,
        ...area,
      },
      exercise: false,
      expires: T0 + 120 * MIN,
      ...over,
    },
  };
}

/** One item of `GET /api/v1/alerts`, as the server lists it. */
function restItem(id: number, over: Record<string, unknown> = {}) {
  return {
    id,
    org: 'sf',
    level: 'orange',
    level_name: { zh: '橙色预警', en: 'orange warning' },
    category: 'Met',
    urgency: 'Expected',
    certainty: 'Likely',
    severity: 'Severe',
    event: { zh: '暴雨', en: 'Rainstorm' },
    headline: { zh: '短时强降水', en: 'Heavy showers' },
    description: { zh: '', en: '' },
    instruction: { zh: '远离低洼地带', en: 'Keep away from low ground' },
    area: { description: { zh: '滨海区', en: 'Marina' }, lat: 37.8003, lon: -122.4372, radius_km: 1.5 },
    exercise: false,
    sent: '2026-01-01T10:00:00.000Z',
    expires: '2026-01-01T12:00:00.000Z',
    active: true,
    cap: `/api/v1/public/alerts/${id}`,
    ...over,
  };
}

const EXPECTED: Warning = {
  id: 1,
  org: 'sf',
  level: 'orange',
  category: 'Met',
  urgency: 'Expected',
  certainty: 'Likely',
  event: { zh: '暴雨', en: 'Rainstorm' },
  headline: { zh: '短时强降水', en: 'Heavy showers' },
  description: { zh: '', en: '' },
  instruction: { zh: '远离低洼地带', en: 'Keep away from low ground' },
  area: { description: { zh: '滨海区', en: 'Marina' }, lat: 37.8003, lon: -122.4372, radiusKm: 1.5 },
  incident: null,
  exercise: false,
  sentMs: T0,
  expiresMs: T0 + 120 * MIN,
};

let seq = 100;
function ev(type: string, data: unknown, at = '2026-01-01T10:00:00.000Z'): StreamEvent {
  seq += 1;
  return { seq, at, type, actor: 'cmd1', data };
}

function fresh(): LiveState {
  const s = emptyState();
  s.seq = 100;
  seq = 100;
  return s;
}

describe('warning shapes', () => {
  it('reads the stream event (area.center, expires in epoch ms, sent = the event time)', () => {
    expect(warningFromEvent(published(1), '2026-01-01T10:00:00.000Z')).toEqual(EXPECTED);
  });

  it('reads the REST item (area.lat/lon, ISO times) into the same client type', () => {
    expect(warningFromRest(restItem(1))).toEqual(EXPECTED);
    expect(warningFromRest(restItem(1))).toEqual(warningFromEvent(published(1), '2026-01-01T10:00:00.000Z'));
  });

  it('keeps the incident and the exercise flag, and takes plain-string texts for both languages', () => {
    const w = warningFromRest(restItem(4, { incident: 12, exercise: true, description: 'Streets flood', level: 'red' }))!;
    expect(w.incident).toBe(12);
    expect(w.exercise).toBe(true);
    expect(w.level).toBe('red');
    expect(w.description).toEqual({ zh: 'Streets flood', en: 'Streets flood' });
    const e = warningFromEvent(published(5, { incident: 3, exercise: true }))!;
    expect(e.incident).toBe(3);
    expect(e.exercise).toBe(true);
    expect(e.sentMs).toBeNull(); // no event time given
  });

  it('stands the event in for a missing headline', () => {
    const w = warningFromEvent(published(2, { headline: { zh: '', en: '' } }), '2026-01-01T10:00:00.000Z')!;
    expect(w.headline).toEqual({ zh: '暴雨', en: 'Rainstorm' });
  });

  it('leaves out what cannot be drawn or timed', () => {
    expect(warningFromEvent(null)).toBeNull();
    expect(warningFromEvent({ id: 1 })).toBeNull();
    expect(warningFromEvent(published(0))).toBeNull();
    expect(warningFromEvent({ ...published(1), id: '1' })).toBeNull();
    expect(warningFromEvent(published(1, { level: 'purple' }))).toBeNull();
    expect(warningFromEvent(published(1, { expires: 'soon' }))).toBeNull();
    expect(warningFromEvent(published(1, {}, { radius_km: 0 }))).toBeNull();
    expect(warningFromEvent(published(1, {}, { center: { lat: 95, lon: 0 } }))).toBeNull();
    expect(warningFromEvent(published(1, {}, { center: null }))).toBeNull();
    expect(warningFromRest(restItem(1, { area: { lat: 37.8 } }))).toBeNull();
    expect(warningFromRest('x')).toBeNull();
  });
});

describe('warnings in the reducer', () => {
  it('adds a warning on alert_published and says so', () => {
    const s = fresh();
    const ch = applyEvent(s, ev('alert_published', published(1)), emptyChanges(), T0);
    expect(s.warnings.get(1)).toEqual(EXPECTED);
    expect([...ch.warnings]).toEqual([1]);
    expect(s.seq).toBe(101);
  });

  it('is idempotent: a published event the snapshot already holds changes nothing', () => {
    const s = fresh();
    loadWarnings(s, [restItem(1)], T0);
    applyEvent(s, ev('alert_published', published(1)), emptyChanges(), T0);
    expect([...s.warnings.values()]).toEqual([EXPECTED]);
    // and a replayed event (at or below seq) is skipped
    const again = { seq: 101, at: '2026-01-01T10:00:00.000Z', type: 'alert_cancelled', actor: 'cmd1', data: { id: 1 } };
    applyEvent(s, again, emptyChanges(), T0);
    expect(s.warnings.has(1)).toBe(true);
  });

  it('removes a warning on alert_cancelled, also one it never held', () => {
    const s = fresh();
    applyEvent(s, ev('alert_published', published(1)), emptyChanges(), T0);
    applyEvent(s, ev('alert_published', published(2, { level: 'blue' })), emptyChanges(), T0);
    const ch = applyEvent(s, ev('alert_cancelled', { id: 1, reason: 'rain has passed' }), emptyChanges(), T0 + MIN);
    expect([...s.warnings.keys()]).toEqual([2]);
    expect([...ch.warnings]).toEqual([1]);
    applyEvent(s, ev('alert_cancelled', { id: 99 }), emptyChanges(), T0 + MIN);
    expect([...s.warnings.keys()]).toEqual([2]);
    // a malformed cancel is ignored
    applyEvent(s, ev('alert_cancelled', { id: 'two' }), emptyChanges(), T0 + MIN);
    expect(s.warnings.has(2)).toBe(true);
  });

  it('does not add a warning that has lapsed by the time its event arrives (a catch-up)', () => {
    const s = fresh();
    const ch = applyEvent(s, ev('alert_published', published(1)), emptyChanges(), T0 + 121 * MIN);
    expect(s.warnings.size).toBe(0);
    expect(ch.warnings.size).toBe(0);
  });

  it('ignores a malformed published event', () => {
    const s = fresh();
    applyEvent(s, ev('alert_published', { id: 3, content: { level: 'orange' } }), emptyChanges(), T0);
    applyEvent(s, ev('alert_published', 'nonsense'), emptyChanges(), T0);
    expect(s.warnings.size).toBe(0);
  });

  it('drops a warning when its expiry passes, and tells the timer when the next one is due', () => {
    const s = fresh();
    applyEvent(s, ev('alert_published', published(1, { expires: T0 + 30 * MIN })), emptyChanges(), T0);
    applyEvent(s, ev('alert_published', published(2, { expires: T0 + 90 * MIN })), emptyChanges(), T0);
    expect(nextWarningExpiry(s)).toBe(T0 + 30 * MIN);
    expect(expireWarnings(s, T0 + 30 * MIN - 1)).toEqual([]);
    const ch = emptyChanges();
    expect(expireWarnings(s, T0 + 30 * MIN, ch)).toEqual([1]); // in force while now < expires
    expect([...ch.warnings]).toEqual([1]);
    expect([...s.warnings.keys()]).toEqual([2]);
    expect(nextWarningExpiry(s)).toBe(T0 + 90 * MIN);
    expireWarnings(s, T0 + 200 * MIN);
    expect(s.warnings.size).toBe(0);
    expect(nextWarningExpiry(s)).toBeNull();
  });

  it('loads the REST list, leaving out what is cancelled, inactive or lapsed', () => {
    const s = fresh();
    applyEvent(s, ev('alert_published', published(9)), emptyChanges(), T0);
    const changed = loadWarnings(
      s,
      [
        restItem(1),
        restItem(2, { active: false }),
        restItem(3, { cancelled_at: '2026-01-01T10:05:00.000Z' }),
        restItem(4, { expires: '2026-01-01T10:00:30.000Z' }),
        restItem(5, { level: 'unknown' }),
        null,
      ],
      T0 + MIN,
    );
    expect([...s.warnings.keys()]).toEqual([1]);
    expect([...changed].sort()).toEqual([1, 9]); // 9 was replaced by the snapshot
  });

  it('lists the warnings in force newest first', () => {
    const s = fresh();
    applyEvent(s, ev('alert_published', published(1), '2026-01-01T10:00:00.000Z'), emptyChanges(), T0);
    applyEvent(s, ev('alert_published', published(3, { expires: T0 + 5 * MIN }), '2026-01-01T10:02:00.000Z'), emptyChanges(), T0);
    applyEvent(s, ev('alert_published', published(2), '2026-01-01T10:01:00.000Z'), emptyChanges(), T0);
    expect(activeWarnings(s.warnings.values(), T0 + MIN).map((w) => w.id)).toEqual([3, 2, 1]);
    // past its expiry a warning is not listed even before the timer has dropped it
    expect(activeWarnings(s.warnings.values(), T0 + 6 * MIN).map((w) => w.id)).toEqual([2, 1]);
  });

  it('merges warning changes with the others', () => {
    const a = emptyChanges();
    const b = emptyChanges();
    b.warnings.add(4);
    b.incidents.add(1);
    mergeChanges(a, b);
    expect([...a.warnings]).toEqual([4]);
    expect([...a.incidents]).toEqual([1]);
  });
});

describe('warning texts', () => {
  it('name the level, the area and the time left in both languages', () => {
    const w = warningFromEvent(published(1), '2026-01-01T10:00:00.000Z')!;
    setLangForTest('zh');
    expect(alertLevelLabel('orange')).toBe('橙色预警');
    expect(warningAreaText(w)).toBe('滨海区 · 半径 1.5 公里');
    expect(warningExpiryText(w, T0 + 61 * MIN)).toMatch(/^有效至 \S+（59分00秒后失效）$/);
    expect(warningExpiryText(w, T0 + 120 * MIN)).toBe('已失效');
    setLangForTest('en');
    expect(alertLevelLabel('red')).toBe('red warning');
    expect(warningAreaText(w)).toBe('Marina · radius 1.5 km');
    expect(warningExpiryText(w, T0)).toMatch(/^until \S+ \(expires in 2 h 00 min\)$/);
    setLangForTest('zh');
  });
});
