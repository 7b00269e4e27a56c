// Reconnect delays: exponential with a cap and jitter, so that a wall of dashboards does not hammer
// a center that has just restarted all in the same second.

export interface BackoffOptions {
  /** The first retry's delay. */
  baseMs: number;
  /** No delay is longer than this. */
  maxMs: number;
  factor: number;
  /** ± this share of the delay, at random. */
  jitter: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 500, maxMs: 15_000, factor: 2, jitter: 0.2 };

/**
 * The delay before retry number `attempt` (0 for the first retry after a loss).
 * `random` returns a number in [0, 1), as Math.random does.
 */
export function backoffDelay(
  attempt: number,
  options: BackoffOptions = DEFAULT_BACKOFF,
  random: () => number = Math.random,
): number {
  const n = Math.max(0, Math.floor(attempt));
  // Grow in the exponent only as far as needed to pass the cap (no Infinity for large attempts).
  const raw = options.baseMs * Math.pow(options.factor, Math.min(n, 64));
  const capped = Math.min(options.maxMs, raw);
  const spread = 1 - options.jitter + 2 * options.jitter * random();
  return Math.round(Math.min(options.maxMs, Math.max(0, capped * spread)));
}
