// The dashboard's live picture: incidents and units from the REST snapshot, kept current by the
// event stream. `applyEvent` mutates the state in place (maps of hundreds of items, many events a
// second) and says what it touched so that the views redraw only that.
//
// Public warnings (预警信息) are kept too: `alert_published` puts one in (as it is, "set to"),
// `alert_cancelled` takes it out, and one past its expiry is dropped by `expireWarnings`, which the
// application calls from a timer set to the next expiry.
//
// Monitoring sensors (监测预警) likewise: `GET /api/v1/sensors` loads them, `reading_recorded` sets
// the last reading (and the level it reached) and `sensor_level_changed` the level with its reason,
// each on the real track or, for a drill (`exercise: true`), on the separate exercise track.
//
// Events may overlap the snapshot: the stream is opened before the snapshot is read, so the first
// events after it may already be in it. Every change is therefore written as "set to", never
// "add one", and re-applying an event the snapshot already holds changes nothing.

import type {
  IncidentStatus,
  IncidentSummary,
  LatLon,
  Level,
  Sensor,
  Source,
  StreamEvent,
  Unit,
  UnitStatus,
  Warning,
} from '../api/types';
import { INCIDENT_STATUSES, LEVELS, UNIT_STATUSES } from '../api/types';
import { categoryOf, EMPTY_CATALOGUE, type Catalogue } from './catalogue';
// timeMs: the time of a position report, epoch milliseconds in events, ISO text in the REST view.
import { restItemActive, timeMs, warningFromEvent, warningFromRest } from './warnings';
import { num, obj, str } from './read';
import { levelChangeFromEvent, readingFromEvent, sensorFromRest, trackOf } from './sensors';

export interface LiveState {
  /** The last sequence number applied (or reported caught up to). */
  seq: number;
  incidents: Map<number, IncidentSummary>;
  units: Map<string, Unit>;
  /** When each incident entered its current status, where known (from events or the detail). */
  incidentStatusSince: Map<number, string>;
  /** Units known to have been sent to each incident (the server's set, as far as we have seen it). */
  incidentUnits: Map<number, Set<string>>;
  /** The public warnings in force, by id. */
  warnings: Map<number, Warning>;
  /** The monitoring sensors, by id. */
  sensors: Map<string, Sensor>;
  /**
   * Tracks (`sensorTrackKey`) whose latest reading event was older than the reading held (an event
   * the snapshot already holds): the level change of the same command is stale too and is skipped.
   */
  staleSensorTracks: Set<string>;
  /** The incident types, for the category of an incident an event reports (the store's). */
  catalogue: Catalogue;
}

export interface Changes {
  incidents: Set<number>;
  units: Set<string>;
  /** Incidents that an event names but the state does not hold (shared with us, say): fetch them. */
  missingIncidents: Set<number>;
  /** Incidents whose detail (tasks, plan, chronology) changed without a summary change. */
  details: Set<number>;
  /** Warnings published, cancelled or expired. */
  warnings: Set<number>;
  /** Sensors whose reading or level changed. */
  sensors: Set<string>;
  /** Units added or whose reference data changed (name, type, station, ...): fetch them again. */
  refetchUnits: Set<string>;
}

export function emptyState(catalogue: Catalogue = EMPTY_CATALOGUE): LiveState {
  return {
    seq: 0,
    incidents: new Map(),
    units: new Map(),
    incidentStatusSince: new Map(),
    incidentUnits: new Map(),
    warnings: new Map(),
    sensors: new Map(),
    staleSensorTracks: new Set(),
    catalogue,
  };
}

/**
 * The catalogue read (after sign-in): incidents the stream reported before it was there got the
 * category of an unknown type; they get their own now. True when one changed.
 */
export function setCatalogue(state: LiveState, catalogue: Catalogue): boolean {
  state.catalogue = catalogue;
  let changed = false;
  for (const inc of state.incidents.values()) {
    const known = catalogue.byCode.get(inc.type);
    if (known && known.category !== inc.category) {
      inc.category = known.category;
      changed = true;
    }
  }
  return changed;
}

export function emptyChanges(): Changes {
  return {
    incidents: new Set(),
    units: new Set(),
    missingIncidents: new Set(),
    details: new Set(),
    warnings: new Set(),
    sensors: new Set(),
    refetchUnits: new Set(),
  };
}

export function mergeChanges(into: Changes, from: Changes): Changes {
  for (const k of ['incidents', 'units', 'missingIncidents', 'details', 'warnings', 'sensors', 'refetchUnits'] as const) {
    for (const v of from[k] as Set<number | string>) (into[k] as Set<number | string>).add(v);
  }
  return into;
}

/** Replaces the state's contents with a fresh snapshot (keeping `seq`). */
export function loadSnapshot(state: LiveState, incidents: IncidentSummary[], units: Unit[]): void {
  state.incidents = new Map(incidents.map((i) => [i.id, { ...i }]));
  state.units = new Map(units.map((u) => [u.id, { ...u }]));
  state.incidentStatusSince = new Map();
  for (const inc of incidents) {
    if (inc.status === 'reported') state.incidentStatusSince.set(inc.id, inc.reported_at);
  }
  state.incidentUnits = new Map();
  for (const u of units) {
    if (u.incident !== null) unitSet(state, u.incident).add(u.id);
  }
}

/**
 * Replaces the warnings with those of `GET /api/v1/alerts?active=true` that are in force at `nowMs`
 * (the list may hold a warning that lapsed since the server wrote it). Returns the ids that changed.
 */
export function loadWarnings(state: LiveState, items: unknown[], nowMs: number = Date.now()): Set<number> {
  const next = new Map<number, Warning>();
  for (const item of items) {
    if (!restItemActive(item, nowMs)) continue;
    const w = warningFromRest(item);
    if (w && w.expiresMs > nowMs) next.set(w.id, w);
  }
  const changed = new Set<number>([...state.warnings.keys(), ...next.keys()]);
  state.warnings = next;
  return changed;
}

/** Replaces the sensors with those of `GET /api/v1/sensors`. Returns the ids that changed. */
export function loadSensors(state: LiveState, items: unknown[]): Set<string> {
  const next = new Map<string, Sensor>();
  for (const item of items) {
    const s = sensorFromRest(item);
    if (s) next.set(s.id, s);
  }
  const changed = new Set<string>([...state.sensors.keys(), ...next.keys()]);
  state.sensors = next;
  state.staleSensorTracks = new Set();
  return changed;
}

export function sensorTrackKey(sensor: string, exercise: boolean): string {
  return `${exercise ? 'x' : 'l'}:${sensor}`;
}

/** Drops the warnings whose expiry is at or before `nowMs`; returns their ids. */
export function expireWarnings(state: LiveState, nowMs: number, changes?: Changes): number[] {
  const gone: number[] = [];
  for (const [id, w] of state.warnings) {
    if (w.expiresMs <= nowMs) gone.push(id);
  }
  for (const id of gone) {
    state.warnings.delete(id);
    changes?.warnings.add(id);
  }
  return gone;
}

/** The earliest expiry among the warnings held (epoch ms), for the expiry timer; null if none. */
export function nextWarningExpiry(state: LiveState): number | null {
  let next: number | null = null;
  for (const w of state.warnings.values()) if (next === null || w.expiresMs < next) next = w.expiresMs;
  return next;
}

function unitSet(state: LiveState, incident: number): Set<string> {
  let s = state.incidentUnits.get(incident);
  if (!s) {
    s = new Set();
    state.incidentUnits.set(incident, s);
  }
  return s;
}

// ---- reading event payloads defensively: a newer server may send more or other fields ----------

function oneOf<T extends string>(v: unknown, allowed: readonly T[]): T | null {
  return typeof v === 'string' && (allowed as readonly string[]).includes(v) ? (v as T) : null;
}
function latLon(v: unknown): LatLon | null {
  const o = obj(v);
  if (!o) return null;
  const lat = num(o.lat);
  const lon = num(o.lon);
  return lat === null || lon === null ? null : { lat, lon };
}

const SOURCES: readonly Source[] = ['call', 'sensor', 'citizen', 'grid_worker', 'upstream'];
const RELEASING: readonly UnitStatus[] = ['returning', 'available', 'out_of_service'];

/**
 * Applies one stream event. Events at or below `state.seq` were applied already and are skipped,
 * so a reconnect that repeats an event does no harm. `nowMs` decides whether a published warning
 * is still in force (a catch-up may replay one that has lapsed meanwhile).
 */
export function applyEvent(
  state: LiveState,
  ev: StreamEvent,
  changes: Changes = emptyChanges(),
  nowMs: number = Date.now(),
): Changes {
  if (ev.seq <= state.seq) return changes;
  state.seq = ev.seq;
  const d = obj(ev.data);
  if (!d) return changes;
  switch (ev.type) {
    case 'incident_reported': {
      const id = num(d.id);
      const location = latLon(d.location);
      const type = str(d.type);
      if (id === null || !location || type === null) break;
      if (!state.incidents.has(id)) {
        state.incidents.set(id, {
          id,
          type,
          category: categoryOf(state.catalogue, type),
          level: oneOf<Level>(d.level, LEVELS) ?? 'IV',
          status: 'reported',
          source: oneOf<Source>(d.source, SOURCES) ?? 'call',
          location,
          address: str(d.address) ?? '',
          grid: str(d.grid),
          jurisdiction: str(d.jurisdiction),
          exercise: d.exercise === true,
          reported_at: ev.at,
          units: 0,
          merged_into: null,
        });
        state.incidentStatusSince.set(id, ev.at);
      }
      changes.incidents.add(id);
      break;
    }
    case 'incident_status_changed': {
      const id = num(d.id);
      const to = oneOf<IncidentStatus>(d.to, INCIDENT_STATUSES);
      if (id === null || !to) break;
      const inc = state.incidents.get(id);
      if (!inc) {
        changes.missingIncidents.add(id);
        break;
      }
      if (inc.status !== to) {
        inc.status = to;
        state.incidentStatusSince.set(id, ev.at);
      }
      changes.incidents.add(id);
      changes.details.add(id);
      break;
    }
    case 'incident_level_changed': {
      const id = num(d.id);
      const to = oneOf<Level>(d.to, LEVELS);
      if (id === null || !to) break;
      const inc = state.incidents.get(id);
      if (!inc) {
        changes.missingIncidents.add(id);
        break;
      }
      inc.level = to;
      changes.incidents.add(id);
      changes.details.add(id);
      break;
    }
    case 'incidents_merged': {
      const dup = num(d.duplicate);
      const into = num(d.into);
      if (dup === null || into === null) break;
      const inc = state.incidents.get(dup);
      if (inc) {
        if (inc.status !== 'merged') state.incidentStatusSince.set(dup, ev.at);
        inc.status = 'merged';
        inc.merged_into = into;
        changes.incidents.add(dup);
      }
      changes.details.add(dup);
      changes.details.add(into);
      if (!state.incidents.has(into)) changes.missingIncidents.add(into);
      break;
    }
    case 'unit_dispatched': {
      const unitId = str(d.unit);
      const incidentId = num(d.incident);
      if (unitId === null || incidentId === null) break;
      const unit = state.units.get(unitId);
      if (unit) {
        unit.status = 'dispatched';
        unit.status_since = ev.at;
        unit.incident = incidentId;
        changes.units.add(unitId);
      }
      const set = unitSet(state, incidentId);
      const inc = state.incidents.get(incidentId);
      if (!set.has(unitId)) {
        set.add(unitId);
        // The snapshot's count may already hold this unit (a unit dispatched, returned, and sent
        // again to the same incident counts once on the server too): never below the set we know.
        if (inc) inc.units = Math.max(inc.units + 1, set.size);
      } else if (inc) {
        inc.units = Math.max(inc.units, set.size);
      }
      if (inc) changes.incidents.add(incidentId);
      else changes.missingIncidents.add(incidentId);
      changes.details.add(incidentId);
      break;
    }
    case 'unit_status_changed': {
      const unitId = str(d.unit);
      const to = oneOf<UnitStatus>(d.to, UNIT_STATUSES);
      if (unitId === null || !to) break;
      const unit = state.units.get(unitId);
      if (!unit) break;
      if (unit.incident !== null) changes.details.add(unit.incident);
      if (unit.status !== to) {
        unit.status = to;
        unit.status_since = ev.at;
      }
      if (RELEASING.includes(to)) unit.incident = null;
      changes.units.add(unitId);
      break;
    }
    case 'unit_position_reported': {
      const unitId = str(d.unit);
      const pos = latLon(d.position);
      const at = timeMs(d.at) ?? Date.parse(ev.at);
      if (unitId === null || !pos) break;
      const unit = state.units.get(unitId);
      if (!unit) break;
      // Reports can arrive out of order; an older one never overwrites a newer position.
      const current = unit.position ? timeMs(unit.position.at) : null;
      if (current === null || current <= at) {
        unit.position = { lat: pos.lat, lon: pos.lon, at: new Date(at).toISOString(), stale: false };
        changes.units.add(unitId);
      }
      break;
    }
    case 'unit_added':
    case 'unit_changed': {
      // The resource base edited live: the board shows the unit as the API gives it.
      const unitId = ev.type === 'unit_added' ? str(obj(d.unit)?.id) : str(d.unit);
      if (unitId !== null) changes.refetchUnits.add(unitId);
      break;
    }
    case 'unit_retired': {
      // Retired units leave the board and the map (they stay in the chronologies that name them).
      const unitId = str(d.unit);
      if (unitId !== null && state.units.delete(unitId)) changes.units.add(unitId);
      break;
    }
    case 'incident_shared': {
      const id = num(d.incident);
      if (id === null) break;
      changes.details.add(id);
      if (!state.incidents.has(id)) changes.missingIncidents.add(id);
      break;
    }
    case 'alert_published': {
      const w = warningFromEvent(d, ev.at);
      if (!w) break;
      if (w.expiresMs <= nowMs) {
        if (state.warnings.delete(w.id)) changes.warnings.add(w.id);
        break;
      }
      state.warnings.set(w.id, w);
      changes.warnings.add(w.id);
      break;
    }
    case 'alert_cancelled': {
      const id = num(d.id);
      if (id === null) break;
      state.warnings.delete(id);
      changes.warnings.add(id);
      break;
    }
    case 'reading_recorded': {
      const r = readingFromEvent(d);
      if (!r) break;
      const sensor = state.sensors.get(r.sensor);
      if (!sensor) break; // not one the dashboard knows (a newer region): nothing to show
      const track = trackOf(sensor, r.exercise);
      const key = sensorTrackKey(r.sensor, r.exercise);
      // Readings on a track only move forward; an older one is one the snapshot already holds.
      if (track.lastAtMs !== null && r.atMs < track.lastAtMs) {
        state.staleSensorTracks.add(key);
        break;
      }
      state.staleSensorTracks.delete(key);
      track.lastValue = r.value;
      track.lastAtMs = r.atMs;
      if (track.level !== r.level) {
        // The level change of the same command follows with the reason; the reading brought it.
        track.level = r.level;
        track.sinceMs = r.atMs;
      }
      changes.sensors.add(r.sensor);
      break;
    }
    case 'sensor_level_changed': {
      const c = levelChangeFromEvent(d);
      if (!c) break;
      const sensor = state.sensors.get(c.sensor);
      if (!sensor) break;
      if (state.staleSensorTracks.has(sensorTrackKey(c.sensor, c.exercise))) break;
      const track = trackOf(sensor, c.exercise);
      if (track.level !== c.to || track.sinceMs === null) {
        track.sinceMs = track.lastAtMs ?? timeMs(ev.at);
      }
      track.level = c.to;
      track.reason = c.reason;
      changes.sensors.add(c.sensor);
      break;
    }
    default: {
      // Any other event about an incident (plans, tasks, notes, photos, sharing) changes only
      // what its detail shows: the detail reloads, so a new incident event needs no case here.
      // Users and the region carry no incident: nothing the dashboard shows.
      const id = num(d.incident);
      if (id !== null) changes.details.add(id);
      break;
    }
  }
  return changes;
}

/** Puts one incident summary in (from a fetch of an incident the state did not hold). */
export function upsertIncident(state: LiveState, inc: IncidentSummary): void {
  state.incidents.set(inc.id, { ...inc });
  if (inc.status === 'reported' && !state.incidentStatusSince.has(inc.id)) {
    state.incidentStatusSince.set(inc.id, inc.reported_at);
  }
}

export interface Counts {
  openByLevel: Record<Level, number>;
  unitsByStatus: Record<UnitStatus, number>;
}

export function counts(state: LiveState): Counts {
  const openByLevel: Record<Level, number> = { I: 0, II: 0, III: 0, IV: 0 };
  for (const inc of state.incidents.values()) {
    if (['reported', 'verified', 'dispatched', 'on_scene', 'controlled'].includes(inc.status)) {
      openByLevel[inc.level] += 1;
    }
  }
  const unitsByStatus = Object.fromEntries(UNIT_STATUSES.map((s) => [s, 0])) as Record<UnitStatus, number>;
  for (const u of state.units.values()) unitsByStatus[u.status] += 1;
  return { openByLevel, unitsByStatus };
}
