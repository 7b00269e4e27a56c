// Live timers in the page: an element with data-since (ISO) shows the time elapsed since then and
// turns amber / red against data-limit (seconds); the app's one-second tick updates them all.

import { duration } from '../i18n';
import { clock, elapsedSeconds, timerLevel } from '../state/timers';
import { h } from './dom';

export function timerEl(sinceIso: string | null, limitS: number | null, style: 'clock' | 'words' = 'clock', extraClass = ''): HTMLElement {
  const el = h('span', {
    class: `timer ${extraClass}`.trim(),
    dataset: { since: sinceIso ?? '', limit: limitS ?? '', style },
  });
  updateTimer(el, Date.now());
  return el;
}

export function updateTimer(el: HTMLElement, nowMs: number): void {
  const since = el.dataset.since;
  if (!since) {
    el.textContent = '—';
    return;
  }
  const elapsed = elapsedSeconds(since, nowMs);
  const limit = el.dataset.limit ? Number(el.dataset.limit) : null;
  const text = el.dataset.style === 'words' ? duration(elapsed) : clock(elapsed);
  if (el.textContent !== text) el.textContent = text;
  const level = timerLevel(elapsed, limit);
  el.classList.toggle('warn', level === 'warn');
  el.classList.toggle('overdue', level === 'overdue');
}

export function updateTimers(root: ParentNode, nowMs: number): void {
  root.querySelectorAll<HTMLElement>('.timer[data-since]').forEach((el) => updateTimer(el, nowMs));
}

/** A countdown to `untilIso`: "in 3 min" or, past it, the overdue time in red. */
export function countdownEl(untilIso: string, done: boolean): HTMLElement {
  const el = h('span', { class: 'countdown', dataset: { until: untilIso, done: done ? '1' : '' } });
  updateCountdown(el, Date.now());
  return el;
}

export function updateCountdown(el: HTMLElement, nowMs: number): void {
  const until = Date.parse(el.dataset.until ?? '');
  if (Number.isNaN(until)) return;
  const diff = (until - nowMs) / 1000;
  const over = diff < 0 && !el.dataset.done;
  el.textContent = diff >= 0 ? `−${clock(diff)}` : `+${clock(-diff)}`;
  el.classList.toggle('overdue', over);
}

export function updateCountdowns(root: ParentNode, nowMs: number): void {
  root.querySelectorAll<HTMLElement>('.countdown[data-until]').forEach((el) => updateCountdown(el, nowMs));
}
