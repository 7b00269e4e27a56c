// The application: sign-in, the layout, loading the reference data and the live snapshot, the
// event stream with its connection banner, the dispatcher's actions and the keyboard shortcuts.

import { Api, ApiError } from './api/client';
import type { AlertItem, IncidentStatus, SensorItem, Level, LoginResponse, Recommendation, StreamEvent, UnitStatus, User } from './api/types';
import { LEVELS } from './api/types';
import { acceptLanguage, getLang, loc, onLangChange, setLang, t } from './i18n';
import { SituationMap } from './map/map';
import {
  applyEvent,
  emptyChanges,
  expireWarnings,
  loadSensors,
  loadSnapshot,
  loadWarnings,
  mergeChanges,
  nextWarningExpiry,
  upsertIncident,
  type Changes,
} from './state/reducer';
import { can, type Action } from './state/roles';
import { Store } from './state/store';
import { StreamClient, type SocketLike, type StreamStatus } from './stream/client';
import { h, isTypingTarget, replaceChildren } from './ui/dom';
import { anyDialogOpen, closeTopDialog, confirmDialog, modal, problemBox, toast, toastProblem } from './ui/feedback';
import { incidentStatusLabel, incidentTypeLabel, levelLabel, roleLabel, unitStatusLabel } from './ui/labels';
import { ChartsView } from './views/charts';
import type { AppContext } from './views/context';
import { DetailView, recommendedUnits } from './views/detail';
import { showHelp } from './views/help';
import { loginView } from './views/login';
import { NewIncidentView } from './views/newIncident';
import { QueueView } from './views/queue';
import { UnitBoard } from './views/units';

const TOKEN_KEY = 'elink.token';
const CONTRAST_KEY = 'elink.contrast';
const NOTICE_KEY = 'elink.notice';

export class App implements AppContext {
  readonly store = new Store();
  readonly api: Api;
  map: SituationMap | null = null;
  private stream: StreamClient | null = null;
  private token: string | null = null;
  private tickers: ((now: number) => void)[] = [];
  private tickTimer: ReturnType<typeof setInterval> | null = null;
  private routeTimer: ReturnType<typeof setInterval> | null = null;
  private expiryTimer: ReturnType<typeof setTimeout> | null = null;
  /** Set to the next warning's expiry, to drop it then. */
  private warningTimer: ReturnType<typeof setTimeout> | null = null;
  private snapshotReady = false;
  private snapshotSeq: number | null = null;
  private buffer: StreamEvent[] = [];
  private pending: Changes = emptyChanges();
  private flushQueued = false;
  private loadedAll = false;
  private wasLive = false;
  private queue!: QueueView;
  private detail!: DetailView;
  private units!: UnitBoard;
  private charts!: ChartsView;
  private newIncident!: NewIncidentView;
  private rightCol!: HTMLElement;
  private banner!: HTMLElement;
  private connPill!: HTMLElement;
  private keyHandler = (e: KeyboardEvent) => this.onKey(e);

  constructor(private readonly root: HTMLElement) {
    this.api = new Api({
      token: () => this.token,
      language: acceptLanguage,
      onUnauthorized: () => this.signOut('login.expired'),
    });
    this.store.typeLabels = (type) => incidentTypeLabel(type);
    document.body.classList.toggle('hc', localStorage.getItem(CONTRAST_KEY) === '1');
  }

  async boot(): Promise<void> {
    this.token = sessionStorage.getItem(TOKEN_KEY);
    const notice = sessionStorage.getItem(NOTICE_KEY);
    sessionStorage.removeItem(NOTICE_KEY);
    if (!this.token) {
      this.showLogin(notice === 'login.expired' || notice === 'login.signedOut' ? t(notice) : undefined);
      return;
    }
    try {
      const me = await this.api.me();
      this.start(me);
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) return; // signOut has shown the login
      this.showLogin(e instanceof ApiError && e.isNetwork ? t('problem.network') : undefined);
    }
  }

  private showLogin(notice?: string): void {
    replaceChildren(
      this.root,
      loginView(
        this.api,
        (res: LoginResponse) => {
          this.token = res.token;
          sessionStorage.setItem(TOKEN_KEY, res.token);
          const ms = Date.parse(res.expires_at) - Date.now();
          if (ms > 0 && ms < 2 ** 31) this.expiryTimer = setTimeout(() => this.signOut('login.expired'), ms);
          this.start(res.user);
        },
        notice,
      ),
    );
  }

  signOut(reason?: 'login.expired' | 'login.signedOut'): void {
    const wasSignedIn = this.token !== null;
    this.token = null;
    sessionStorage.removeItem(TOKEN_KEY);
    this.stream?.stop();
    this.stream = null;
    if (this.tickTimer) clearInterval(this.tickTimer);
    if (this.routeTimer) clearInterval(this.routeTimer);
    if (this.expiryTimer) clearTimeout(this.expiryTimer);
    if (this.warningTimer) clearTimeout(this.warningTimer);
    document.removeEventListener('keydown', this.keyHandler);
    while (closeTopDialog()) {
      /* close them all */
    }
    // A fresh page state for the next user: nothing of this session's data stays in memory.
    if (wasSignedIn || reason) {
      sessionStorage.setItem(NOTICE_KEY, reason ?? '');
      window.location.reload();
    }
  }

  can(action: Action): boolean {
    return can(this.store.user?.role, action);
  }

  onTick(fn: (nowMs: number) => void): void {
    this.tickers.push(fn);
  }

  // ---- start-up ----

  private start(user: User): void {
    this.store.user = user;
    this.buildLayout();
    document.addEventListener('keydown', this.keyHandler);
    this.tickTimer = setInterval(() => {
      const now = Date.now();
      for (const fn of this.tickers) fn(now);
    }, 1000);
    this.routeTimer = setInterval(() => this.map?.refreshAllRoutes(), 20_000);
    void this.loadReference();
    this.startStream();
    this.store.on('filter', () => {
      if (this.store.filter.scope === 'all' && !this.loadedAll) void this.loadAllIncidents();
    });
  }

  private async loadReference(): Promise<void> {
    try {
      const [orgs, grids, stations, plans] = await Promise.all([
        this.api.organisations(),
        this.api.grids(),
        this.api.stations(),
        this.api.plans(),
      ]);
      this.store.setReference(orgs, grids, stations, plans);
      this.renderHeaderUser();
    } catch (e) {
      toastProblem(e);
    }
    void this.map?.loadRoads();
  }

  private startStream(): void {
    const wsBase = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}`;
    this.stream = new StreamClient({
      url: (after) => {
        const q = new URLSearchParams({ token: this.token ?? '' });
        if (after !== null) q.set('after', String(after));
        return `${wsBase}/api/v1/stream?${q.toString()}`;
      },
      createSocket: (url) => new WebSocket(url) as unknown as SocketLike,
      onEvent: (ev) => this.onEvent(ev),
      onCaughtUp: (seq, info) => this.onCaughtUp(seq, info),
      onStatus: (s) => this.onStreamStatus(s),
      onRetry: (attempt) => {
        // A stream refused for a token that no longer works looks like any lost connection: ask.
        if (attempt >= 2) this.api.me().catch(() => undefined);
      },
    });
    this.stream.start(null);
    // Should the stream not answer soon, show what the API has meanwhile.
    setTimeout(() => {
      if (!this.snapshotReady) void this.loadSnapshot(null);
    }, 4000);
  }

  private async loadSnapshot(seq: number | null): Promise<void> {
    try {
      const [incidents, units, alerts, sensors] = await Promise.all([
        this.api.incidents('open'),
        this.api.units(),
        this.loadAlerts(),
        this.loadSensorList(),
      ]);
      loadSnapshot(this.store.live, incidents, units);
      if (alerts !== null) loadWarnings(this.store.live, alerts);
      if (sensors !== null) loadSensors(this.store.live, sensors);
      if (seq !== null) this.store.live.seq = Math.max(this.store.live.seq, seq);
      this.snapshotSeq = seq;
      this.snapshotReady = true;
      this.loadedAll = false;
      const buffered = this.buffer;
      this.buffer = [];
      const changes = emptyChanges();
      for (const ev of buffered) applyEvent(this.store.live, ev, changes);
      this.store.emit('incidents');
      this.store.emit('units');
      this.store.emit('warnings');
      this.store.emit('sensors');
      this.scheduleWarningExpiry();
      mergeChanges(this.pending, changes);
      this.queueFlush();
      if (this.store.filter.scope === 'all') void this.loadAllIncidents();
    } catch (e) {
      if (!(e instanceof ApiError && e.status === 401)) toastProblem(e);
    }
  }

  /**
   * The warnings in force. A server without warnings (404) has none; any other failure keeps what
   * the dashboard holds (null) rather than failing the whole snapshot.
   */
  private async loadAlerts(): Promise<AlertItem[] | null> {
    try {
      return await this.api.activeAlerts();
    } catch (e) {
      if (e instanceof ApiError && e.status === 404) return [];
      if (e instanceof ApiError && e.status === 401) throw e;
      return null;
    }
  }

  /**
   * The monitoring sensors. A server without sensors (404) has none; any other failure keeps what
   * the dashboard holds (null) rather than failing the whole snapshot.
   */
  private async loadSensorList(): Promise<SensorItem[] | null> {
    try {
      return await this.api.sensors();
    } catch (e) {
      if (e instanceof ApiError && e.status === 404) return [];
      if (e instanceof ApiError && e.status === 401) throw e;
      return null;
    }
  }

  /** Drops the warnings that have lapsed and sets the timer to the next expiry. */
  private scheduleWarningExpiry(): void {
    if (this.warningTimer) clearTimeout(this.warningTimer);
    this.warningTimer = null;
    if (this.token === null) return;
    const gone = expireWarnings(this.store.live, Date.now());
    if (gone.length > 0) this.store.emit('warnings');
    const next = nextWarningExpiry(this.store.live);
    if (next === null) return;
    // A timer fires no earlier than asked; the longest a browser timer takes is 2^31-1 ms.
    const delay = Math.min(Math.max(0, next - Date.now()) + 20, 2 ** 31 - 1);
    this.warningTimer = setTimeout(() => this.scheduleWarningExpiry(), delay);
  }

  private async loadAllIncidents(): Promise<void> {
    try {
      const all = await this.api.incidents('all');
      for (const inc of all) if (!this.store.live.incidents.has(inc.id)) upsertIncident(this.store.live, inc);
      this.loadedAll = true;
      this.store.emit('incidents');
    } catch (e) {
      toastProblem(e);
    }
  }

  private onEvent(ev: StreamEvent): void {
    if (!this.snapshotReady) {
      this.buffer.push(ev);
      return;
    }
    applyEvent(this.store.live, ev, this.pending);
    this.queueFlush();
  }

  private onCaughtUp(seq: number, info: { first: boolean; replayed: number; reconnect: boolean }): void {
    if (info.first || (this.snapshotReady && this.snapshotSeq === null)) {
      // The snapshot is read after the stream is open, so nothing falls between the two.
      this.snapshotReady = false;
      void this.loadSnapshot(seq);
    } else {
      this.store.live.seq = Math.max(this.store.live.seq, seq);
    }
    if (info.reconnect) {
      toast('ok', t('conn.restored', { n: info.replayed }));
      // Unit timers and stale marks are relative to now: refresh the unit list once.
      this.api
        .units()
        .then((units) => {
          for (const u of units) this.store.live.units.set(u.id, u);
          this.store.emit('units');
        })
        .catch(() => undefined);
    }
  }

  private queueFlush(): void {
    if (this.flushQueued) return;
    this.flushQueued = true;
    requestAnimationFrame(() => this.flush());
  }

  private flush(): void {
    this.flushQueued = false;
    const ch = this.pending;
    this.pending = emptyChanges();
    this.store.lastChanges = ch;
    if (ch.incidents.size > 0) this.store.emit('incidents');
    if (ch.units.size > 0) this.store.emit('units');
    if (ch.details.size > 0 || ch.incidents.size > 0) this.store.emit('detail');
    if (ch.warnings.size > 0) {
      this.store.emit('warnings');
      this.scheduleWarningExpiry();
    }
    if (ch.sensors.size > 0) this.store.emit('sensors');
    for (const id of ch.missingIncidents) void this.fetchIncident(id);
  }

  private async fetchIncident(id: number): Promise<void> {
    try {
      const d = await this.api.incident(id);
      upsertIncident(this.store.live, { ...d, units: d.units.length });
      this.store.emit('incidents');
    } catch {
      /* not visible to us after all */
    }
  }

  private onStreamStatus(s: StreamStatus): void {
    this.store.setConn(s);
    if (s.kind === 'live') this.wasLive = true;
    this.renderConn();
  }

  // ---- layout ----

  private buildLayout(): void {
    this.connPill = h('span', { class: 'conn', id: 'conn-state', role: 'status' });
    this.banner = h('div', { class: 'banner', id: 'conn-banner', role: 'alert', hidden: true });
    const header = h('header', { class: 'topbar', id: 'topbar' });
    const mapEl = h('div', { class: 'map', id: 'map' });
    this.queue = new QueueView(this);
    this.detail = new DetailView(this);
    this.units = new UnitBoard(this);
    this.charts = new ChartsView(this);
    this.newIncident = new NewIncidentView(this);
    this.rightCol = h('aside', { class: 'col-right' }, this.newIncident.el, this.detail.el, this.charts.el);
    replaceChildren(
      this.root,
      h(
        'div',
        { class: 'app', id: 'app' },
        header,
        this.banner,
        h(
          'div',
          { class: 'workspace' },
          h('aside', { class: 'col-left' }, this.queue.el),
          h('main', { class: 'col-center' }, h('div', { class: 'map-wrap' }, mapEl), this.units.el),
          this.rightCol,
        ),
      ),
    );
    this.renderHeader(header);
    onLangChange(() => {
      this.renderHeader(header);
      this.renderConn();
      this.updateRight();
    });
    this.map = new SituationMap(mapEl, this.store, this.api, {
      onSelectIncident: (id) => this.selectIncident(id),
      onPick: (p) => this.newIncident.setLocation(p),
      onNewIncidentAt: (p) => {
        if (this.can('create_incident')) this.openNewIncident(p);
      },
      onSelectUnit: (id) => this.units.highlight(id),
    });
    this.onTick(() => this.map?.tick());
    this.onTick(() => this.renderConnCountdown());
    this.store.on('selection', () => this.updateRight());
    this.updateRight();
    requestAnimationFrame(() => this.map?.invalidate());
  }

  private renderHeader(header: HTMLElement): void {
    const canCreate = this.can('create_incident');
    replaceChildren(
      header,
      h('div', { class: 'brand' }, h('div', { class: 'logo' }, 'e'), h('div', null, h('div', { class: 'brand-title' }, t('app.title')), h('div', { class: 'brand-sub', id: 'header-user' }))),
      canCreate ? h('button', { class: 'btn primary', id: 'btn-new', onclick: () => this.openNewIncident() }, '+ ', t('header.newIncident'), h('kbd', null, 'N')) : null,
      h('div', { class: 'spacer' }),
      this.connPill,
      h('span', { class: 'clock', id: 'clock' }),
      h('button', { class: 'btn ghost', id: 'btn-overview', onclick: () => this.selectIncident(null) }, t('header.overview')),
      h('button', { class: 'btn ghost', id: 'btn-lang', title: t('header.langTitle'), onclick: () => setLang(getLang() === 'zh' ? 'en' : 'zh') }, t('header.lang')),
      h(
        'button',
        { class: 'btn ghost', id: 'btn-contrast', title: t('header.contrastTitle'), 'aria-pressed': String(document.body.classList.contains('hc')), onclick: () => this.toggleContrast() },
        '◐ ',
        t('header.contrast'),
      ),
      h('button', { class: 'btn ghost', id: 'btn-help', title: '?', onclick: () => showHelp() }, '? ', t('header.help')),
      h('button', { class: 'btn ghost', id: 'btn-logout', onclick: () => this.signOut('login.signedOut') }, t('header.logout')),
    );
    this.renderHeaderUser();
    const clock = header.querySelector<HTMLElement>('#clock')!;
    const setClock = () => {
      const d = new Date();
      clock.textContent = d.toLocaleTimeString(getLang() === 'zh' ? 'zh-CN' : 'en-GB', { hour12: false });
    };
    setClock();
    this.onTick(setClock);
  }

  private renderHeaderUser(): void {
    const el = this.root.querySelector('#header-user');
    const user = this.store.user;
    if (!el || !user) return;
    const org = this.store.orgById.get(user.org);
    el.textContent = t('header.user', { name: loc(user.display) || user.name, role: roleLabel(user.role), org: org ? loc(org.name) : user.org });
  }

  private toggleContrast(): void {
    const on = !document.body.classList.contains('hc');
    document.body.classList.toggle('hc', on);
    localStorage.setItem(CONTRAST_KEY, on ? '1' : '0');
    this.root.querySelector('#btn-contrast')?.setAttribute('aria-pressed', String(on));
    this.store.emit('prefs');
  }

  private updateRight(): void {
    const showNew = this.newIncident.isOpen;
    const showDetail = !showNew && this.store.selectedId !== null;
    this.newIncident.el.hidden = !showNew;
    this.detail.el.hidden = !showDetail;
    this.charts.el.hidden = showNew || showDetail;
    if (!this.charts.el.hidden) requestAnimationFrame(() => this.charts.update());
  }

  private renderConn(): void {
    const s = this.store.conn;
    const label =
      s.kind === 'live'
        ? t('conn.live')
        : s.kind === 'catching_up'
          ? t('conn.catchingUp')
          : s.kind === 'waiting'
            ? t('conn.reconnecting')
            : t('conn.connecting');
    this.connPill.textContent = `● ${label}`;
    this.connPill.dataset.state = s.kind;
    const lost = this.wasLive && (s.kind === 'waiting' || s.kind === 'connecting' || s.kind === 'catching_up');
    this.banner.hidden = !lost;
    if (lost) {
      replaceChildren(
        this.banner,
        h('strong', null, '⚠ ', t('conn.lost')),
        h('span', { class: 'banner-retry', id: 'conn-retry' }),
        h('button', { class: 'btn small', id: 'btn-reconnect', onclick: () => this.stream?.retryNow() }, t('conn.retryNow')),
      );
      this.renderConnCountdown();
    }
  }

  private renderConnCountdown(): void {
    const el = this.banner.querySelector<HTMLElement>('#conn-retry');
    const s = this.store.conn;
    if (!el) return;
    if (s.kind === 'waiting') {
      el.textContent = t('conn.retryIn', { n: s.attempt, s: Math.max(0, Math.ceil((s.retryAtMs - Date.now()) / 1000)) });
    } else if (s.kind === 'connecting') {
      el.textContent = t('conn.retrying', { n: s.attempt });
    } else {
      el.textContent = '';
    }
  }

  // ---- selection and the new-incident form ----

  selectIncident(id: number | null, opts: { fly?: boolean } = {}): void {
    if (id !== null && this.newIncident.isOpen) this.closeNewIncident();
    this.store.select(id);
    if (id !== null && opts.fly) {
      const inc = this.store.live.incidents.get(id);
      if (inc) this.map?.focusOn(inc.location.lat, inc.location.lon);
    }
    this.updateRight();
  }

  openNewIncident(at?: { lat: number; lon: number }): void {
    if (!this.can('create_incident')) {
      toast('warn', t('action.notPermitted'));
      return;
    }
    this.newIncident.open(at);
    this.updateRight();
  }

  closeNewIncident(): void {
    this.newIncident.close();
    this.updateRight();
  }

  focusUnit(id: string): void {
    this.units.highlight(id);
    const u = this.store.live.units.get(id);
    const p = u?.position ?? (u ? this.store.stationById.get(u.station)?.location : undefined);
    if (p) this.map?.flyTo(p.lat, p.lon, 15);
  }

  // ---- actions ----

  private guard(action: Action): boolean {
    if (this.can(action)) return true;
    toast('warn', t('action.notPermitted'));
    return false;
  }

  private incidentStatus(id: number): IncidentStatus | null {
    const det = this.detail.current;
    if (det?.id === id && det.detail) return det.detail.status;
    return this.store.live.incidents.get(id)?.status ?? null;
  }

  /** Verifies a reported incident first when dispatching to it (the server requires it). */
  private async ensureVerified(id: number): Promise<boolean> {
    let status = this.incidentStatus(id);
    if (status === null) {
      try {
        status = (await this.api.incident(id)).status;
      } catch (e) {
        toastProblem(e);
        return false;
      }
    }
    if (status !== 'reported') return true;
    if (!this.guard('verify_incident')) return false;
    try {
      await this.api.incidentStatus(id, 'verified');
      return true;
    } catch (e) {
      // Someone else may have verified it meanwhile; the dispatch decides.
      if (e instanceof ApiError && e.status === 409) return true;
      toastProblem(e);
      return false;
    }
  }

  async dispatchRecommended(id: number): Promise<void> {
    if (!this.guard('dispatch')) return;
    let rec: Recommendation | null = null;
    const cur = this.detail.current;
    if (cur?.id === id && cur.rec) rec = cur.rec;
    if (!rec) {
      try {
        rec = await this.api.recommendation(id);
      } catch (e) {
        toastProblem(e);
        return;
      }
    }
    const units = recommendedUnits(rec);
    if (units.length === 0) {
      toast('warn', t('action.noneSelected'));
      return;
    }
    if (await this.dispatchUnits(id, units)) this.detail.afterDispatch(id);
  }

  async dispatchUnits(id: number, units: string[]): Promise<boolean> {
    if (!this.guard('dispatch')) return false;
    if (units.length === 0) {
      toast('warn', t('action.noneSelected'));
      return false;
    }
    if (!(await this.ensureVerified(id))) return false;
    try {
      await this.api.dispatch(id, units);
      toast('ok', t('action.dispatched', { id, units: units.join(', ') }));
      return true;
    } catch (e) {
      toastProblem(e);
      void this.detail.load(false);
      return false;
    }
  }

  async setIncidentStatus(id: number, to: IncidentStatus): Promise<void> {
    const action: Action = to === 'closed' || to === 'cancelled' ? 'close_incident' : 'verify_incident';
    if (!this.guard(action)) return;
    if (to === 'closed' || to === 'cancelled') {
      const ok = await confirmDialog(t(to === 'closed' ? 'action.confirmClose' : 'action.confirmCancel', { id }), t(to === 'closed' ? 'action.close' : 'action.cancel'), to === 'cancelled');
      if (!ok) return;
    }
    try {
      await this.api.incidentStatus(id, to);
      toast('ok', t('action.statusChanged', { id, status: incidentStatusLabel(to) }));
    } catch (e) {
      toastProblem(e);
    }
  }

  changeLevel(id: number, current: Level): void {
    if (!this.guard('change_incident_level')) return;
    let level: Level = current;
    const select = h(
      'select',
      { class: 'input', id: 'level-select', onchange: (e: Event) => (level = (e.target as HTMLSelectElement).value as Level) },
      ...LEVELS.map((l) => h('option', { value: l, selected: l === current }, levelLabel(l))),
    );
    (select as HTMLSelectElement).value = current;
    const reason = h('input', { class: 'input', id: 'level-reason', maxlength: 500 });
    const problem = h('div');
    const form = h(
      'form',
      {
        class: 'dialog-body',
        onsubmit: async (e: Event) => {
          e.preventDefault();
          if (level === current) {
            replaceChildren(problem, h('div', { class: 'problem' }, t('level.same')));
            return;
          }
          try {
            await this.api.incidentLevel(id, level, reason.value.trim());
            d.close();
            toast('ok', t('action.levelChanged', { id, level: levelLabel(level) }));
          } catch (err) {
            replaceChildren(problem, problemBox(err));
          }
        },
      },
      h('label', { for: 'level-select' }, t('new.level')),
      select,
      h('label', { for: 'level-reason' }, t('level.reason')),
      reason,
      problem,
      h('div', { class: 'dialog-actions' }, h('button', { type: 'button', class: 'btn', onclick: () => d.close() }, t('action.cancelDialog')), h('button', { type: 'submit', class: 'btn primary', id: 'level-ok' }, t('action.confirm'))),
    );
    const d = modal(t('level.title', { id }), form, { id: 'level-dialog' });
  }

  merge(id: number, into?: number): void {
    if (!this.guard('merge_incidents')) return;
    const input = h('input', { class: 'input', id: 'merge-into', inputmode: 'numeric', value: into ?? '' });
    const problem = h('div');
    const form = h(
      'form',
      {
        class: 'dialog-body',
        onsubmit: async (e: Event) => {
          e.preventDefault();
          const target = Number(input.value.trim().replace(/^#/, ''));
          if (!Number.isInteger(target) || target <= 0 || target === id) {
            replaceChildren(problem, h('div', { class: 'problem' }, t('merge.invalid')));
            return;
          }
          try {
            await this.api.merge(id, target);
            d.close();
            toast('ok', t('action.merged', { from: id, into: target }));
            this.selectIncident(target, { fly: true });
          } catch (err) {
            replaceChildren(problem, problemBox(err));
          }
        },
      },
      h('label', { for: 'merge-into' }, t('merge.into')),
      input,
      problem,
      h('div', { class: 'dialog-actions' }, h('button', { type: 'button', class: 'btn', onclick: () => d.close() }, t('action.cancelDialog')), h('button', { type: 'submit', class: 'btn primary', id: 'merge-ok' }, t('action.merge'))),
    );
    const d = modal(t('merge.title', { id }), form, { id: 'merge-dialog' });
  }

  async setUnitStatus(unit: string, to: UnitStatus): Promise<void> {
    if (!this.guard('change_unit_status')) return;
    try {
      await this.api.unitStatus(unit, to);
      toast('ok', t('action.unitStatusChanged', { unit, status: unitStatusLabel(to) }));
    } catch (e) {
      toastProblem(e);
    }
  }

  // A note for the incident's record; whoever may report may add to a report. True once saved.
  async addNote(incident: number, text: string): Promise<boolean> {
    if (!this.guard('create_incident')) return false;
    try {
      await this.api.addNote(incident, { text });
      toast('ok', t('action.noteAdded', { id: incident }));
      return true;
    } catch (e) {
      toastProblem(e);
      return false;
    }
  }

  async updateTask(incident: number, task: number, to: 'acknowledged' | 'done'): Promise<void> {
    if (!this.guard('acknowledge_task')) return;
    try {
      await this.api.task(incident, task, to);
      toast('ok', t('action.taskUpdated', { task }));
    } catch (e) {
      toastProblem(e);
    }
  }

  // ---- keyboard ----

  private onKey(e: KeyboardEvent): void {
    if (e.key === 'Escape') {
      if (closeTopDialog()) return;
      if (isTypingTarget(e.target)) {
        (e.target as HTMLElement).blur();
        return;
      }
      if (this.newIncident.isOpen) {
        this.closeNewIncident();
        return;
      }
      if (this.store.selectedId !== null) this.selectIncident(null);
      return;
    }
    if (e.ctrlKey || e.metaKey || e.altKey || isTypingTarget(e.target) || anyDialogOpen()) return;
    const key = e.key;
    const sel = this.store.selectedId;
    switch (key) {
      case 'n':
      case 'N':
        e.preventDefault();
        this.openNewIncident();
        break;
      case 'd':
      case 'D':
        if (sel !== null) {
          e.preventDefault();
          void this.dispatchRecommended(sel);
        }
        break;
      case 'v':
      case 'V':
        if (sel !== null && this.incidentStatus(sel) === 'reported') {
          e.preventDefault();
          void this.setIncidentStatus(sel, 'verified');
        }
        break;
      case 'j':
      case 'J':
      case 'k':
      case 'K': {
        e.preventDefault();
        const next = this.queue.neighbour(key.toLowerCase() === 'j' ? 1 : -1);
        if (next !== null) this.selectIncident(next, { fly: true });
        break;
      }
      case 'f':
      case 'F':
      case '/':
        e.preventDefault();
        this.queue.focusFilter();
        break;
      case 'l':
      case 'L':
        setLang(getLang() === 'zh' ? 'en' : 'zh');
        break;
      case 'h':
      case 'H':
        this.toggleContrast();
        break;
      case '?':
        e.preventDefault();
        showHelp();
        break;
      default:
        break;
    }
  }
}
