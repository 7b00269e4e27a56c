// The unit status board: every unit in the user's jurisdiction, its status and time in status
// (red past the status's limit), its incident and AVL state, and one-click status changes.

import type { Unit, UnitStatus } from '../api/types';
import { UNIT_STATUSES } from '../api/types';
import { duration, loc, onLangChange, t } from '../i18n';
import { unitTransitions } from '../state/roles';
import { avlState, isUnitOverdue, UNIT_STATUS_LIMITS_S, unitTimer } from '../state/timers';
import { h, rafThrottle, replaceChildren } from '../ui/dom';
import { unitActionLabel, unitStatusLabel, unitTypeLabel } from '../ui/labels';
import { timerEl, updateTimers } from '../ui/timer';
import { unitGlyph, UNIT_STATUS_COLORS } from '../map/icons';
import type { AppContext } from './context';

const ORDER = new Map<UnitStatus, number>(UNIT_STATUSES.map((s, i) => [s, i]));

export class UnitBoard {
  readonly el: HTMLElement;
  private readonly head: HTMLElement;
  private readonly body: HTMLElement;
  private statusFilter: UnitStatus | '' = '';
  private text = '';
  private highlighted: string | null = null;
  private lastOverdue = -1;

  constructor(private readonly app: AppContext) {
    this.el = h('section', { class: 'panel units', id: 'units', 'aria-label': t('units.title') });
    this.head = h('div', { class: 'panel-head' });
    this.body = h('div', { class: 'units-body' });
    this.el.append(this.head, this.body);
    const redraw = rafThrottle(() => this.render());
    app.store.on('units', redraw);
    app.store.on('incidents', redraw);
    onLangChange(() => {
      this.renderHead();
      this.render();
    });
    app.onTick((now) => {
      updateTimers(this.body, now);
      // Rows change colour when a timer crosses its limit; redraw when the count of overdue units changes.
      const overdue = this.overdueCount(now);
      if (overdue !== this.lastOverdue) this.render();
    });
    this.renderHead();
    this.render();
  }

  private overdueCount(now: number): number {
    let n = 0;
    for (const u of this.app.store.live.units.values()) if (isUnitOverdue(u, now)) n++;
    return n;
  }

  highlight(id: string): void {
    this.highlighted = id;
    this.statusFilter = '';
    this.text = '';
    this.renderHead();
    this.render();
    const row = this.body.querySelector<HTMLElement>(`tr[data-unit="${CSS.escape(id)}"]`);
    row?.scrollIntoView({ block: 'center' });
  }

  private renderHead(): void {
    const select = h(
      'select',
      {
        class: 'input select-small',
        id: 'units-status',
        'aria-label': t('units.col.status'),
        onchange: (e: Event) => {
          this.statusFilter = (e.target as HTMLSelectElement).value as UnitStatus | '';
          this.render();
        },
      },
      h('option', { value: '' }, t('units.allStatuses')),
      ...UNIT_STATUSES.map((s) => h('option', { value: s }, unitStatusLabel(s))),
    );
    (select as HTMLSelectElement).value = this.statusFilter;
    replaceChildren(
      this.head,
      h('h2', null, t('units.title'), h('span', { class: 'count', id: 'units-summary' })),
      h('span', { class: 'overdue-count', id: 'units-overdue' }),
      h(
        'div',
        { class: 'queue-filters' },
        h('input', {
          class: 'input',
          type: 'search',
          id: 'units-filter',
          placeholder: t('units.filter'),
          'aria-label': t('units.filter'),
          value: this.text,
          oninput: (e: Event) => {
            this.text = (e.target as HTMLInputElement).value;
            this.render();
          },
        }),
        select,
      ),
    );
  }

  private visibleUnits(): Unit[] {
    const needle = this.text.trim().toLowerCase();
    return [...this.app.store.live.units.values()]
      .filter((u) => !this.statusFilter || u.status === this.statusFilter)
      .filter((u) => !needle || `${u.id} ${u.name.zh} ${u.name.en} ${unitTypeLabel(u.type)} ${u.incident ?? ''}`.toLowerCase().includes(needle))
      .sort((a, b) => (ORDER.get(a.status) ?? 9) - (ORDER.get(b.status) ?? 9) || a.id.localeCompare(b.id, 'en', { numeric: true }));
  }

  render(): void {
    const now = Date.now();
    const all = [...this.app.store.live.units.values()];
    const busy = all.filter((u) => u.status !== 'available' && u.status !== 'out_of_service').length;
    const summary = this.head.querySelector('#units-summary');
    if (summary) {
      summary.textContent = t('units.summary', {
        available: all.filter((u) => u.status === 'available').length,
        busy,
        oos: all.filter((u) => u.status === 'out_of_service').length,
      });
    }
    const overdue = this.overdueCount(now);
    this.lastOverdue = overdue;
    const oc = this.head.querySelector<HTMLElement>('#units-overdue');
    if (oc) {
      oc.textContent = overdue > 0 ? `⚠ ${t('units.overdueCount', { n: overdue })}` : '';
      oc.classList.toggle('active', overdue > 0);
    }
    const units = this.visibleUnits();
    const scroll = this.body.scrollTop;
    if (all.length === 0) {
      replaceChildren(this.body, h('div', { class: 'placeholder small' }, t('units.noneVisible')));
      return;
    }
    const canChange = this.app.can('change_unit_status');
    const table = h(
      'table',
      { class: 'unit-table', id: 'unit-table' },
      h(
        'thead',
        null,
        h(
          'tr',
          null,
          h('th', null, t('units.col.unit')),
          h('th', null, t('units.col.type')),
          h('th', null, t('units.col.status')),
          h('th', null, t('units.col.since')),
          h('th', null, t('units.col.incident')),
          h('th', null, t('units.col.avl')),
          canChange ? h('th', null, t('units.col.actions')) : null,
        ),
      ),
      h('tbody', null, ...units.map((u) => this.row(u, now, canChange))),
    );
    replaceChildren(this.body, table);
    this.body.scrollTop = scroll;
  }

  private row(u: Unit, now: number, canChange: boolean): HTMLElement {
    const timer = unitTimer(u, now);
    const avl = avlState(u, now);
    const limit = UNIT_STATUS_LIMITS_S[u.status] ?? null;
    const icon = h('span', { class: 'type-icon', style: { background: UNIT_STATUS_COLORS[u.status] } });
    icon.innerHTML = `<svg viewBox="0 0 24 24" aria-hidden="true">${unitGlyph(u.type)}</svg>`;
    const station = this.app.store.stationById.get(u.station);
    const avlText =
      avl === 'none'
        ? t('units.avlNone')
        : avl === 'stale'
          ? t('units.avlStale', { t: duration((now - Date.parse(u.position?.at ?? '')) / 1000) })
          : t('units.avlFresh', { t: duration((now - Date.parse(u.position?.at ?? '')) / 1000) });
    return h(
      'tr',
      {
        class: `ust-row ust-${u.status}${timer.level === 'overdue' ? ' overdue' : ''}${this.highlighted === u.id ? ' highlighted' : ''}`,
        dataset: { unit: u.id, status: u.status },
        title: timer.level === 'overdue' && limit !== null ? t('units.overdue', { status: unitStatusLabel(u.status), limit: duration(limit) }) : undefined,
      },
      h(
        'td',
        { class: 'u-id' },
        h('button', { class: 'link', onclick: () => this.app.focusUnit(u.id) }, icon, h('b', null, u.id)),
        h('span', { class: 'u-name' }, station ? loc(station.name) : u.station, ' · ', t('units.crew', { n: u.crew })),
      ),
      h('td', null, unitTypeLabel(u.type)),
      h('td', null, h('span', { class: `badge ust ust-${u.status}` }, unitStatusLabel(u.status))),
      h('td', { class: 'u-timer' }, timerEl(u.status_since, limit), timer.level === 'overdue' ? h('span', { class: 'overdue-mark', 'aria-label': 'overdue' }, ' ⚠') : null),
      h(
        'td',
        null,
        u.incident !== null
          ? h('button', { class: 'link', onclick: () => this.app.selectIncident(u.incident, { fly: true }) }, `#${u.incident}`)
          : '—',
      ),
      h('td', { class: `avl avl-${avl}` }, avlText),
      canChange
        ? h(
            'td',
            { class: 'u-actions' },
            ...unitTransitions(u.status).map((to) =>
              h(
                'button',
                {
                  class: `btn small ust-btn ust-btn-${to}`,
                  dataset: { to },
                  onclick: () => void this.app.setUnitStatus(u.id, to),
                },
                unitActionLabel(to),
              ),
            ),
          )
        : null,
    );
  }
}
