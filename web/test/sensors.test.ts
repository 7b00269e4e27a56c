import { describe, expect, it } from 'vitest';

import type { Sensor, StreamEvent } from '../src/api/types';
import { setLangForTest } from '../src/i18n';
import { applyEvent, emptyChanges, emptyState, loadSensors, mergeChanges, type LiveState } from '../src/state/reducer';
import { levelChangeFromEvent, readingFromEvent, sensorFromRest, sortedSensors } from '../src/state/sensors';
import { sensorLevelLabel, sensorReadingText, sensorReasonText } from '../src/ui/labels';

const T0 = Date.parse('2026-01-01T10:00:00.000Z');
const MIN = 60_000;

const NONE_TRACK = {
  level: 'none',
  level_name: { zh: '正常', en: 'normal' },
  level_since: null,
  reason: { zh: '', en: '' },
  last_value: null,
  last_at: null,
};

/** One item of `GET /api/v1/sensors`, as the server lists it. */
function restItem(id: string, over: Record<string, unknown> = {}) {
  return {
    id,
    name: { zh: `${id} 站`, en: `${id} gauge` },
    kind: 'water_level',
    kind_name: { zh: '水位', en: 'water level' },
    unit: 'm',
    location: { lat: 37.806, lon: -122.44 },
    org: 'sf-central',
    thresholds: { blue: 2.5, yellow: 2.8, orange: 3.2, red: 3.6 },
    rise_per_hour: { value: 0.5, level: 'yellow', window_min: 30 },
    ...NONE_TRACK,
    exercise: { ...NONE_TRACK },
    ...over,
  };
}

let seq = 100;
function ev(type: string, data: unknown, at = '2026-01-01T10:00:00.000Z'): StreamEvent {
  seq += 1;
  return { seq, at, type, actor: 'disp1', data };
}

function reading(sensor: string, atMs: number, value: number, level: string, exercise = false) {
  return ev('reading_recorded', { sensor, at: atMs, value, level, exercise }, new Date(atMs).toISOString());
}

function levelChanged(sensor: string, from: string, to: string, exercise = false, reason = `${from}→${to}`) {
  return ev('sensor_level_changed', { sensor, from, to, reason_zh: `原因 ${reason}`, reason_en: `reason ${reason}`, exercise });
}

function fresh(items: unknown[] = [restItem('wl-1')]): LiveState {
  const s = emptyState();
  s.seq = 100;
  seq = 100;
  loadSensors(s, items);
  return s;
}

const sensor = (s: LiveState, id = 'wl-1'): Sensor => s.sensors.get(id) as Sensor;

describe('sensor shapes', () => {
  it('reads the REST item, both tracks, times as epoch ms', () => {
    const s = sensorFromRest(
      restItem('wl-1', {
        level: 'orange',
        level_since: '2026-01-01T09:50:00.000Z',
        reason: { zh: '水位 3.42 m 超过橙色阈值 3.2 m', en: 'water level 3.42 m above the orange threshold 3.2 m' },
        last_value: 3.42,
        last_at: '2026-01-01T09:55:00.000Z',
        exercise: { ...NONE_TRACK, level: 'red', last_value: 3.9, last_at: '2026-01-01T09:58:00.000Z' },
      }),
    )!;
    expect(s).toEqual({
      id: 'wl-1',
      name: { zh: 'wl-1 站', en: 'wl-1 gauge' },
      kind: 'water_level',
      kindName: { zh: '水位', en: 'water level' },
      unit: 'm',
      location: { lat: 37.806, lon: -122.44 },
      org: 'sf-central',
      live: {
        level: 'orange',
        sinceMs: T0 - 10 * MIN,
        reason: { zh: '水位 3.42 m 超过橙色阈值 3.2 m', en: 'water level 3.42 m above the orange threshold 3.2 m' },
        lastValue: 3.42,
        lastAtMs: T0 - 5 * MIN,
      },
      exercise: { level: 'red', sinceMs: null, reason: { zh: '', en: '' }, lastValue: 3.9, lastAtMs: T0 - 2 * MIN },
    });
  });

  it('leaves out what cannot be placed, and reads an unknown level or a missing track as none', () => {
    expect(sensorFromRest(null)).toBeNull();
    expect(sensorFromRest(restItem('x', { id: 7 }))).toBeNull();
    expect(sensorFromRest(restItem('x', { location: { lat: 95, lon: 0 } }))).toBeNull();
    expect(sensorFromRest(restItem('x', { location: null }))).toBeNull();
    const s = sensorFromRest(restItem('x', { level: 'purple', exercise: undefined, name: null }))!;
    expect(s.live.level).toBe('none');
    expect(s.exercise.level).toBe('none');
    expect(s.name).toEqual({ zh: 'x', en: 'x' });
  });

  it('reads the two events and refuses malformed ones', () => {
    expect(readingFromEvent({ sensor: 'a', at: T0, value: 1.5, level: 'blue', exercise: true })).toEqual({
      sensor: 'a',
      atMs: T0,
      value: 1.5,
      level: 'blue',
      exercise: true,
    });
    expect(readingFromEvent({ sensor: 'a', at: T0, value: '1.5', level: 'blue' })).toBeNull();
    expect(readingFromEvent({ sensor: 'a', at: T0, value: 1.5, level: 'purple' })).toBeNull();
    expect(readingFromEvent({ at: T0, value: 1.5, level: 'blue' })).toBeNull();
    expect(readingFromEvent({ sensor: 'a', value: 1.5, level: 'blue' })).toBeNull();
    expect(readingFromEvent('x')).toBeNull();
    expect(levelChangeFromEvent({ sensor: 'a', from: 'none', to: 'red', reason_zh: '甲', reason_en: 'a' })).toEqual({
      sensor: 'a',
      from: 'none',
      to: 'red',
      reason: { zh: '甲', en: 'a' },
      exercise: false,
    });
    expect(levelChangeFromEvent({ sensor: 'a', from: 'none', to: 'crimson' })).toBeNull();
    expect(levelChangeFromEvent({ sensor: 1, to: 'red' })).toBeNull();
  });
});

describe('sensors in the reducer', () => {
  it('follows a rising series of readings and the level changes they bring', () => {
    const s = fresh();
    const ch = emptyChanges();
    applyEvent(s, reading('wl-1', T0, 2.1, 'none'), ch);
    expect(sensor(s).live).toMatchObject({ level: 'none', lastValue: 2.1, lastAtMs: T0 });
    expect([...ch.sensors]).toEqual(['wl-1']);

    applyEvent(s, reading('wl-1', T0 + 10 * MIN, 2.6, 'blue'));
    applyEvent(s, levelChanged('wl-1', 'none', 'blue'));
    expect(sensor(s).live).toEqual({
      level: 'blue',
      sinceMs: T0 + 10 * MIN,
      reason: { zh: '原因 none→blue', en: 'reason none→blue' },
      lastValue: 2.6,
      lastAtMs: T0 + 10 * MIN,
    });

    applyEvent(s, reading('wl-1', T0 + 20 * MIN, 2.7, 'blue'));
    expect(sensor(s).live).toMatchObject({ level: 'blue', sinceMs: T0 + 10 * MIN, lastValue: 2.7, lastAtMs: T0 + 20 * MIN });

    applyEvent(s, reading('wl-1', T0 + 30 * MIN, 3.42, 'orange'));
    applyEvent(s, levelChanged('wl-1', 'blue', 'orange'));
    expect(sensor(s).live).toEqual({
      level: 'orange',
      sinceMs: T0 + 30 * MIN,
      reason: { zh: '原因 blue→orange', en: 'reason blue→orange' },
      lastValue: 3.42,
      lastAtMs: T0 + 30 * MIN,
    });
    // the drill track saw none of it
    expect(sensor(s).exercise).toEqual({ level: 'none', sinceMs: null, reason: { zh: '', en: '' }, lastValue: null, lastAtMs: null });
  });

  it('keeps the live and the exercise tracks apart', () => {
    const s = fresh();
    applyEvent(s, reading('wl-1', T0, 2.0, 'none'));
    applyEvent(s, reading('wl-1', T0 + MIN, 3.7, 'red', true));
    applyEvent(s, levelChanged('wl-1', 'none', 'red', true, 'drill'));
    expect(sensor(s).live).toMatchObject({ level: 'none', lastValue: 2.0, lastAtMs: T0, reason: { zh: '', en: '' } });
    expect(sensor(s).exercise).toEqual({
      level: 'red',
      sinceMs: T0 + MIN,
      reason: { zh: '原因 drill', en: 'reason drill' },
      lastValue: 3.7,
      lastAtMs: T0 + MIN,
    });
    // a real reading afterwards, earlier than the drill's, still counts on its own track
    applyEvent(s, reading('wl-1', T0 + 30_000, 2.9, 'yellow'));
    applyEvent(s, levelChanged('wl-1', 'none', 'yellow'));
    expect(sensor(s).live).toMatchObject({ level: 'yellow', lastValue: 2.9, sinceMs: T0 + 30_000 });
    expect(sensor(s).exercise).toMatchObject({ level: 'red', lastValue: 3.7 });
    // a drill falling back to none does not lower the real level
    applyEvent(s, reading('wl-1', T0 + 2 * MIN, 1.0, 'none', true));
    applyEvent(s, levelChanged('wl-1', 'red', 'none', true, 'drill over'));
    expect(sensor(s).exercise).toMatchObject({ level: 'none', lastValue: 1.0 });
    expect(sensor(s).live).toMatchObject({ level: 'yellow', lastValue: 2.9 });
  });

  it('is idempotent with the snapshot: an older reading and its level change are skipped', () => {
    const s = fresh([
      restItem('wl-1', {
        level: 'orange',
        level_since: '2026-01-01T10:20:00.000Z',
        reason: { zh: '橙', en: 'orange' },
        last_value: 3.3,
        last_at: '2026-01-01T10:20:00.000Z',
      }),
    ]);
    // events the snapshot already holds, arriving after it
    applyEvent(s, reading('wl-1', T0 + 10 * MIN, 2.9, 'yellow'));
    applyEvent(s, levelChanged('wl-1', 'none', 'yellow'));
    expect(sensor(s).live).toEqual({
      level: 'orange',
      sinceMs: T0 + 20 * MIN,
      reason: { zh: '橙', en: 'orange' },
      lastValue: 3.3,
      lastAtMs: T0 + 20 * MIN,
    });
    // the snapshot's own last reading again changes nothing
    applyEvent(s, reading('wl-1', T0 + 20 * MIN, 3.3, 'orange'));
    expect(sensor(s).live).toMatchObject({ level: 'orange', sinceMs: T0 + 20 * MIN, lastValue: 3.3 });
    // a replayed event (at or below seq) is skipped
    const replay = { ...reading('wl-1', T0 + 40 * MIN, 4.0, 'red'), seq: 101 };
    applyEvent(s, replay);
    expect(sensor(s).live.lastValue).toBe(3.3);
    // and a newer one moves on
    applyEvent(s, reading('wl-1', T0 + 40 * MIN, 3.7, 'red'));
    applyEvent(s, levelChanged('wl-1', 'orange', 'red'));
    expect(sensor(s).live).toMatchObject({ level: 'red', sinceMs: T0 + 40 * MIN, lastValue: 3.7, reason: { en: 'reason orange→red' } });
  });

  it('ignores an unknown sensor without failing', () => {
    const s = fresh();
    const ch = emptyChanges();
    expect(() => applyEvent(s, reading('nope', T0, 9, 'red'), ch)).not.toThrow();
    expect(() => applyEvent(s, levelChanged('nope', 'none', 'red'), ch)).not.toThrow();
    expect(ch.sensors.size).toBe(0);
    expect([...s.sensors.keys()]).toEqual(['wl-1']);
    expect(s.seq).toBe(102);
  });

  it('ignores malformed event data', () => {
    const s = fresh();
    const before = structuredClone(sensor(s));
    const ch = emptyChanges();
    for (const data of [
      null,
      'nonsense',
      [1, 2],
      { sensor: 'wl-1' },
      { sensor: 'wl-1', at: 'soon', value: 3, level: 'red' },
      { sensor: 'wl-1', at: T0, value: Number.NaN, level: 'red' },
      { sensor: 'wl-1', at: T0, value: 3, level: 'scarlet' },
    ]) {
      applyEvent(s, ev('reading_recorded', data), ch);
    }
    for (const data of [null, { sensor: 'wl-1', from: 'none' }, { sensor: 'wl-1', to: 'purple' }, { to: 'red' }]) {
      applyEvent(s, ev('sensor_level_changed', data), ch);
    }
    expect(sensor(s)).toEqual(before);
    expect(ch.sensors.size).toBe(0);
  });

  it('sorts by level, most severe first, then by name', () => {
    const s = fresh([
      restItem('a', { name: { zh: '乙站', en: 'Bravo' } }),
      restItem('b', { name: { zh: '甲站', en: 'Alpha' }, level: 'blue' }),
      restItem('c', { name: { zh: '丙站', en: 'Charlie' } }),
      restItem('d', { name: { zh: '丁站', en: 'Delta' }, exercise: { ...NONE_TRACK, level: 'red' } }),
    ]);
    setLangForTest('en');
    expect(sortedSensors(s.sensors.values()).map((x) => x.id)).toEqual(['b', 'a', 'c', 'd']);
    applyEvent(s, reading('c', T0, 3.7, 'red'));
    applyEvent(s, levelChanged('c', 'none', 'red'));
    applyEvent(s, reading('a', T0, 2.9, 'yellow'));
    expect(sortedSensors(s.sensors.values()).map((x) => x.id)).toEqual(['c', 'a', 'b', 'd']);
    // b falls back to none; d stays last: its drill red does not move it up, the order is the real one
    applyEvent(s, reading('b', T0, 1.0, 'none'));
    expect(sortedSensors(s.sensors.values()).map((x) => x.id)).toEqual(['c', 'a', 'b', 'd']);
    setLangForTest('zh');
  });

  it('loads the REST list, replacing what was held, and merges sensor changes', () => {
    const s = fresh([restItem('a'), restItem('b')]);
    const changed = loadSensors(s, [restItem('b'), restItem('c'), { id: 'bad' }, null]);
    expect([...s.sensors.keys()]).toEqual(['b', 'c']);
    expect([...changed].sort()).toEqual(['a', 'b', 'c']);
    const into = emptyChanges();
    const from = emptyChanges();
    from.sensors.add('c');
    mergeChanges(into, from);
    expect([...into.sensors]).toEqual(['c']);
  });
});

describe('sensor texts', () => {
  it('name the level, the reading and the reason in both languages', () => {
    const s = sensorFromRest(
      restItem('wl-1', {
        level: 'orange',
        reason: { zh: '水位 3.42 m 超过橙色阈值 3.2 m', en: 'water level 3.42 m above the orange threshold 3.2 m' },
        last_value: 3.4200001,
        exercise: { ...NONE_TRACK, level: 'red', reason: { zh: '演练水位', en: 'drill level' } },
      }),
    )!;
    setLangForTest('zh');
    expect(sensorLevelLabel('orange')).toBe('橙色');
    expect(sensorLevelLabel('none')).toBe('正常');
    expect(sensorReadingText(s, s.live)).toBe('3.42 m');
    expect(sensorReadingText(s, s.exercise)).toBe('暂无读数');
    expect(sensorReasonText(s)).toBe('水位 3.42 m 超过橙色阈值 3.2 m\n演练：演练水位');
    setLangForTest('en');
    expect(sensorLevelLabel('red')).toBe('red');
    expect(sensorReadingText(s, s.exercise)).toBe('no reading yet');
    expect(sensorReasonText(s)).toBe('water level 3.42 m above the orange threshold 3.2 m\nExercise: drill level');
    setLangForTest('zh');
  });
});
