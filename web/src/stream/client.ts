// The live event stream (`/api/v1/stream?token=…&after=SEQ`): connects, hands on events in order,
// and after any loss reconnects with backoff, asking for everything after the last sequence number
// it has, so that nothing is missed and nothing comes twice.

import type { StreamEvent, StreamMessage } from '../api/types';
import { backoffDelay, DEFAULT_BACKOFF, type BackoffOptions } from './backoff';

export type StreamStatus =
  | { kind: 'idle' }
  | { kind: 'connecting'; attempt: number }
  | { kind: 'catching_up' }
  | { kind: 'live' }
  | { kind: 'waiting'; attempt: number; retryAtMs: number }
  | { kind: 'stopped' };

/** The part of the browser's WebSocket the client uses (a fake in the tests). */
export interface SocketLike {
  onopen: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onclose: ((ev: { code: number; reason: string }) => void) | null;
  onerror: ((ev: unknown) => void) | null;
  close(code?: number, reason?: string): void;
}

export interface StreamClientOptions {
  /** The stream's URL for a start after `after` (null: from now). */
  url: (after: number | null) => string;
  createSocket: (url: string) => SocketLike;
  onEvent: (event: StreamEvent) => void;
  /** The server has sent everything up to `seq`; `replayed` events came since the (re)connect. */
  onCaughtUp?: (seq: number, info: { first: boolean; replayed: number; reconnect: boolean }) => void;
  onStatus?: (status: StreamStatus) => void;
  /** Called before each retry, with its number (1 for the first); may check whether the token still works. */
  onRetry?: (attempt: number) => void;
  backoff?: BackoffOptions;
  random?: () => number;
  now?: () => number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

export class StreamClient {
  private socket: SocketLike | null = null;
  private lastSeq: number | null = null;
  private attempt = 0;
  private timer: unknown = null;
  private stopped = true;
  private everCaughtUp = false;
  private lostSinceCaughtUp = false;
  private replayed = 0;
  private statusValue: StreamStatus = { kind: 'idle' };
  private readonly o: Required<Omit<StreamClientOptions, 'onCaughtUp' | 'onStatus' | 'onRetry'>> &
    Pick<StreamClientOptions, 'onCaughtUp' | 'onStatus' | 'onRetry'>;

  constructor(options: StreamClientOptions) {
    this.o = {
      backoff: DEFAULT_BACKOFF,
      random: Math.random,
      now: () => Date.now(),
      setTimer: (fn, ms) => setTimeout(fn, ms),
      clearTimer: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
      ...options,
    };
  }

  get status(): StreamStatus {
    return this.statusValue;
  }

  /** The last sequence number received (event or caught-up mark), null before the first. */
  get seq(): number | null {
    return this.lastSeq;
  }

  /** Starts streaming after `after` (null: from now on). */
  start(after: number | null = null): void {
    this.stopped = false;
    this.lastSeq = after;
    this.attempt = 0;
    this.connect();
  }

  stop(): void {
    this.stopped = true;
    this.cancelTimer();
    const s = this.socket;
    this.socket = null;
    if (s) {
      s.onclose = null;
      s.onmessage = null;
      s.onerror = null;
      s.close(1000, 'client stopped');
    }
    this.setStatus({ kind: 'stopped' });
  }

  /** Skips the wait of a pending retry. */
  retryNow(): void {
    if (this.stopped || this.statusValue.kind !== 'waiting') return;
    this.cancelTimer();
    this.connect();
  }

  private setStatus(s: StreamStatus): void {
    this.statusValue = s;
    this.o.onStatus?.(s);
  }

  private cancelTimer(): void {
    if (this.timer !== null) {
      this.o.clearTimer(this.timer);
      this.timer = null;
    }
  }

  private connect(): void {
    this.timer = null;
    if (this.stopped) return;
    this.setStatus({ kind: 'connecting', attempt: this.attempt });
    this.replayed = 0;
    let socket: SocketLike;
    try {
      socket = this.o.createSocket(this.o.url(this.lastSeq));
    } catch {
      this.lost();
      return;
    }
    this.socket = socket;
    socket.onopen = () => {
      if (this.socket === socket) this.setStatus({ kind: 'catching_up' });
    };
    socket.onmessage = (ev) => {
      if (this.socket === socket) this.handle(ev.data);
    };
    socket.onerror = () => {
      /* onclose follows */
    };
    socket.onclose = () => {
      if (this.socket !== socket) return;
      this.socket = null;
      this.lost();
    };
  }

  private handle(raw: unknown): void {
    if (typeof raw !== 'string') return;
    let msg: StreamMessage;
    try {
      msg = JSON.parse(raw) as StreamMessage;
    } catch {
      return;
    }
    if (msg.kind === 'event') {
      if (typeof msg.seq !== 'number') return;
      if (this.lastSeq !== null && msg.seq <= this.lastSeq) return; // already had it
      this.lastSeq = msg.seq;
      if (this.statusValue.kind !== 'live') this.replayed += 1;
      this.o.onEvent({ seq: msg.seq, at: msg.at, type: msg.type, actor: msg.actor, data: msg.data });
    } else if (msg.kind === 'caught_up') {
      if (typeof msg.seq !== 'number') return;
      const first = !this.everCaughtUp;
      const reconnect = this.lostSinceCaughtUp;
      this.everCaughtUp = true;
      this.lostSinceCaughtUp = false;
      if (this.lastSeq === null || msg.seq > this.lastSeq) this.lastSeq = msg.seq;
      this.attempt = 0;
      this.setStatus({ kind: 'live' });
      this.o.onCaughtUp?.(msg.seq, { first, replayed: this.replayed, reconnect });
    }
  }

  private lost(): void {
    if (this.stopped) return;
    this.lostSinceCaughtUp = this.lostSinceCaughtUp || this.everCaughtUp;
    const delay = backoffDelay(this.attempt, this.o.backoff, this.o.random);
    this.attempt += 1;
    this.setStatus({ kind: 'waiting', attempt: this.attempt, retryAtMs: this.o.now() + delay });
    this.timer = this.o.setTimer(() => {
      this.timer = null;
      this.o.onRetry?.(this.attempt);
      this.connect();
    }, delay);
  }
}
