import { describe, expect, it } from 'vitest';

import type { StreamEvent } from '../src/api/types';
import { backoffDelay, type BackoffOptions } from '../src/stream/backoff';
import { StreamClient, type SocketLike, type StreamStatus } from '../src/stream/client';

describe('backoffDelay', () => {
  const o: BackoffOptions = { baseMs: 500, maxMs: 15_000, factor: 2, jitter: 0.2 };
  const mid = () => 0.5; // no jitter

  it('doubles from the base up to the cap', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 50, 5000].map((a) => backoffDelay(a, o, mid))).toEqual([
      500, 1000, 2000, 4000, 8000, 15_000, 15_000, 15_000, 15_000,
    ]);
  });

  it('spreads by ±jitter and never passes the cap', () => {
    expect(backoffDelay(2, o, () => 0)).toBe(1600); // 2000 × 0.8
    expect(backoffDelay(2, o, () => 0.999999)).toBe(2400); // 2000 × 1.2
    expect(backoffDelay(10, o, () => 0.999999)).toBe(15_000);
    expect(backoffDelay(-3, o, mid)).toBe(500);
  });
});

class FakeSocket implements SocketLike {
  onopen: ((ev: unknown) => void) | null = null;
  onmessage: ((ev: { data: unknown }) => void) | null = null;
  onclose: ((ev: { code: number; reason: string }) => void) | null = null;
  onerror: ((ev: unknown) => void) | null = null;
  closed = false;
  constructor(readonly url: string) {}
  close(): void {
    this.closed = true;
  }
  open(): void {
    this.onopen?.({});
  }
  send(msg: object): void {
    this.onmessage?.({ data: JSON.stringify(msg) });
  }
  drop(code = 1006): void {
    this.onclose?.({ code, reason: '' });
  }
}

function harness() {
  const sockets: FakeSocket[] = [];
  const events: StreamEvent[] = [];
  const statuses: StreamStatus[] = [];
  const caughtUp: { seq: number; first: boolean; replayed: number; reconnect: boolean }[] = [];
  const timers: { fn: () => void; ms: number; cancelled: boolean }[] = [];
  const retries: number[] = [];
  const now = 1_000_000;
  const client = new StreamClient({
    url: (after) => `ws://x/api/v1/stream?token=T${after === null ? '' : `&after=${after}`}`,
    createSocket: (url) => {
      const s = new FakeSocket(url);
      sockets.push(s);
      return s;
    },
    onEvent: (e) => events.push(e),
    onCaughtUp: (seq, info) => caughtUp.push({ seq, ...info }),
    onStatus: (s) => statuses.push(s),
    onRetry: (n) => retries.push(n),
    backoff: { baseMs: 500, maxMs: 8000, factor: 2, jitter: 0 },
    random: () => 0.5,
    now: () => now,
    setTimer: (fn, ms) => {
      const t = { fn, ms, cancelled: false };
      timers.push(t);
      return t;
    },
    clearTimer: (h) => {
      (h as { cancelled: boolean }).cancelled = true;
    },
  });
  const fire = () => {
    const t = timers.filter((x) => !x.cancelled).pop();
    if (!t) throw new Error('no timer pending');
    t.cancelled = true;
    t.fn();
  };
  const event = (seq: number) => ({ kind: 'event', seq, at: 't', type: 'unit_status_changed', actor: 'a', data: { seq } });
  return { client, sockets, events, statuses, caughtUp, timers, retries, fire, event };
}

describe('StreamClient', () => {
  it('starts from now, goes live on caught_up, and hands on events in order', () => {
    const h = harness();
    h.client.start(null);
    expect(h.sockets[0]!.url).toBe('ws://x/api/v1/stream?token=T');
    h.sockets[0]!.open();
    expect(h.client.status.kind).toBe('catching_up');
    h.sockets[0]!.send({ kind: 'caught_up', seq: 41 });
    expect(h.client.status.kind).toBe('live');
    expect(h.caughtUp).toEqual([{ seq: 41, first: true, replayed: 0, reconnect: false }]);
    h.sockets[0]!.send(h.event(42));
    h.sockets[0]!.send(h.event(43));
    expect(h.events.map((e) => e.seq)).toEqual([42, 43]);
    expect(h.client.seq).toBe(43);
  });

  it('reconnects with backoff after a loss and catches up from the last sequence number', () => {
    const h = harness();
    h.client.start(null);
    h.sockets[0]!.send({ kind: 'caught_up', seq: 10 });
    h.sockets[0]!.send(h.event(11));
    h.sockets[0]!.drop();
    expect(h.client.status).toEqual({ kind: 'waiting', attempt: 1, retryAtMs: 1_000_500 });
    expect(h.timers.at(-1)!.ms).toBe(500);
    h.fire();
    expect(h.retries).toEqual([1]);
    expect(h.sockets[1]!.url).toBe('ws://x/api/v1/stream?token=T&after=11');
    // the server is still down: the next wait is longer
    h.sockets[1]!.drop();
    expect(h.timers.at(-1)!.ms).toBe(1000);
    h.fire();
    h.sockets[2]!.drop();
    expect(h.timers.at(-1)!.ms).toBe(2000);
    h.fire();
    expect(h.sockets[3]!.url).toBe('ws://x/api/v1/stream?token=T&after=11');
    // back: the missed events, then caught_up
    h.sockets[3]!.open();
    h.sockets[3]!.send(h.event(11)); // a repeat is dropped
    h.sockets[3]!.send(h.event(12));
    h.sockets[3]!.send(h.event(13));
    h.sockets[3]!.send({ kind: 'caught_up', seq: 13 });
    expect(h.events.map((e) => e.seq)).toEqual([11, 12, 13]);
    expect(h.caughtUp.at(-1)).toEqual({ seq: 13, first: false, replayed: 2, reconnect: true });
    // and the backoff starts again from the base
    h.sockets[3]!.drop();
    expect(h.timers.at(-1)!.ms).toBe(500);
  });

  it('keeps the caught-up mark as the resume point when no event came', () => {
    const h = harness();
    h.client.start(null);
    h.sockets[0]!.send({ kind: 'caught_up', seq: 77 });
    h.sockets[0]!.drop();
    h.fire();
    expect(h.sockets[1]!.url).toBe('ws://x/api/v1/stream?token=T&after=77');
  });

  it('retries now on request, and stops for good on stop()', () => {
    const h = harness();
    h.client.start(5);
    expect(h.sockets[0]!.url).toBe('ws://x/api/v1/stream?token=T&after=5');
    h.sockets[0]!.drop();
    const pending = h.timers.at(-1)!;
    h.client.retryNow();
    expect(pending.cancelled).toBe(true);
    expect(h.sockets).toHaveLength(2);
    h.client.stop();
    expect(h.sockets[1]!.closed).toBe(true);
    expect(h.client.status.kind).toBe('stopped');
    h.sockets[1]!.drop(); // a late close after stop schedules nothing
    expect(h.timers.filter((t) => !t.cancelled)).toHaveLength(0);
  });

  it('ignores garbage and messages from a socket it has replaced', () => {
    const h = harness();
    h.client.start(null);
    const old = h.sockets[0]!;
    old.onmessage?.({ data: 'not json' });
    old.onmessage?.({ data: 42 });
    old.send({ kind: 'caught_up', seq: 3 });
    old.drop();
    h.fire();
    old.send(h.event(99)); // the old socket is gone
    expect(h.events).toEqual([]);
  });
});
