// Live coverage (实时覆盖) on the map: each grid tinted by whether a free unit of the chosen type
// reaches it within the standard, from GET /api/v1/coverage, and a panel with the covered share
// and the move-up advice (补位建议). Fetched only while the layer is on, again as units change.

import L from 'leaflet';

import { ApiError, type Api } from '../api/client';
import { UNIT_TYPES, type Coverage, type UnitType } from '../api/types';
import { duration, loc, onLangChange, t } from '../i18n';
import type { Store } from '../state/store';
import { escapeHtml, h } from '../ui/dom';
import { unitTypeLabel } from '../ui/labels';
import { gridPolygons } from './geo';
import { cssVar, type MapBase } from './setup';

const STANDARD_MIN = 8;

function percent(share: number): string {
  return `${(share * 100).toFixed(0)}%`;
}

export class CoverageLayer {
  /** False once the server said it cannot (no road network); null until known. */
  supported: boolean | null = null;
  private type: UnitType = 'engine';
  private last: Coverage | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private readonly panel = h('div', { class: 'coverage-panel', id: 'coverage-panel', hidden: true });

  constructor(
    private readonly base: MapBase,
    private readonly store: Store,
    private readonly api: Api,
    private readonly visible: () => boolean,
    private readonly onUnsupported: () => void,
  ) {
    base.el.appendChild(this.panel);
    L.DomEvent.disableClickPropagation(this.panel);
    L.DomEvent.disableScrollPropagation(this.panel);
    onLangChange(() => this.draw());
  }

  /** Fetches again soon when the layer is on (units moved, came free or were sent). */
  schedule(delayMs = 800): void {
    if (this.supported === false) return;
    if (!this.visible()) {
      this.panel.hidden = true;
      return;
    }
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.refresh();
    }, delayMs);
  }

  private async refresh(): Promise<void> {
    if (!this.visible()) return;
    try {
      this.last = await this.api.coverage(this.type, STANDARD_MIN);
      this.supported = true;
    } catch (e) {
      if (e instanceof ApiError && e.status === 503) {
        this.supported = false;
        this.last = null;
        this.onUnsupported();
      }
      // anything else (network): keep what is drawn
    }
    this.draw();
  }

  private draw(): void {
    const group = this.base.groups.coverage;
    group.clearLayers();
    const cov = this.last;
    this.panel.hidden = !this.visible();
    if (!cov) {
      this.panel.replaceChildren(h('div', { class: 'muted' }, this.supported === false ? t('cov.unavailable') : '…'));
      this.base.el.dataset.coverage = '0';
      return;
    }
    const gridById = new Map(this.store.grids.map((g) => [g.id, g]));
    const good = cssVar('--cov-good', '#2e9d5b');
    const bad = cssVar('--cov-bad', '#d9463b');
    let drawn = 0;
    for (const g of cov.grids) {
      const grid = gridById.get(g.grid);
      if (!grid || !g.placed) continue;
      const color = g.covered ? good : bad;
      const poly = L.polygon(gridPolygons(grid), {
        renderer: this.base.coverageRenderer,
        pane: 'coverage',
        color,
        weight: 0.6,
        opacity: 0.6,
        fillColor: color,
        fillOpacity: g.covered ? 0.12 : 0.3,
        interactive: true,
      });
      const state = g.covered
        ? t('cov.covered', { n: g.units_within, t: duration(g.soonest_s ?? 0) })
        : g.soonest_s === null
          ? t('cov.none')
          : t('cov.uncovered', { t: duration(g.soonest_s) });
      poly.bindTooltip(escapeHtml(t('cov.grid', { grid: loc(grid.name), state })), { sticky: true, className: 'map-tip', opacity: 1 });
      poly.addTo(group);
      ++drawn;
    }
    this.base.el.dataset.coverage = String(drawn);
    this.base.el.dataset.coverageShare = cov.share.toFixed(4);

    const station = (id: string | null) => (id === null ? t('cov.onRoad') : loc(this.store.stationById.get(id)?.name) || id);
    const select = h(
      'select',
      {
        id: 'coverage-type',
        'aria-label': t('cov.type'),
        onchange: (e: Event) => {
          this.type = (e.target as HTMLSelectElement).value as UnitType;
          this.last = null;
          this.schedule(0);
        },
      },
      ...UNIT_TYPES.map((ty) => h('option', { value: ty, selected: ty === this.type }, unitTypeLabel(ty))),
    );
    this.panel.replaceChildren(
      h('div', { class: 'coverage-title' }, t('cov.title', { min: cov.standard_s / 60 })),
      select,
      h('div', { class: 'coverage-share', id: 'coverage-share', 'data-share': cov.share.toFixed(4) },
        t('cov.share', { share: percent(cov.share), n: cov.free_units })),
      h('div', { class: 'coverage-moves-title' }, t('cov.moves')),
      cov.moves.length === 0
        ? h('div', { class: 'muted', id: 'coverage-no-moves' }, t('cov.noMoves'))
        : h(
            'ol',
            { class: 'coverage-moves', id: 'coverage-moves' },
            ...cov.moves.map((m) =>
              h('li', { 'data-unit': m.unit, 'data-to': m.to },
                t('cov.move', { unit: m.unit, from: station(m.from), to: station(m.to), before: percent(m.share_before), after: percent(m.share_after) })),
            ),
          ),
    );
  }
}
