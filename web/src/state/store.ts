// The dashboard's state in one place: who is signed in, the region's reference data (with the
// incident type catalogue and the duplicate rule), the live picture (reducer.ts), what is selected,
// and the stream's health. Views subscribe to topics.

import type { Grid, IncidentSummary, Level, Organisation, Plan, Sensor, Station, Unit, User, Warning } from '../api/types';
import type { StreamStatus } from '../stream/client';
import { ancestorAtTier, findGrid, isWithin, orgIndex } from '../map/geo';
import type { Catalogue } from './catalogue';
import { emptyState, setCatalogue, type Changes, type LiveState } from './reducer';
import { sortedSensors } from './sensors';
import { compareForQueue, isOpen } from './timers';
import { activeWarnings } from './warnings';

export type Topic =
  | 'incidents'
  | 'units'
  | 'warnings'
  | 'sensors'
  | 'selection'
  | 'conn'
  | 'reference'
  | 'detail'
  | 'filter'
  | 'pick'
  | 'prefs';

export interface QueueFilter {
  text: string;
  scope: 'open' | 'all';
  level: Level | '';
}

export class Store {
  user: User | null = null;
  orgs: Organisation[] = [];
  orgById = new Map<string, Organisation>();
  grids: Grid[] = [];
  gridById = new Map<string, Grid>();
  stations: Station[] = [];
  stationById = new Map<string, Station>();
  plans: Plan[] = [];
  planById = new Map<string, Plan>();
  live: LiveState = emptyState();
  selectedId: number | null = null;
  conn: StreamStatus = { kind: 'idle' };
  filter: QueueFilter = { text: '', scope: 'open', level: '' };
  /** Set while the new-incident form waits for a click on the map. */
  picking = false;
  /** The point picked for a new incident, shown on the map. */
  pickPoint: { lat: number; lon: number } | null = null;
  /** Incidents touched by the latest events, for the detail panel to reload. */
  lastChanges: Changes | null = null;

  private listeners = new Map<Topic, Set<() => void>>();

  /** The incident types and the duplicate rule (GET /api/v1/incident-types and /duplicate-rule). */
  get catalogue(): Catalogue {
    return this.live.catalogue;
  }

  on(topic: Topic, fn: () => void): () => void {
    let set = this.listeners.get(topic);
    if (!set) {
      set = new Set();
      this.listeners.set(topic, set);
    }
    set.add(fn);
    return () => set.delete(fn);
  }

  emit(topic: Topic): void {
    for (const fn of [...(this.listeners.get(topic) ?? [])]) fn();
  }

  setReference(orgs: Organisation[], grids: Grid[], stations: Station[], plans: Plan[], catalogue: Catalogue): void {
    this.orgs = orgs;
    this.orgById = orgIndex(orgs);
    this.grids = grids;
    this.gridById = new Map(grids.map((g) => [g.id, g]));
    this.stations = stations;
    this.stationById = new Map(stations.map((s) => [s.id, s]));
    this.plans = plans;
    this.planById = new Map(plans.map((p) => [p.id, p]));
    const recategorised = setCatalogue(this.live, catalogue);
    this.emit('reference');
    if (recategorised) this.emit('incidents');
  }

  select(id: number | null): void {
    if (this.selectedId === id) return;
    this.selectedId = id;
    this.emit('selection');
  }

  setConn(s: StreamStatus): void {
    this.conn = s;
    this.emit('conn');
  }

  setFilter(f: Partial<QueueFilter>): void {
    this.filter = { ...this.filter, ...f };
    this.emit('filter');
  }

  /** The district (or higher) a grid's community belongs to, for jurisdiction borders. */
  districtOfCommunity(community: string): string | null {
    return ancestorAtTier(this.orgById, community, 'district')?.id ?? null;
  }

  /** The user's own grids: those whose community is at or below the user's organisation. */
  userGrids(): Grid[] {
    const org = this.user?.org;
    if (!org) return [];
    return this.grids.filter((g) => isWithin(this.orgById, g.community, org));
  }

  /** Where a unit is: its AVL position, else its station's position (null if neither is known). */
  unitPosition(u: Unit): { lat: number; lon: number } | null {
    return u.position ?? this.stationById.get(u.station)?.location ?? null;
  }

  gridAt(p: { lat: number; lon: number }): Grid | null {
    return findGrid(p, this.grids);
  }

  /** The incidents the queue shows, in its order. */
  queue(): IncidentSummary[] {
    const { text, scope, level } = this.filter;
    const needle = text.trim().toLowerCase();
    const out: IncidentSummary[] = [];
    for (const inc of this.live.incidents.values()) {
      if (scope === 'open' && !isOpen(inc.status)) continue;
      if (level && inc.level !== level) continue;
      if (needle && !this.matches(inc, needle)) continue;
      out.push(inc);
    }
    return out.sort(compareForQueue);
  }

  /** The public warnings in force, newest first. */
  warnings(nowMs: number = Date.now()): Warning[] {
    return activeWarnings(this.live.warnings.values(), nowMs);
  }

  /** The monitoring sensors, most severe level first, then by name. */
  sensors(): Sensor[] {
    return sortedSensors(this.live.sensors.values());
  }

  private matches(inc: IncidentSummary, needle: string): boolean {
    const idText = String(inc.id);
    if (idText === needle || `#${idText}` === needle) return true;
    const hay = [inc.type, inc.address, inc.jurisdiction ?? '', this.typeLabels(inc.type)].join(' ').toLowerCase();
    return hay.includes(needle);
  }

  typeLabels: (type: string) => string = (type) => type;
}
