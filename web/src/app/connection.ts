// The stream's connection as the dispatcher sees it: the pill in the top bar, and the banner with
// the retry countdown once a live connection was lost.

import { t } from '../i18n';
import type { Store } from '../state/store';
import type { StreamStatus } from '../stream/client';
import { h, replaceChildren } from '../ui/dom';

export class ConnectionStatus {
  readonly pill = h('span', { class: 'conn', id: 'conn-state', role: 'status' });
  readonly banner = h('div', { class: 'banner', id: 'conn-banner', role: 'alert', hidden: true });
  private wasLive = false;

  constructor(
    private readonly store: Store,
    private readonly retryNow: () => void,
  ) {}

  /** The stream's state changed (the store has it already). */
  update(s: StreamStatus): void {
    if (s.kind === 'live') this.wasLive = true;
    this.render();
  }

  render(): void {
    const s = this.store.conn;
    const label =
      s.kind === 'live'
        ? t('conn.live')
        : s.kind === 'catching_up'
          ? t('conn.catchingUp')
          : s.kind === 'waiting'
            ? t('conn.reconnecting')
            : t('conn.connecting');
    this.pill.textContent = `● ${label}`;
    this.pill.dataset.state = s.kind;
    const lost = this.wasLive && (s.kind === 'waiting' || s.kind === 'connecting' || s.kind === 'catching_up');
    this.banner.hidden = !lost;
    if (lost) {
      replaceChildren(
        this.banner,
        h('strong', null, '⚠ ', t('conn.lost')),
        h('span', { class: 'banner-retry', id: 'conn-retry' }),
        h('button', { class: 'btn small', id: 'btn-reconnect', onclick: () => this.retryNow() }, t('conn.retryNow')),
      );
      this.renderCountdown();
    }
  }

  renderCountdown(): void {
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
}
