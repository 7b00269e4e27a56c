// The selected incident: header and facts, the actions the user's role allows, the duplicate
// warning with one-click merge, the recommendation (each unit, its ETA and why) with one-click
// dispatch of the recommended set or of the dispatcher's own choice, the units on the incident,
// the active plan's checklist and department tasks, and the chronology.

import { ApiError } from '../api/client';
import type {
  DuplicateCandidate,
  IncidentDetail,
  Level,
  Pick,
  Recommendation,
  RecommendationLine,
  Task,
  Unit,
} from '../api/types';
import { LEVELS } from '../api/types';
import { ago, clockTime, duration, loc, onLangChange, t } from '../i18n';
import { upsertIncident } from '../state/reducer';
import { canMergeFrom, incidentTransitions } from '../state/roles';
import { avlState, isOpen, UNIT_STATUS_LIMITS_S } from '../state/timers';
import { debounce, h, replaceChildren } from '../ui/dom';
import { problemBox } from '../ui/feedback';
import {
  capabilityLabel,
  departmentLabel,
  hasPlaceAddress,
  incidentStatusLabel,
  incidentTypeLabel,
  levelLabel,
  levelShort,
  sourceLabel,
  unitStatusLabel,
  unitTypeLabel,
} from '../ui/labels';
import { countdownEl, timerEl, updateCountdowns, updateTimers } from '../ui/timer';
import type { AppContext } from './context';

interface Loaded {
  id: number;
  detail: IncidentDetail | null;
  detailError: unknown;
  rec: Recommendation | null;
  recError: unknown;
  recLoading: boolean;
  dups: DuplicateCandidate[];
}

const CHECK_KEY = 'elink.checklist.';

/** The units a recommendation would send: every pick not already on the incident and reachable. */
export function recommendedUnits(rec: Recommendation | null): string[] {
  if (!rec) return [];
  const out: string[] = [];
  for (const line of rec.lines) {
    for (const p of line.picks) {
      if (!p.already_assigned && p.eta_s !== null && !out.includes(p.unit)) out.push(p.unit);
    }
  }
  return out;
}

export class DetailView {
  readonly el: HTMLElement;
  private data: Loaded | null = null;
  private chosen = new Map<number, Set<string>>();
  private touched = new Set<number>();
  private loadToken = 0;
  // The note being written survives the re-renders that live updates cause (a unit moving
  // re-renders the detail every few seconds): one textarea, kept and re-attached.
  private readonly noteText: HTMLTextAreaElement;
  private noteFor: number | null = null;
  private readonly reloadSoon: () => void;
  private readonly reloadRecSoon: () => void;

  constructor(private readonly app: AppContext) {
    this.el = h('section', { class: 'panel detail', id: 'detail', 'aria-live': 'polite' });
    this.noteText = h('textarea', { id: 'note-text', class: 'input', rows: 2, maxlength: 4000 });
    this.reloadSoon = debounce(() => void this.load(false), 250);
    this.reloadRecSoon = debounce(() => void this.loadRecommendation(), 1200);
    app.store.on('selection', () => void this.load(true));
    app.store.on('detail', () => {
      const id = app.store.selectedId;
      const ch = app.store.lastChanges;
      if (id !== null && ch && (ch.details.has(id) || ch.incidents.has(id))) this.reloadSoon();
    });
    app.store.on('units', () => {
      // Units becoming free or busy change the recommendation; units of this incident change the list.
      if (this.data?.detail && isOpen(this.data.detail.status)) {
        this.render();
        this.reloadRecSoon();
      }
    });
    onLangChange(() => this.render());
    app.onTick((now) => {
      updateTimers(this.el, now);
      updateCountdowns(this.el, now);
    });
    this.render();
  }

  get current(): Loaded | null {
    return this.data;
  }

  /** (Re)loads the selected incident; `fresh` when the selection changed. */
  async load(fresh: boolean): Promise<void> {
    const id = this.app.store.selectedId;
    const token = ++this.loadToken;
    if (id === null) {
      this.data = null;
      this.render();
      return;
    }
    if (fresh || !this.data || this.data.id !== id) {
      this.data = { id, detail: null, detailError: null, rec: null, recError: null, recLoading: false, dups: [] };
      this.render();
    }
    let detail: IncidentDetail | null = null;
    let detailError: unknown = null;
    try {
      detail = await this.app.api.incident(id);
    } catch (e) {
      detailError = e;
    }
    if (token !== this.loadToken) return;
    const d = this.data!;
    d.detail = detail ?? d.detail;
    d.detailError = detail ? null : detailError;
    if (detail) this.syncSummary(detail);
    this.render();
    if (detail && isOpen(detail.status)) {
      const [dups] = await Promise.all([
        this.app.api.duplicates(id).catch(() => [] as DuplicateCandidate[]),
        this.loadRecommendation(),
      ]);
      if (token !== this.loadToken) return;
      d.dups = dups;
      this.render();
    } else if (detail) {
      d.rec = null;
      d.dups = [];
      this.render();
    }
  }

  /** Keeps the queue's summary in step with a detail fetched (also when the stream is down). */
  private syncSummary(detail: IncidentDetail): void {
    const store = this.app.store;
    const existing = store.live.incidents.get(detail.id);
    const units = Math.max(detail.units.length, existing?.units ?? 0);
    const summary = { ...detail, units };
    const changed =
      !existing ||
      existing.status !== detail.status ||
      existing.level !== detail.level ||
      existing.units !== units ||
      existing.merged_into !== detail.merged_into;
    if (detail.times.verified && detail.status === 'verified') store.live.incidentStatusSince.set(detail.id, detail.times.verified);
    if (changed) {
      upsertIncident(store.live, {
        id: summary.id,
        type: summary.type,
        category: summary.category,
        level: summary.level,
        status: summary.status,
        source: summary.source,
        location: summary.location,
        address: summary.address,
        grid: summary.grid,
        jurisdiction: summary.jurisdiction,
        exercise: summary.exercise,
        reported_at: summary.reported_at,
        units,
        merged_into: summary.merged_into,
      });
      store.emit('incidents');
    }
  }

  private async loadRecommendation(): Promise<void> {
    const d = this.data;
    if (!d || !d.detail || !isOpen(d.detail.status)) return;
    const id = d.id;
    d.recLoading = true;
    try {
      const rec = await this.app.api.recommendation(id);
      if (this.data !== d) return;
      d.rec = rec;
      d.recError = null;
      if (!this.touched.has(id)) this.chosen.set(id, new Set(recommendedUnits(rec)));
    } catch (e) {
      if (this.data !== d) return;
      d.recError = e;
    } finally {
      d.recLoading = false;
    }
    this.render();
  }

  /** The units the dispatcher has ticked for this incident. */
  chosenUnits(id: number): string[] {
    return [...(this.chosen.get(id) ?? [])];
  }

  afterDispatch(id: number): void {
    this.touched.delete(id);
    this.chosen.delete(id);
    void this.load(false);
  }

  // ---- rendering ----

  render(): void {
    const scroll = this.el.scrollTop;
    const d = this.data;
    if (!d) {
      this.el.classList.add('empty');
      replaceChildren(this.el, h('div', { class: 'placeholder' }, t('detail.none')));
      return;
    }
    this.el.classList.remove('empty');
    const det = d.detail;
    if (!det) {
      replaceChildren(
        this.el,
        this.closeButton(),
        d.detailError
          ? d.detailError instanceof ApiError && d.detailError.status === 404
            ? h('div', { class: 'placeholder' }, t('detail.notFound', { id: d.id }))
            : problemBox(d.detailError)
          : h('div', { class: 'placeholder loading' }, t('detail.loading')),
      );
      return;
    }
    const typing = document.activeElement === this.noteText;
    const [selStart, selEnd] = [this.noteText.selectionStart, this.noteText.selectionEnd];
    replaceChildren(
      this.el,
      this.header(det),
      this.facts(det),
      this.actions(det),
      this.duplicates(det, d.dups),
      isOpen(det.status) ? this.recommendation(det, d) : null,
      this.units(det),
      this.plan(det),
      this.chronology(det),
    );
    if (typing && this.noteText.isConnected) {
      this.noteText.focus({ preventScroll: true });
      this.noteText.setSelectionRange(selStart, selEnd);
    }
    this.el.scrollTop = scroll;
  }

  private closeButton(): HTMLElement {
    return h('button', { class: 'icon-btn detail-close', 'aria-label': t('detail.close'), title: t('detail.close'), onclick: () => this.app.selectIncident(null) }, '×');
  }

  private header(det: IncidentDetail): HTMLElement {
    return h(
      'header',
      { class: 'detail-head' },
      h(
        'div',
        { class: 'detail-title' },
        h('h2', { id: 'detail-title' }, `${t('detail.title', { id: det.id })} · ${incidentTypeLabel(this.app.store.catalogue, det.type)}`),
        h(
          'div',
          { class: 'detail-badges' },
          h('span', { class: `badge lvl lvl-${det.level}`, id: 'detail-level' }, levelLabel(det.level)),
          h('span', { class: `badge st st-${det.status}`, id: 'detail-status', dataset: { status: det.status } }, incidentStatusLabel(det.status)),
          det.exercise ? h('span', { class: 'tag tag-exercise' }, t('queue.exercise')) : null,
          h('span', { class: 'detail-age' }, t('detail.age', { t: '' }), timerEl(det.reported_at, null, 'clock')),
        ),
      ),
      this.closeButton(),
    );
  }

  private facts(det: IncidentDetail): HTMLElement {
    const store = this.app.store;
    const jur = det.jurisdiction ? store.orgById.get(det.jurisdiction) : undefined;
    const grid = det.grid ? store.gridById.get(det.grid) : undefined;
    const c = det.casualties;
    const anyCasualty = c.injured + c.dead + c.trapped + c.missing > 0;
    const row = (label: string, value: Node | string | null) =>
      value === null || value === '' ? null : [h('dt', null, label), h('dd', null, value)];
    return h(
      'dl',
      { class: 'facts' },
      row(t('detail.reportedAt'), clockTime(det.reported_at)),
      row(
        t('detail.location'),
        h(
          'span',
          { id: 'detail-place' },
          // The address when it names a place; never an internal reference such as `script:12`.
          hasPlaceAddress(det.address) ? h('span', { class: 'address' }, det.address.trim()) : null,
          hasPlaceAddress(det.address) ? ' · ' : null,
          h('a', { href: '#', class: 'coords', onclick: (e: Event) => { e.preventDefault(); this.app.map?.flyTo(det.location.lat, det.location.lon); } }, `${det.location.lat.toFixed(5)}, ${det.location.lon.toFixed(5)}`),
        ),
      ),
      row(t('detail.jurisdiction'), jur ? loc(jur.name) : det.jurisdiction ?? '—'),
      row(t('detail.grid'), grid ? loc(grid.name) : det.grid ?? '—'),
      row(t('detail.source'), sourceLabel(det.source)),
      row(t('detail.reporter'), [det.reporter.name, det.reporter.phone].filter(Boolean).join(' · ')),
      anyCasualty ? row(t('detail.casualties'), t('detail.casualtiesText', { ...c })) : null,
      row(t('detail.description'), det.description),
      det.merged_into !== null
        ? row(t('incidentStatus.merged'), h('a', { href: '#', onclick: (e: Event) => { e.preventDefault(); this.app.selectIncident(det.merged_into); } }, t('detail.mergedInto', { id: det.merged_into })))
        : null,
      det.merged_from.length > 0 ? row(t('action.merge'), t('detail.mergedFrom', { ids: det.merged_from.map((i) => `#${i}`).join(', ') })) : null,
    );
  }

  private actions(det: IncidentDetail): HTMLElement | null {
    if (!isOpen(det.status)) return null;
    const app = this.app;
    const buttons: HTMLElement[] = [];
    const canDispatch = app.can('dispatch') && ['reported', 'verified', 'dispatched', 'on_scene'].includes(det.status);
    if (canDispatch) {
      const label = det.status === 'reported' && app.can('verify_incident') ? t('action.verifyAndDispatch') : t('action.dispatchRecommended');
      buttons.push(
        h('button', { class: 'btn primary', id: 'btn-dispatch-recommended', title: 'D', onclick: () => void app.dispatchRecommended(det.id) }, label, h('kbd', null, 'D')),
      );
    }
    for (const tr of incidentTransitions(det.status)) {
      if (!app.can(tr.action)) continue;
      const key =
        tr.to === 'verified' ? 'action.verify' : tr.to === 'on_scene' ? 'action.onScene' : tr.to === 'controlled' ? 'action.controlled' : tr.to === 'closed' ? 'action.close' : 'action.cancel';
      buttons.push(
        h('button', { class: `btn${tr.to === 'cancelled' ? ' danger-outline' : ''}`, id: `btn-status-${tr.to}`, onclick: () => void app.setIncidentStatus(det.id, tr.to) }, t(key)),
      );
    }
    if (app.can('change_incident_level')) {
      buttons.push(h('button', { class: 'btn', id: 'btn-level', onclick: () => app.changeLevel(det.id, det.level) }, t('action.level')));
    }
    if (app.can('merge_incidents') && canMergeFrom(det.status)) {
      buttons.push(h('button', { class: 'btn', id: 'btn-merge', onclick: () => app.merge(det.id) }, t('action.merge')));
    }
    if (buttons.length === 0) return null;
    return h('div', { class: 'actions', id: 'detail-actions' }, ...buttons);
  }

  private duplicates(det: IncidentDetail, dups: DuplicateCandidate[]): HTMLElement | null {
    if (!isOpen(det.status) || dups.length === 0) return null;
    const canMerge = this.app.can('merge_incidents') && canMergeFrom(det.status);
    return h(
      'div',
      { class: 'dup-warning', id: 'dup-after', role: 'alert' },
      h('strong', null, `⚠ ${t('dup.warning')}`),
      h('div', null, t('dup.after')),
      h(
        'ul',
        null,
        ...dups.map((c) =>
          h(
            'li',
            null,
            h('a', { href: '#', onclick: (e: Event) => { e.preventDefault(); this.app.selectIncident(c.id, { fly: true }); } }, t('dup.item', { id: c.id, type: incidentTypeLabel(this.app.store.catalogue, c.type), m: Math.round(c.distance_m), age: ago(Math.abs(c.age_s)) })),
            canMerge
              ? h('button', { class: 'btn small', id: `btn-merge-into-${c.id}`, onclick: () => this.app.merge(det.id, c.id) }, t('action.mergeInto', { id: c.id }))
              : null,
          ),
        ),
      ),
      canMerge ? null : h('div', { class: 'hint' }, t('dup.mergeHint')),
    );
  }

  private recommendation(det: IncidentDetail, d: Loaded): HTMLElement {
    const canDispatch = this.app.can('dispatch');
    const section = h('section', { class: 'rec', id: 'recommendation' }, h('h3', null, t('rec.title')));
    if (d.recError && !d.rec) {
      const err = d.recError;
      section.appendChild(problemBox(err));
      return section;
    }
    const rec = d.rec;
    if (!rec) {
      section.appendChild(h('div', { class: 'placeholder small loading' }, t('rec.loading')));
      return section;
    }
    const chosen = this.chosen.get(det.id) ?? new Set<string>();
    const toggle = (unit: string, on: boolean) => {
      const set = this.chosen.get(det.id) ?? new Set<string>();
      if (on) set.add(unit);
      else set.delete(unit);
      this.chosen.set(det.id, set);
      this.touched.add(det.id);
      const btn = this.el.querySelector<HTMLButtonElement>('#btn-dispatch-selected');
      if (btn) {
        btn.textContent = t('action.dispatchSelected', { n: set.size });
        btn.disabled = set.size === 0;
      }
    };
    const lines = rec.lines.map((line) => this.recLine(line, chosen, canDispatch, toggle));
    section.append(...lines);
    if (rec.advice !== 'none') {
      const orgs = rec.aid_from.map((o) => loc(this.app.store.orgById.get(o)?.name) || o).join('、');
      section.appendChild(
        h('div', { class: 'advice', role: 'note' }, rec.advice === 'mutual_aid' ? t('rec.adviceMutualAid', { orgs }) : t('rec.adviceRaise')),
      );
    }
    for (const u of rec.unplaced) section.appendChild(h('div', { class: 'hint' }, t('rec.unplaced', { unit: u.unit, reason: u.reason })));

    if (canDispatch) {
      const picked = new Set(rec.lines.flatMap((l) => l.picks.map((p) => p.unit)));
      const others = [...this.app.store.live.units.values()]
        .filter((u) => u.status === 'available' && !picked.has(u.id))
        .sort((a, b) => a.type.localeCompare(b.type) || a.id.localeCompare(b.id));
      const det2 = h(
        'details',
        { class: 'others', id: 'rec-others' },
        h('summary', null, t('rec.others'), ` (${others.length})`),
        others.length === 0
          ? h('div', { class: 'hint' }, t('rec.noOthers'))
          : h(
              'ul',
              { class: 'pick-list' },
              ...others.map((u) =>
                h(
                  'li',
                  { class: 'pick' },
                  h(
                    'label',
                    null,
                    h('input', { type: 'checkbox', dataset: { unit: u.id }, checked: chosen.has(u.id), onchange: (e: Event) => toggle(u.id, (e.target as HTMLInputElement).checked) }),
                    h('span', { class: 'pick-unit' }, u.id),
                    h('span', { class: 'pick-name' }, `${unitTypeLabel(u.type)} · ${loc(this.app.store.stationById.get(u.station)?.name) || u.station}`),
                  ),
                ),
              ),
            ),
      );
      if ([...chosen].some((id) => others.some((o) => o.id === id))) det2.setAttribute('open', '');
      section.appendChild(det2);
      section.appendChild(
        h(
          'div',
          { class: 'actions' },
          h(
            'button',
            {
              class: 'btn',
              id: 'btn-dispatch-selected',
              disabled: chosen.size === 0,
              onclick: async () => {
                const units = this.chosenUnits(det.id);
                if (units.length === 0) return;
                if (await this.app.dispatchUnits(det.id, units)) this.afterDispatch(det.id);
              },
            },
            t('action.dispatchSelected', { n: chosen.size }),
          ),
        ),
      );
    }
    return section;
  }

  private recLine(
    line: RecommendationLine,
    chosen: Set<string>,
    canDispatch: boolean,
    toggle: (unit: string, on: boolean) => void,
  ): HTMLElement {
    const what = line.unit_type ? unitTypeLabel(line.unit_type) : line.capability ? capabilityLabel(line.capability) : '—';
    return h(
      'div',
      { class: `rec-line${line.missing > 0 ? ' short' : ''}` },
      h(
        'div',
        { class: 'rec-line-head' },
        h('span', null, t('rec.line', { what, count: line.count, min: line.within_minutes })),
        h('span', { class: 'badge lvl-mini' }, levelShort(line.level)),
        line.missing > 0 ? h('span', { class: 'badge warn' }, t('rec.missing', { n: line.missing })) : null,
      ),
      h('ul', { class: 'pick-list' }, ...line.picks.map((p) => this.pickRow(p, chosen, canDispatch, toggle))),
    );
  }

  private pickRow(p: Pick, chosen: Set<string>, canDispatch: boolean, toggle: (unit: string, on: boolean) => void): HTMLElement {
    const unit = this.app.store.live.units.get(p.unit);
    const reasons = [
      p.affiliation === 'home' ? t('rec.home') : p.affiliation === 'mutual_aid' ? t('rec.mutualAid') : p.in_time ? t('rec.otherInTime') : t('rec.otherSooner'),
      p.origin === 'avl' ? t('rec.avl') : p.origin === 'avl_stale' ? t('rec.avlStale') : t('rec.station'),
    ];
    const box = canDispatch && !p.already_assigned
      ? h('input', { type: 'checkbox', dataset: { unit: p.unit }, checked: chosen.has(p.unit), disabled: p.eta_s === null, onchange: (e: Event) => toggle(p.unit, (e.target as HTMLInputElement).checked) })
      : null;
    return h(
      'li',
      { class: `pick${p.in_time ? '' : ' late'}${p.already_assigned ? ' assigned' : ''}`, dataset: { unit: p.unit } },
      h(
        'label',
        null,
        box,
        h('span', { class: 'pick-unit' }, p.unit),
        h('span', { class: 'pick-eta', dataset: { eta: p.eta_s ?? '' } }, p.eta_s === null ? t('rec.noEta') : t('rec.eta', { t: duration(p.eta_s) })),
        p.arrival_s !== null && !p.already_assigned
          ? h('span', { class: 'pick-arrival', dataset: { arrival: p.arrival_s }, title: t('rec.arrivalWhy', { turnout: duration(p.turnout_s ?? 0) }) }, t('rec.arrival', { t: duration(p.arrival_s) }))
          : null,
        h(
          'span',
          { class: 'pick-why' },
          p.already_assigned ? h('span', { class: 'chip ok' }, t('rec.assigned')) : null,
          h('span', { class: `chip ${p.in_time ? 'ok' : 'bad'}` }, p.in_time ? t('rec.inTime') : t('rec.late')),
          ...reasons.map((r) => h('span', { class: `chip${p.origin === 'avl_stale' && r === t('rec.avlStale') ? ' warn' : ''}` }, r)),
        ),
      ),
      unit ? h('div', { class: 'pick-name' }, loc(unit.name)) : null,
    );
  }

  private units(det: IncidentDetail): HTMLElement {
    const store = this.app.store;
    const now = Date.now();
    const rows = det.units.map((id) => {
      const u: Unit | undefined = store.live.units.get(id);
      const onThis = u && u.incident === det.id;
      const eta = this.app.map?.routeEta(id) ?? null;
      return h(
        'li',
        { class: `unit-row${onThis ? '' : ' released'}`, dataset: { unit: id } },
        h('span', { class: 'pick-unit' }, id),
        u ? h('span', { class: `badge ust ust-${u.status}` }, unitStatusLabel(u.status)) : null,
        u && onThis ? timerEl(u.status_since, UNIT_STATUS_LIMITS_S[u.status] ?? null) : null,
        eta !== null && u && onThis ? h('span', { class: 'pick-eta' }, t('rec.eta', { t: duration(eta) })) : null,
        u && avlState(u, now) === 'stale' ? h('span', { class: 'chip warn' }, t('rec.avlStale')) : null,
        h('button', { class: 'icon-btn', title: t('action.locate'), 'aria-label': t('action.locate'), onclick: () => this.app.focusUnit(id) }, '◎'),
      );
    });
    return h(
      'section',
      { class: 'units-on', id: 'detail-units' },
      h('h3', null, t('detail.units')),
      rows.length === 0 ? h('div', { class: 'hint' }, t('detail.noUnits')) : h('ul', null, ...rows),
    );
  }

  private plan(det: IncidentDetail): HTMLElement {
    const plan = det.plan ? this.app.store.planById.get(det.plan) : undefined;
    const section = h('section', { class: 'plan', id: 'detail-plan' }, h('h3', null, t('detail.plan')));
    if (!det.plan || !det.plan_level) {
      section.appendChild(h('div', { class: 'hint' }, t('detail.noPlan')));
      return section;
    }
    section.appendChild(h('div', { class: 'plan-name' }, t('detail.planLevel', { plan: plan ? loc(plan.name) : det.plan, level: levelLabel(det.plan_level) })));
    // The checklist of every level from IV down to the activated one (levels are additive).
    if (plan) {
      const upto = LEVELS.indexOf(det.plan_level);
      const items = plan.levels
        .filter((l) => LEVELS.indexOf(l.level) >= upto)
        .sort((a, b) => LEVELS.indexOf(b.level) - LEVELS.indexOf(a.level))
        .flatMap((l) => l.checklist.map((c, i) => ({ key: `${l.level}.${i}`, text: loc(c), level: l.level as Level })));
      if (items.length > 0) {
        const ticks = this.loadTicks(det.id);
        section.append(
          h('h4', null, t('detail.checklist')),
          h(
            'ul',
            { class: 'checklist' },
            ...items.map((it) =>
              h(
                'li',
                null,
                h(
                  'label',
                  null,
                  h('input', {
                    type: 'checkbox',
                    checked: ticks.has(it.key),
                    onchange: (e: Event) => this.saveTick(det.id, it.key, (e.target as HTMLInputElement).checked),
                  }),
                  h('span', { class: 'badge lvl-mini' }, levelShort(it.level)),
                  it.text,
                ),
              ),
            ),
          ),
        );
      }
    }
    section.append(
      h('h4', null, t('detail.tasks')),
      det.tasks.length === 0 ? h('div', { class: 'hint' }, t('detail.noTasks')) : h('ul', { class: 'tasks', id: 'detail-tasks' }, ...det.tasks.map((task) => this.taskRow(det, task))),
    );
    return section;
  }

  private taskRow(det: IncidentDetail, task: Task): HTMLElement {
    const org = this.app.store.orgById.get(task.org);
    const can = this.app.can('acknowledge_task') && isOpen(det.status);
    const overdue = task.status === 'pending' && (task.overdue || Date.parse(task.due) < Date.now());
    return h(
      'li',
      { class: `task ts-${task.status}${overdue ? ' overdue' : ''}`, dataset: { task: task.id } },
      h(
        'div',
        { class: 'task-head' },
        h('span', { class: 'task-dept' }, `${departmentLabel(task.department)} · ${org ? loc(org.name) : task.org}`),
        h('span', { class: `badge ts ts-${task.status}` }, overdue ? t('taskStatus.overdue') : t(`taskStatus.${task.status}`)),
        task.status === 'pending' ? countdownEl(task.due, false) : null,
        task.escalations > 0 ? h('span', { class: 'chip warn' }, t('detail.taskEscalated', { n: task.escalations })) : null,
      ),
      h('div', { class: 'task-text' }, loc(task.task)),
      task.note ? h('div', { class: 'hint' }, task.note) : null,
      can && task.status !== 'done'
        ? h(
            'div',
            { class: 'task-actions' },
            task.status === 'pending' ? h('button', { class: 'btn small', onclick: () => void this.app.updateTask(det.id, task.id, 'acknowledged') }, t('detail.taskAck')) : null,
            h('button', { class: 'btn small', onclick: () => void this.app.updateTask(det.id, task.id, 'done') }, t('detail.taskDone')),
          )
        : null,
    );
  }

  // A note for the record (补充记录): what a caller adds, what the field sees.
  private noteForm(det: IncidentDetail): HTMLElement | null {
    if (det.status === 'merged' || !this.app.can('create_incident')) return null;
    const text = this.noteText;
    if (this.noteFor !== det.id) {
      text.value = '';
      this.noteFor = det.id;
    }
    text.placeholder = t('detail.notePlaceholder');
    text.setAttribute('aria-label', t('detail.note'));
    const send = async (e: Event): Promise<void> => {
      e.preventDefault();
      const note = text.value.trim();
      if (note === '') return;
      if (await this.app.addNote(det.id, note)) text.value = '';
    };
    return h('form', { class: 'note-form', id: 'note-form', onsubmit: (e: Event) => void send(e) }, text, h('button', { class: 'btn small', type: 'submit', id: 'btn-add-note' }, t('detail.note')));
  }

  private chronology(det: IncidentDetail): HTMLElement {
    const entries = [...det.chronology].sort((a, b) => b.seq - a.seq);
    return h(
      'section',
      { class: 'chronology', id: 'detail-chronology' },
      h('h3', null, t('detail.chronology')),
      this.noteForm(det),
      h(
        'ol',
        null,
        ...entries.map((e) => {
          // The server's text starts with the time and the actor, which are shown in their own columns.
          const text = loc(e.text).replace(/^\S+\s{2}\S+\s{2}/, '');
          return h('li', { dataset: { seq: e.seq } }, h('time', { datetime: e.at }, clockTime(e.at)), h('span', { class: 'actor' }, e.actor), h('span', { class: 'what' }, text));
        }),
      ),
    );
  }

  private loadTicks(id: number): Set<string> {
    try {
      return new Set(JSON.parse(localStorage.getItem(CHECK_KEY + id) ?? '[]') as string[]);
    } catch {
      return new Set();
    }
  }

  private saveTick(id: number, key: string, on: boolean): void {
    const ticks = this.loadTicks(id);
    if (on) ticks.add(key);
    else ticks.delete(key);
    try {
      localStorage.setItem(CHECK_KEY + id, JSON.stringify([...ticks]));
    } catch {
      /* not kept */
    }
  }
}
