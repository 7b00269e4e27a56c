// Monitoring sensors (监测预警): the REST list read into one client type, the two stream events
// read defensively, and the order the situation panel lists them in.
//
// - `GET /api/v1/sensors` lists `{id, name: {zh, en}, kind, kind_name, unit, location: {lat, lon},
//   org, thresholds, rise_per_hour, level, level_name, level_since, reason: {zh, en}, last_value,
//   last_at, exercise: {the same six fields for drills}}` (times as ISO text).
// - `reading_recorded {sensor, at (Unix ms), value, level, exercise}` and `sensor_level_changed
//   {sensor, from, to, reason_zh, reason_en, exercise}` keep it current; a drill reading
//   (`exercise: true`) moves only the exercise track, never the real one.
//
// Anything without an id, a name or a usable location is left out rather than shown wrongly.

import type { Localized, Sensor, SensorLevel, SensorTrack } from '../api/types';
import { SENSOR_LEVELS } from '../api/types';
import { getLang, loc } from '../i18n';
import { num, obj, str } from './read';
import { localized, timeMs } from './warnings';

export function sensorLevel(v: unknown): SensorLevel | null {
  return typeof v === 'string' && (SENSOR_LEVELS as readonly string[]).includes(v) ? (v as SensorLevel) : null;
}

/** 0 for none … 4 for red. */
export function sensorLevelRank(l: SensorLevel): number {
  return SENSOR_LEVELS.indexOf(l);
}

export function emptyTrack(): SensorTrack {
  return { level: 'none', sinceMs: null, reason: { zh: '', en: '' }, lastValue: null, lastAtMs: null };
}

function trackFromRest(v: unknown): SensorTrack {
  const o = obj(v);
  if (!o) return emptyTrack();
  return {
    level: sensorLevel(o.level) ?? 'none',
    sinceMs: timeMs(o.level_since),
    reason: localized(o.reason),
    lastValue: num(o.last_value),
    lastAtMs: timeMs(o.last_at),
  };
}

/** One item of `GET /api/v1/sensors` (null when unusable). */
export function sensorFromRest(item: unknown): Sensor | null {
  const o = obj(item);
  if (!o) return null;
  const id = str(o.id);
  const name = localized(o.name);
  const at = obj(o.location);
  const lat = num(at?.lat);
  const lon = num(at?.lon);
  if (id === null || id === '') return null;
  if (lat === null || lon === null || Math.abs(lat) > 90 || Math.abs(lon) > 180) return null;
  const kind = str(o.kind) ?? '';
  return {
    id,
    // A sensor without a name still needs a line: its id stands in.
    name: name.zh || name.en ? name : { zh: id, en: id },
    kind,
    kindName: localized(o.kind_name),
    unit: str(o.unit) ?? '',
    location: { lat, lon },
    org: str(o.org) ?? '',
    live: trackFromRest(o),
    exercise: trackFromRest(o.exercise),
  };
}

export interface Reading {
  sensor: string;
  atMs: number;
  value: number;
  level: SensorLevel;
  exercise: boolean;
}

/** The data of a `reading_recorded` event (null when malformed). */
export function readingFromEvent(data: unknown): Reading | null {
  const d = obj(data);
  if (!d) return null;
  const sensor = str(d.sensor);
  const atMs = timeMs(d.at);
  const value = num(d.value);
  const level = sensorLevel(d.level);
  if (sensor === null || atMs === null || value === null || level === null) return null;
  return { sensor, atMs, value, level, exercise: d.exercise === true };
}

export interface LevelChange {
  sensor: string;
  from: SensorLevel | null;
  to: SensorLevel;
  reason: Localized;
  exercise: boolean;
}

/** The data of a `sensor_level_changed` event (null when malformed). */
export function levelChangeFromEvent(data: unknown): LevelChange | null {
  const d = obj(data);
  if (!d) return null;
  const sensor = str(d.sensor);
  const to = sensorLevel(d.to);
  if (sensor === null || to === null) return null;
  return {
    sensor,
    from: sensorLevel(d.from),
    to,
    reason: { zh: str(d.reason_zh) ?? '', en: str(d.reason_en) ?? '' },
    exercise: d.exercise === true,
  };
}

/** The track a reading or a level change goes to. */
export function trackOf(s: Sensor, exercise: boolean): SensorTrack {
  return exercise ? s.exercise : s.live;
}

/** Most severe (real) level first, then by name in the language shown, then by id. */
export function compareSensors(a: Sensor, b: Sensor): number {
  const r = sensorLevelRank(b.live.level) - sensorLevelRank(a.live.level);
  if (r !== 0) return r;
  const n = loc(a.name).localeCompare(loc(b.name), getLang() === 'zh' ? 'zh-CN' : 'en');
  if (n !== 0) return n;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

export function sortedSensors(sensors: Iterable<Sensor>): Sensor[] {
  return [...sensors].sort(compareSensors);
}

/** A reading's value as shown: at most three decimals, then the unit ("3.42 m"). */
export function sensorValueText(value: number, unit: string): string {
  const v = String(Math.round(value * 1000) / 1000);
  return unit ? `${v} ${unit}` : v;
}
