// The public warnings in force (预警信息), newest first, in the situation panel: level, headline,
// event, area, time left. A click shows the warning's circle on the map. Kept current by the stream
// (alert_published / alert_cancelled) and by the expiry timer; the time left moves every second.

import type { Warning } from '../api/types';
import { loc, onLangChange, t } from '../i18n';
import { buttonLike, h, replaceChildren } from '../ui/dom';
import { alertLevelLabel, warningAreaText, warningExpiryText } from '../ui/labels';
import type { AppContext } from './context';

export class WarningsView {
  readonly el: HTMLElement;
  private readonly title: HTMLElement;
  private readonly count: HTMLElement;
  private readonly list: HTMLElement;
  private shown: Warning[] = [];

  constructor(private readonly app: AppContext) {
    this.title = h('span', { id: 'warnings-title' }, t('warn.title'));
    this.count = h('span', { class: 'count', id: 'warnings-count' });
    this.list = h('ul', { class: 'warning-list', id: 'warning-list', 'aria-labelledby': 'warnings-title' });
    this.el = h('section', { class: 'warnings', id: 'warnings' }, h('h3', null, this.title, ' ', this.count), this.list);
    app.store.on('warnings', () => this.render());
    onLangChange(() => {
      this.title.textContent = t('warn.title');
      this.render();
    });
    app.onTick((now) => this.tick(now));
    this.render();
  }

  render(): void {
    const now = Date.now();
    this.shown = this.app.store.warnings(now);
    this.count.textContent = this.shown.length > 0 ? t('warn.count', { n: this.shown.length }) : '';
    this.el.dataset.count = String(this.shown.length);
    if (this.shown.length === 0) {
      replaceChildren(this.list, h('li', { class: 'warning-empty', id: 'warnings-empty' }, t('warn.none')));
      return;
    }
    replaceChildren(this.list, ...this.shown.map((w) => this.item(w, now)));
  }

  private item(w: Warning, now: number): HTMLElement {
    const open = () => this.app.map?.focusWarning(w.id);
    // The row acts as a button inside its list item (an <li role="button"> is no list item).
    const row = h(
      'div',
      {
        class: `warning-item warn-${w.level}${w.exercise ? ' exercise' : ''}`,
        dataset: { id: w.id, level: w.level },
        title: t('action.locate'),
        ...buttonLike(open),
      },
      h(
        'div',
        { class: 'warning-head' },
        h('span', { class: `warn-chip warn-${w.level}` }, alertLevelLabel(w.level)),
        h('span', { class: 'warning-headline' }, loc(w.headline)),
        w.exercise ? h('span', { class: 'tag tag-exercise' }, t('warn.exercise')) : null,
      ),
      h('div', { class: 'warning-meta' }, [loc(w.event), warningAreaText(w)].filter(Boolean).join(' · ')),
      h('div', { class: 'warning-expiry', dataset: { expires: w.expiresMs } }, warningExpiryText(w, now)),
    );
    return h('li', null, row);
  }

  /** Moves the time left on; the expiry timer removes a warning once it lapses. */
  private tick(now: number): void {
    if (this.shown.length === 0) return;
    this.list.querySelectorAll<HTMLElement>('.warning-item').forEach((li) => {
      const w = this.app.store.live.warnings.get(Number(li.dataset.id));
      const el = li.querySelector<HTMLElement>('.warning-expiry');
      if (!w || !el) return;
      const text = warningExpiryText(w, now);
      if (el.textContent !== text) el.textContent = text;
    });
  }
}
