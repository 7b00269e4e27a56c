// The incident queue: open incidents by severity and age, with a live age timer, level, status and
// unit count; a text filter, open/all and level filters; J/K move the selection.

import type { IncidentSummary, Level } from '../api/types';
import { LEVELS } from '../api/types';
import { loc, onLangChange, t } from '../i18n';
import { INCIDENT_STATUS_LIMITS_S } from '../state/timers';
import { h, rafThrottle, replaceChildren } from '../ui/dom';
import { incidentStatusLabel, incidentTypeLabel, levelShort, placeText } from '../ui/labels';
import { timerEl, updateTimers } from '../ui/timer';
import { categoryGlyph, LEVEL_COLORS } from '../map/icons';
import type { AppContext } from './context';

export class QueueView {
  readonly el: HTMLElement;
  private readonly list: HTMLElement;
  private readonly head: HTMLElement;
  private filterInput!: HTMLInputElement;
  private order: number[] = [];

  constructor(private readonly app: AppContext) {
    this.el = h('section', { class: 'panel queue', id: 'queue', 'aria-label': t('queue.title') });
    this.head = h('div', { class: 'panel-head' });
    this.list = h('ol', { class: 'queue-list', id: 'queue-list' });
    this.el.append(this.head, this.list);
    this.renderHead();
    const redraw = rafThrottle(() => this.renderList());
    app.store.on('incidents', redraw);
    app.store.on('selection', redraw);
    app.store.on('filter', redraw);
    app.store.on('reference', redraw); // the types' names
    onLangChange(() => {
      this.renderHead();
      this.renderList();
    });
    app.onTick((now) => updateTimers(this.list, now));
    this.renderList();
  }

  focusFilter(): void {
    this.filterInput.focus();
    this.filterInput.select();
  }

  private renderHead(): void {
    const f = this.app.store.filter;
    this.filterInput = h('input', {
      type: 'search',
      id: 'queue-filter',
      class: 'input',
      placeholder: t('queue.filter.placeholder'),
      value: f.text,
      'aria-label': t('queue.filter.placeholder'),
      oninput: (e: Event) => this.app.store.setFilter({ text: (e.target as HTMLInputElement).value }),
      onkeydown: (e: KeyboardEvent) => {
        if (e.key === 'Escape' || e.key === 'Enter') (e.target as HTMLInputElement).blur();
      },
    });
    const scope = h(
      'div',
      { class: 'seg', role: 'group' },
      ...(['open', 'all'] as const).map((s) =>
        h(
          'button',
          {
            class: `seg-btn${f.scope === s ? ' active' : ''}`,
            id: `queue-scope-${s}`,
            'aria-pressed': String(f.scope === s),
            onclick: () => {
              this.app.store.setFilter({ scope: s });
              this.renderHead();
            },
          },
          t(s === 'open' ? 'queue.filter.open' : 'queue.filter.all'),
        ),
      ),
    );
    const level = h(
      'select',
      {
        class: 'input select-small',
        id: 'queue-level',
        'aria-label': t('queue.filter.level'),
        onchange: (e: Event) => this.app.store.setFilter({ level: (e.target as HTMLSelectElement).value as Level | '' }),
      },
      h('option', { value: '' }, t('queue.filter.anyLevel')),
      ...LEVELS.map((l) => h('option', { value: l, selected: f.level === l }, levelShort(l))),
    );
    (level as HTMLSelectElement).value = f.level;
    replaceChildren(
      this.head,
      h('h2', null, t('queue.title'), h('span', { class: 'count', id: 'queue-count' })),
      h('div', { class: 'queue-filters' }, this.filterInput, scope, level),
    );
  }

  private renderList(): void {
    const items = this.app.store.queue();
    this.order = items.map((i) => i.id);
    const count = this.head.querySelector('#queue-count');
    if (count) count.textContent = t('queue.count', { n: items.length });
    const scrollTop = this.list.scrollTop;
    if (items.length === 0) {
      replaceChildren(this.list, h('li', { class: 'empty' }, t('queue.empty')));
      return;
    }
    replaceChildren(this.list, ...items.map((inc) => this.row(inc)));
    this.list.scrollTop = scrollTop;
    this.list.querySelector('.selected')?.scrollIntoView({ block: 'nearest' });
  }

  private row(inc: IncidentSummary): HTMLElement {
    const store = this.app.store;
    const selected = store.selectedId === inc.id;
    const since = store.live.incidentStatusSince.get(inc.id) ?? (inc.status === 'reported' ? inc.reported_at : null);
    const limit = INCIDENT_STATUS_LIMITS_S[inc.status] ?? null;
    const org = inc.jurisdiction ? store.orgById.get(inc.jurisdiction) : undefined;
    const glyph = h('span', { class: 'glyph', style: { background: LEVEL_COLORS[inc.level] } });
    glyph.innerHTML = `<svg viewBox="0 0 24 24" aria-hidden="true">${categoryGlyph(inc.category)}</svg>`;
    // The list item holds the row, which acts as a button: a list's children stay list items
    // (an <li role="button"> would no longer be one to assistive technology).
    const item = h(
      'div',
      {
        class: `queue-item lvl-${inc.level} st-${inc.status}${selected ? ' selected' : ''}`,
        dataset: { id: inc.id },
        tabindex: 0,
        role: 'button',
        'aria-pressed': String(selected),
        onclick: () => this.app.selectIncident(inc.id, { fly: true }),
        onkeydown: (e: KeyboardEvent) => {
          if (e.key === 'Enter') this.app.selectIncident(inc.id, { fly: true });
        },
      },
      glyph,
      h(
        'div',
        { class: 'qi-main' },
        h(
          'div',
          { class: 'qi-top' },
          h('span', { class: 'qi-id' }, `#${inc.id}`),
          h('span', { class: 'qi-type' }, incidentTypeLabel(store.catalogue, inc.type)),
          inc.exercise ? h('span', { class: 'tag tag-exercise' }, t('queue.exercise')) : null,
        ),
        h(
          'div',
          { class: 'qi-sub' },
          h('span', { class: 'qi-addr', title: placeText(inc) }, placeText(inc)),
          org ? h('span', { class: 'qi-org' }, loc(org.name)) : null,
        ),
        h(
          'div',
          { class: 'qi-meta' },
          h('span', { class: `badge lvl lvl-${inc.level}` }, levelShort(inc.level)),
          h('span', { class: `badge st st-${inc.status}` }, incidentStatusLabel(inc.status)),
          inc.units > 0 ? h('span', { class: 'qi-units' }, t('queue.units', { n: inc.units })) : null,
        ),
      ),
      h('div', { class: 'qi-age' }, timerEl(inc.reported_at, null, 'clock', 'age'), since && limit ? timerEl(since, limit, 'clock', 'wait') : null),
    );
    return h('li', { class: 'queue-row' }, item);
  }

  /** The id after (+1) or before (-1) the selection in the queue's order. */
  neighbour(step: 1 | -1): number | null {
    if (this.order.length === 0) return null;
    const cur = this.app.store.selectedId;
    const i = cur === null ? -1 : this.order.indexOf(cur);
    if (i < 0) return step === 1 ? this.order[0]! : this.order[this.order.length - 1]!;
    const j = Math.min(this.order.length - 1, Math.max(0, i + step));
    return this.order[j]!;
  }
}
