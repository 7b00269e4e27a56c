// The application: puts together the session (app/session.ts), the page (app/layout.ts), the live
// picture (app/live.ts), the dispatcher's actions (app/actions.ts) and the keyboard shortcuts
// (app/keys.ts), and is the context the views work in.

import type { Api } from './api/client';
import type { IncidentStatus, Level, UnitStatus, User } from './api/types';
import { Actions } from './app/actions';
import { applySavedContrast } from './app/header';
import { keyHandler } from './app/keys';
import { Layout, type Shell } from './app/layout';
import { LiveFeed } from './app/live';
import { loadReference } from './app/reference';
import { Session, type SignOutReason } from './app/session';
import type { SituationMap } from './map/map';
import { can, type Action } from './state/roles';
import { Store } from './state/store';
import { incidentTypeLabel } from './ui/labels';

export class App implements Shell {
  readonly store = new Store();
  readonly api: Api;
  map: SituationMap | null = null;
  private readonly session: Session;
  private live: LiveFeed | null = null;
  private layout!: Layout;
  private actions!: Actions;
  private tickers: ((now: number) => void)[] = [];
  private tickTimer: ReturnType<typeof setInterval> | null = null;
  private routeTimer: ReturnType<typeof setInterval> | null = null;
  private keyHandler: ((e: KeyboardEvent) => void) | null = null;

  constructor(private readonly root: HTMLElement) {
    this.session = new Session(root, { start: (user) => this.start(user), stop: () => this.stop() });
    this.api = this.session.api;
    this.store.typeLabels = (type) => incidentTypeLabel(this.store.catalogue, type);
    applySavedContrast();
  }

  boot(): Promise<void> {
    return this.session.boot();
  }

  signOut(reason?: SignOutReason): void {
    this.session.signOut(reason);
  }

  can(action: Action): boolean {
    return can(this.store.user?.role, action);
  }

  onTick(fn: (nowMs: number) => void): void {
    this.tickers.push(fn);
  }

  reconnect(): void {
    this.live?.retryNow();
  }

  // ---- start and stop ----

  private start(user: User): void {
    this.store.user = user;
    this.layout = new Layout(this.root, this);
    this.map = this.layout.map;
    this.actions = new Actions(this, this.layout.detail);
    this.keyHandler = keyHandler({
      app: this,
      queue: this.layout.queue,
      newIncident: this.layout.newIncident,
      incidentStatus: (id) => this.actions.incidentStatus(id),
      toggleContrast: () => this.layout.header.toggleContrast(),
    });
    document.addEventListener('keydown', this.keyHandler);
    this.tickTimer = setInterval(() => {
      const now = Date.now();
      for (const fn of this.tickers) fn(now);
    }, 1000);
    this.routeTimer = setInterval(() => this.map?.refreshAllRoutes(), 20_000);
    void this.loadReference();
    this.live = new LiveFeed(this.api, this.store, {
      token: () => this.session.token,
      onStatus: (s) => this.layout.conn.update(s),
    });
    this.live.start();
  }

  private async loadReference(): Promise<void> {
    if (await loadReference(this.api, this.store)) this.layout.header.renderUser();
    void this.map?.loadRoads();
  }

  /** Signing out: the stream, the timers and the shortcuts stop. */
  private stop(): void {
    this.live?.stop();
    this.live = null;
    if (this.tickTimer) clearInterval(this.tickTimer);
    if (this.routeTimer) clearInterval(this.routeTimer);
    if (this.keyHandler) document.removeEventListener('keydown', this.keyHandler);
  }

  // ---- selection and the new-incident form ----

  selectIncident(id: number | null, opts: { fly?: boolean } = {}): void {
    if (id !== null && this.layout.newIncident.isOpen) this.closeNewIncident();
    this.store.select(id);
    if (id !== null && opts.fly) {
      const inc = this.store.live.incidents.get(id);
      if (inc) this.map?.focusOn(inc.location.lat, inc.location.lon);
    }
    this.layout.updateRight();
  }

  openNewIncident(at?: { lat: number; lon: number }): void {
    if (!this.actions.guard('create_incident')) return;
    this.layout.newIncident.open(at);
    this.layout.updateRight();
  }

  closeNewIncident(): void {
    this.layout.newIncident.close();
    this.layout.updateRight();
  }

  focusUnit(id: string): void {
    this.layout.units.highlight(id);
    const u = this.store.live.units.get(id);
    const p = u ? this.store.unitPosition(u) : null;
    if (p) this.map?.flyTo(p.lat, p.lon, 15);
  }

  // ---- the dispatcher's actions (app/actions.ts) ----

  dispatchRecommended(id: number): Promise<void> {
    return this.actions.dispatchRecommended(id);
  }

  dispatchUnits(id: number, units: string[]): Promise<boolean> {
    return this.actions.dispatchUnits(id, units);
  }

  setIncidentStatus(id: number, to: IncidentStatus): Promise<void> {
    return this.actions.setIncidentStatus(id, to);
  }

  changeLevel(id: number, current: Level): void {
    this.actions.changeLevel(id, current);
  }

  merge(id: number, into?: number): void {
    this.actions.merge(id, into);
  }

  setUnitStatus(unit: string, to: UnitStatus): Promise<void> {
    return this.actions.setUnitStatus(unit, to);
  }

  addNote(incident: number, text: string): Promise<boolean> {
    return this.actions.addNote(incident, text);
  }

  updateTask(incident: number, task: number, to: 'acknowledged' | 'done'): Promise<void> {
    return this.actions.updateTask(incident, task, to);
  }
}
