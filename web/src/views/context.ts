// What the views need from the application: the API, the store, the map, and the dispatcher's
// actions (which check the role, call the server, and report the outcome).

import type { Api } from '../api/client';
import type { IncidentStatus, Level, UnitStatus } from '../api/types';
import type { SituationMap } from '../map/map';
import type { Action } from '../state/roles';
import type { Store } from '../state/store';

export interface AppContext {
  api: Api;
  store: Store;
  map: SituationMap | null;
  can(action: Action): boolean;
  selectIncident(id: number | null, opts?: { fly?: boolean }): void;
  openNewIncident(at?: { lat: number; lon: number }): void;
  closeNewIncident(): void;
  dispatchRecommended(id: number): Promise<void>;
  dispatchUnits(id: number, units: string[]): Promise<boolean>;
  setIncidentStatus(id: number, to: IncidentStatus): Promise<void>;
  changeLevel(id: number, current: Level): void;
  merge(id: number, into?: number): void;
  setUnitStatus(unit: string, to: UnitStatus): Promise<void>;
  updateTask(incident: number, task: number, to: 'acknowledged' | 'done'): Promise<void>;
  addNote(incident: number, text: string): Promise<boolean>;
  focusUnit(id: string): void;
  /** Every second: timers in the views move on. */
  onTick(fn: (nowMs: number) => void): void;
}
