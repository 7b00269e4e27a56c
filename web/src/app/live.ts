// The live picture: the event stream, the snapshot read once it is open, the events of a frame
// applied to the store in one update, and the public warnings dropped as they lapse.

import { ApiError, type Api } from '../api/client';
import type { StreamEvent } from '../api/types';
import { t } from '../i18n';
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
} from '../state/reducer';
import type { Store } from '../state/store';
import { StreamClient, type SocketLike, type StreamStatus } from '../stream/client';
import { toast, toastProblem } from '../ui/feedback';

export interface LiveHooks {
  /** The signed-in user's token, for the stream's URL; null once signed out. */
  token(): string | null;
  /** The stream's state changed (after the store has it). */
  onStatus(s: StreamStatus): void;
}

/**
 * A list the server may not offer. A server without it (404) has none; any other failure keeps
 * what the dashboard holds (null) rather than failing the whole snapshot.
 */
async function optionalList<T>(load: () => Promise<T[]>): Promise<T[] | null> {
  try {
    return await load();
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) return [];
    if (e instanceof ApiError && e.status === 401) throw e;
    return null;
  }
}

export class LiveFeed {
  private stream: StreamClient | null = null;
  /** Set to the next warning's expiry, to drop it then. */
  private warningTimer: ReturnType<typeof setTimeout> | null = null;
  private snapshotReady = false;
  private snapshotSeq: number | null = null;
  private buffer: StreamEvent[] = [];
  private pending: Changes = emptyChanges();
  private flushQueued = false;
  private loadedAll = false;

  constructor(
    private readonly api: Api,
    private readonly store: Store,
    private readonly hooks: LiveHooks,
  ) {}

  start(): void {
    this.startStream();
    this.store.on('filter', () => {
      if (this.store.filter.scope === 'all' && !this.loadedAll) void this.loadAllIncidents();
    });
  }

  stop(): void {
    this.stream?.stop();
    this.stream = null;
    if (this.warningTimer) clearTimeout(this.warningTimer);
  }

  /** Reconnects now rather than after the backoff. */
  retryNow(): void {
    this.stream?.retryNow();
  }

  private startStream(): void {
    const wsBase = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}`;
    this.stream = new StreamClient({
      url: (after) => {
        const q = new URLSearchParams({ token: this.hooks.token() ?? '' });
        if (after !== null) q.set('after', String(after));
        return `${wsBase}/api/v1/stream?${q.toString()}`;
      },
      createSocket: (url) => new WebSocket(url) as unknown as SocketLike,
      onEvent: (ev) => this.onEvent(ev),
      onCaughtUp: (seq, info) => this.onCaughtUp(seq, info),
      onStatus: (s) => {
        this.store.setConn(s);
        this.hooks.onStatus(s);
      },
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
        optionalList(() => this.api.activeAlerts()),
        optionalList(() => this.api.sensors()),
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

  /** Drops the warnings that have lapsed and sets the timer to the next expiry. */
  private scheduleWarningExpiry(): void {
    if (this.warningTimer) clearTimeout(this.warningTimer);
    this.warningTimer = null;
    if (this.hooks.token() === null) return;
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
    for (const id of ch.refetchUnits) void this.fetchUnit(id);
  }

  /** A unit added or edited live: the board and the map show it as the API now gives it. */
  private async fetchUnit(id: string): Promise<void> {
    try {
      const u = await this.api.unit(id);
      if (u.retired_at !== null) return;
      this.store.live.units.set(u.id, { ...u });
      this.store.lastChanges = { ...emptyChanges(), units: new Set([u.id]) };
      this.store.emit('units');
    } catch (e) {
      // Moved outside our jurisdiction: it leaves the board. A network error changes nothing.
      if (e instanceof ApiError && (e.status === 403 || e.status === 404) && this.store.live.units.delete(id)) {
        this.store.emit('units');
      }
    }
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
}
