// The new-incident form. The location comes from a click on the map, a street or corner search
// (GET /places) or typed coordinates; the type, level and the caller's details follow. Before
// saving, open incidents nearby of a related type are shown as probable duplicates (the server's
// rule, on the incidents the dashboard holds), with a link to each; after saving, the server's own
// duplicate list is shown on the new incident with a one-click merge.

import { ApiError } from '../api/client';
import type { Place } from '../api/types';
import { CATEGORIES, LEVELS, SOURCES } from '../api/types';
import {
  emptyForm,
  formatCoordinates,
  nearbyDuplicates,
  parseCoordinates,
  validateIncidentForm,
  type FieldError,
  type FormField,
  type IncidentFormInput,
} from '../forms/validation';
import { ago, loc, onLangChange, t } from '../i18n';
import { debounce, h, replaceChildren } from '../ui/dom';
import { problemBox, toast } from '../ui/feedback';
import { categoryLabel, incidentTypeLabel, levelLabel, sourceLabel } from '../ui/labels';
import type { AppContext } from './context';

/** Which form field a server problem's `field` path belongs to. */
export function formFieldOf(path: string | undefined): FormField | null {
  if (!path) return null;
  if (path.startsWith('location')) return 'coords';
  const map: Record<string, FormField> = {
    type: 'type',
    level: 'level',
    source: 'source',
    address: 'address',
    description: 'description',
    reporter_name: 'reporterName',
    reporter_phone: 'reporterPhone',
    'casualties.injured': 'injured',
    'casualties.dead': 'dead',
    'casualties.trapped': 'trapped',
    'casualties.missing': 'missing',
    exercise: 'exercise',
  };
  return map[path] ?? null;
}

export class NewIncidentView {
  readonly el: HTMLElement;
  private form: IncidentFormInput = emptyForm();
  private errors: Partial<Record<FormField, FieldError>> = {};
  private serverProblem: unknown = null;
  private saving = false;
  private places: Place[] | null = null;
  private placesError: unknown = null;
  private searching = false;
  private searchText = '';
  private readonly searchSoon: () => void;
  isOpen = false;

  constructor(private readonly app: AppContext) {
    this.el = h('section', { class: 'panel new-incident', id: 'new-incident', hidden: true, 'aria-label': t('new.title') });
    this.searchSoon = debounce(() => void this.search(), 300);
    onLangChange(() => {
      if (this.isOpen) this.render();
    });
    app.store.on('incidents', () => {
      if (this.isOpen) this.renderDuplicates();
    });
    // The types (and the duplicate rule) arrive with the reference data after sign-in.
    app.store.on('reference', () => {
      if (this.isOpen) this.render();
    });
  }

  open(at?: { lat: number; lon: number }): void {
    if (!this.isOpen) {
      this.form = emptyForm();
      this.errors = {};
      this.serverProblem = null;
      this.places = null;
      this.searchText = '';
    }
    this.isOpen = true;
    this.el.hidden = false;
    this.app.store.picking = true;
    if (at) this.setLocation(at, false);
    else this.app.store.emit('pick');
    this.render();
    this.el.querySelector<HTMLElement>(at ? '#ni-type' : '#ni-search')?.focus();
  }

  close(): void {
    if (!this.isOpen) return;
    this.isOpen = false;
    this.el.hidden = true;
    this.app.store.picking = false;
    this.app.store.pickPoint = null;
    this.app.store.emit('pick');
  }

  /** A point from the map (click) or a place search. */
  setLocation(p: { lat: number; lon: number }, rerender = true): void {
    this.form.coords = formatCoordinates(p);
    delete this.errors.coords;
    this.app.store.pickPoint = p;
    this.app.store.emit('pick');
    if (rerender) {
      const input = this.el.querySelector<HTMLInputElement>('#ni-coords');
      if (input) input.value = this.form.coords;
      this.renderFieldError('coords');
      this.renderWhere();
      this.renderDuplicates();
    }
  }

  private async search(): Promise<void> {
    const q = this.searchText.trim();
    if (q.length < 2) {
      this.places = null;
      this.renderPlaces();
      return;
    }
    this.searching = true;
    this.renderPlaces();
    try {
      const found = await this.app.api.places(q);
      if (q !== this.searchText.trim()) return;
      this.places = found;
      this.placesError = null;
    } catch (e) {
      this.places = [];
      this.placesError = e;
    } finally {
      this.searching = false;
    }
    this.renderPlaces();
  }

  private choosePlace(p: Place): void {
    if (!this.form.address.trim()) {
      this.form.address = p.name;
      const addr = this.el.querySelector<HTMLInputElement>('#ni-address');
      if (addr) addr.value = p.name;
    }
    this.places = null;
    this.renderPlaces();
    this.setLocation(p.location);
    this.app.map?.flyTo(p.location.lat, p.location.lon, 16);
  }

  private async save(): Promise<void> {
    if (this.saving) return;
    const result = validateIncidentForm(this.form, this.app.store.catalogue);
    this.serverProblem = null;
    if (!result.ok) {
      this.errors = result.errors;
      this.render();
      const first = this.el.querySelector<HTMLElement>('.field.has-error input, .field.has-error select, .field.has-error textarea');
      first?.focus();
      return;
    }
    this.errors = {};
    this.saving = true;
    this.render();
    try {
      const res = await this.app.api.createIncident(result.body);
      toast('ok', t('new.saved', { id: res.id }));
      this.saving = false;
      this.close();
      this.app.selectIncident(res.id, { fly: true });
    } catch (e) {
      this.saving = false;
      this.serverProblem = e;
      if (e instanceof ApiError && e.status === 400) {
        const f = formFieldOf(e.problem?.field);
        if (f) this.errors[f] = { key: 'err.required' };
      }
      this.render();
    }
  }

  // ---- rendering ----

  private fieldErrorText(f: FormField): string {
    const e = this.errors[f];
    if (!e) return '';
    if (this.serverProblem instanceof ApiError && this.serverProblem.status === 400 && formFieldOf(this.serverProblem.problem?.field) === f) {
      return this.serverProblem.problem?.detail ?? t(e.key, e.params);
    }
    return t(e.key, e.params);
  }

  private renderFieldError(f: FormField): void {
    const wrap = this.el.querySelector<HTMLElement>(`[data-field="${f}"]`);
    if (!wrap) return;
    wrap.classList.toggle('has-error', Boolean(this.errors[f]));
    const msg = wrap.querySelector<HTMLElement>('.field-error');
    if (msg) msg.textContent = this.fieldErrorText(f);
  }

  private field(f: FormField, label: string, control: HTMLElement, extra?: HTMLElement | null): HTMLElement {
    return h(
      'div',
      { class: `field${this.errors[f] ? ' has-error' : ''}`, dataset: { field: f } },
      h('label', { for: control.id }, label),
      control,
      extra ?? null,
      h('div', { class: 'field-error', id: `${control.id}-error`, role: 'alert' }, this.fieldErrorText(f)),
    );
  }

  private input(f: Exclude<FormField, 'exercise'>, id: string, attrs: Record<string, unknown> = {}): HTMLInputElement {
    return h('input', {
      class: 'input',
      id,
      value: this.form[f],
      'aria-invalid': this.errors[f] ? 'true' : undefined,
      oninput: (e: Event) => {
        this.form[f] = (e.target as HTMLInputElement).value;
        if (this.errors[f]) {
          delete this.errors[f];
          this.renderFieldError(f);
        }
        if (f === 'coords') this.onCoordsTyped();
      },
      ...attrs,
    });
  }

  private onCoordsTyped(): void {
    const r = parseCoordinates(this.form.coords);
    this.app.store.pickPoint = r.ok ? r.value : null;
    this.app.store.emit('pick');
    this.renderWhere();
    this.renderDuplicates();
  }

  render(): void {
    const f = this.form;
    const typeSelect = h(
      'select',
      {
        class: 'input',
        id: 'ni-type',
        onchange: (e: Event) => {
          f.type = (e.target as HTMLSelectElement).value;
          delete this.errors.type;
          this.renderFieldError('type');
          this.renderDuplicates();
        },
      },
      h('option', { value: '' }, t('new.typePlaceholder')),
      ...CATEGORIES.map((c) =>
        h(
          'optgroup',
          { label: categoryLabel(c) },
          ...this.app.store.catalogue.types.filter((x) => x.category === c).map((x) => h('option', { value: x.code, selected: f.type === x.code }, loc(x.name))),
        ),
      ),
    );
    (typeSelect as HTMLSelectElement).value = f.type;
    const levelSeg = h(
      'div',
      { class: 'seg', id: 'ni-level', role: 'radiogroup', 'aria-label': t('new.level') },
      ...LEVELS.map((l) =>
        h(
          'button',
          {
            type: 'button',
            class: `seg-btn lvl-btn lvl-${l}${f.level === l ? ' active' : ''}`,
            role: 'radio',
            'aria-checked': String(f.level === l),
            title: levelLabel(l),
            dataset: { level: l },
            onclick: () => {
              f.level = l;
              this.el.querySelectorAll<HTMLElement>('#ni-level .seg-btn').forEach((b) => {
                const on = b.dataset.level === l;
                b.classList.toggle('active', on);
                b.setAttribute('aria-checked', String(on));
              });
            },
          },
          l,
        ),
      ),
    );
    const source = h(
      'select',
      { class: 'input', id: 'ni-source', onchange: (e: Event) => (f.source = (e.target as HTMLSelectElement).value) },
      ...SOURCES.map((s) => h('option', { value: s, selected: f.source === s }, sourceLabel(s))),
    );
    (source as HTMLSelectElement).value = f.source;

    const search = h('input', {
      class: 'input',
      id: 'ni-search',
      type: 'search',
      autocomplete: 'off',
      placeholder: t('new.searchPlaceholder'),
      value: this.searchText,
      oninput: (e: Event) => {
        this.searchText = (e.target as HTMLInputElement).value;
        this.searchSoon();
      },
      onkeydown: (e: KeyboardEvent) => {
        if (e.key === 'Enter') {
          e.preventDefault();
          const first = this.places?.[0];
          if (first) this.choosePlace(first);
          else void this.search();
        }
      },
    });
    const desc = h('textarea', {
      class: 'input',
      id: 'ni-description',
      rows: 3,
      oninput: (e: Event) => {
        f.description = (e.target as HTMLTextAreaElement).value;
        if (this.errors.description) {
          delete this.errors.description;
          this.renderFieldError('description');
        }
      },
    });
    desc.value = f.description;
    const exercise = h('input', { type: 'checkbox', id: 'ni-exercise', checked: f.exercise, onchange: (e: Event) => (f.exercise = (e.target as HTMLInputElement).checked) });

    const body = h(
      'form',
      {
        class: 'ni-form',
        id: 'ni-form',
        novalidate: true,
        onsubmit: (e: Event) => {
          e.preventDefault();
          void this.save();
        },
      },
      h('div', { class: 'pick-hint', id: 'ni-pick-hint' }, '◎ ', t('new.pickHint')),
      h('div', { class: 'field' }, h('label', { for: 'ni-search' }, t('new.search')), search, h('ul', { class: 'places', id: 'ni-places' })),
      this.field('coords', t('new.coords'), this.input('coords', 'ni-coords', { placeholder: t('new.coordsPlaceholder'), inputmode: 'decimal', autocomplete: 'off' }), h('div', { class: 'hint', id: 'ni-where' })),
      this.field('type', t('new.type'), typeSelect),
      h('div', { class: 'row2' }, this.field('level', t('new.level'), levelSeg), this.field('source', t('new.source'), source)),
      this.field('address', t('new.address'), this.input('address', 'ni-address', { autocomplete: 'off' })),
      this.field('description', t('new.description'), desc),
      h(
        'div',
        { class: 'row2' },
        this.field('reporterName', t('new.reporterName'), this.input('reporterName', 'ni-reporter-name', { autocomplete: 'off' })),
        this.field('reporterPhone', t('new.reporterPhone'), this.input('reporterPhone', 'ni-reporter-phone', { autocomplete: 'off', inputmode: 'tel' })),
      ),
      h(
        'fieldset',
        { class: 'casualties' },
        h('legend', null, t('new.casualties')),
        h(
          'div',
          { class: 'row4' },
          this.field('injured', t('new.injured'), this.input('injured', 'ni-injured', { inputmode: 'numeric' })),
          this.field('dead', t('new.dead'), this.input('dead', 'ni-dead', { inputmode: 'numeric' })),
          this.field('trapped', t('new.trapped'), this.input('trapped', 'ni-trapped', { inputmode: 'numeric' })),
          this.field('missing', t('new.missing'), this.input('missing', 'ni-missing', { inputmode: 'numeric' })),
        ),
      ),
      h('label', { class: 'check' }, exercise, t('new.exercise')),
      h('div', { id: 'ni-dups' }),
      h('div', { id: 'ni-problem' }, Object.keys(this.errors).length > 0 ? h('div', { class: 'problem', role: 'alert', id: 'ni-fix' }, t('new.fixErrors')) : null, this.serverProblem ? problemBox(this.serverProblem) : null),
      h(
        'div',
        { class: 'dialog-actions' },
        h('button', { type: 'button', class: 'btn', id: 'ni-cancel', onclick: () => this.app.closeNewIncident() }, t('action.cancelDialog')),
        h('button', { type: 'submit', class: 'btn primary', id: 'ni-save', disabled: this.saving }, t('action.save')),
      ),
    );
    replaceChildren(
      this.el,
      h('div', { class: 'panel-head' }, h('h2', null, t('new.title')), h('button', { class: 'icon-btn', 'aria-label': t('action.cancelDialog'), onclick: () => this.app.closeNewIncident() }, '×')),
      body,
    );
    this.renderPlaces();
    this.renderWhere();
    this.renderDuplicates();
  }

  private renderPlaces(): void {
    const ul = this.el.querySelector<HTMLElement>('#ni-places');
    if (!ul) return;
    if (this.searching) {
      replaceChildren(ul, h('li', { class: 'hint' }, t('new.searching')));
      return;
    }
    if (this.places === null) {
      replaceChildren(ul);
      return;
    }
    if (this.placesError) {
      const unavailable = this.placesError instanceof ApiError && this.placesError.status === 503;
      replaceChildren(ul, h('li', { class: 'hint' }, unavailable ? t('new.noGraph') : problemBox(this.placesError)));
      return;
    }
    if (this.places.length === 0) {
      replaceChildren(ul, h('li', { class: 'hint' }, t('new.noPlaces')));
      return;
    }
    replaceChildren(
      ul,
      ...this.places.map((p) =>
        h('li', null, h('button', { type: 'button', class: 'place', onclick: () => this.choosePlace(p) }, h('span', null, p.name), h('small', null, `${p.location.lat.toFixed(5)}, ${p.location.lon.toFixed(5)}`))),
      ),
    );
  }

  /** The jurisdiction the point falls in, from the grids, before saving. */
  private renderWhere(): void {
    const el = this.el.querySelector<HTMLElement>('#ni-where');
    if (!el) return;
    const r = parseCoordinates(this.form.coords);
    if (!r.ok) {
      el.textContent = '';
      return;
    }
    const grid = this.app.store.gridAt(r.value);
    if (!grid) {
      el.textContent = t('new.outsideGrids');
      return;
    }
    const community = this.app.store.orgById.get(grid.community);
    const district = this.app.store.districtOfCommunity(grid.community);
    const dOrg = district ? this.app.store.orgById.get(district) : undefined;
    el.textContent = t('new.inJurisdiction', { org: [dOrg ? loc(dOrg.name) : '', community ? loc(community.name) : grid.community, loc(grid.name)].filter(Boolean).join(' · ') });
  }

  private renderDuplicates(): void {
    const el = this.el.querySelector<HTMLElement>('#ni-dups');
    if (!el) return;
    const r = parseCoordinates(this.form.coords);
    const save = this.el.querySelector<HTMLButtonElement>('#ni-save');
    if (!r.ok || !this.form.type) {
      replaceChildren(el);
      if (save) save.textContent = t('action.save');
      return;
    }
    const found = nearbyDuplicates(this.app.store.catalogue, this.form.type, r.value, Date.now(), this.app.store.live.incidents.values());
    if (save) save.textContent = found.length > 0 ? t('action.saveAnyway') : t('action.save');
    if (found.length === 0) {
      replaceChildren(el);
      return;
    }
    replaceChildren(
      el,
      h(
        'div',
        { class: 'dup-warning', id: 'dup-before', role: 'alert' },
        h('strong', null, `⚠ ${t('dup.warning')}`),
        h('div', null, t('dup.before')),
        h(
          'ul',
          null,
          ...found.map((c) =>
            h(
              'li',
              null,
              h(
                'a',
                {
                  href: '#',
                  onclick: (e: Event) => {
                    e.preventDefault();
                    this.app.closeNewIncident();
                    this.app.selectIncident(c.id, { fly: true });
                  },
                },
                t('dup.item', { id: c.id, type: incidentTypeLabel(this.app.store.catalogue, c.type), m: Math.round(c.distanceM), age: ago(Math.abs(c.ageS)) }),
              ),
            ),
          ),
        ),
      ),
    );
  }
}
