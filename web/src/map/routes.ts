// The routes of dispatched units on their way, from the server: a line per unit with its ETA
// counting down, re-fetched as units move and now and then.

import L from 'leaflet';

import { ApiError, type Api } from '../api/client';
import type { UnitRoute } from '../api/types';
import { duration, t } from '../i18n';
import type { Store } from '../state/store';
import { UNIT_STATUS_COLORS } from './icons';
import { cssVar, type MapBase } from './setup';

const ROUTE_STATUSES = new Set(['dispatched', 'acknowledged', 'en_route']);

/**
 * A route the server gave a line for (the only ones drawn, each with its ETA label). A unit it
 * found no route for has an `error` instead, and no line, ETA or distance.
 */
function drawable(r: UnitRoute): r is UnitRoute & { line: number[][] } {
  return Array.isArray(r.line) && r.line.length >= 2;
}

function etaText(unit: string, etaS: number | undefined, elapsedS: number): string {
  if (etaS === undefined) return `${unit} ${t('rec.noEta')}`;
  return t('map.eta', { unit, t: duration(Math.max(0, etaS - elapsedS)) });
}

export class RouteLines {
  /** False once the server turned out to have no routes endpoint; null until known. */
  supported: boolean | null = null;
  private lines = new Map<number, { fetchedAt: number; routes: UnitRoute[]; layers: L.Layer[] }>();
  private timer: ReturnType<typeof setTimeout> | null = null;
  private dirty = new Set<number>();

  constructor(
    private readonly base: MapBase,
    private readonly store: Store,
    private readonly api: Api,
    private readonly onUnsupported: () => void,
  ) {}

  /** Incidents with at least one unit on its way, whose routes the map shows. */
  private incidentsWithRoutes(): Set<number> {
    const ids = new Set<number>();
    for (const u of this.store.live.units.values()) {
      if (u.incident !== null && ROUTE_STATUSES.has(u.status)) ids.add(u.incident);
    }
    return ids;
  }

  /** Re-fetches soon the routes of the incidents with units on their way, and of those drawn. */
  schedule(): void {
    if (this.supported === false) return;
    for (const id of this.incidentsWithRoutes()) this.dirty.add(id);
    for (const id of this.lines.keys()) this.dirty.add(id);
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.refresh();
    }, 600);
  }

  private async refresh(): Promise<void> {
    const wanted = this.incidentsWithRoutes();
    const todo = [...this.dirty];
    this.dirty.clear();
    for (const id of todo) {
      if (!wanted.has(id)) {
        this.clear(id);
        continue;
      }
      try {
        const res = await this.api.routes(id);
        this.supported = true;
        this.draw(id, res.routes ?? []);
      } catch (e) {
        if (e instanceof ApiError && e.status === 404 && e.problem?.detail === 'no such route') {
          this.supported = false; // a server without the routes endpoint
          this.onUnsupported();
          return;
        }
        if (e instanceof ApiError && (e.status === 404 || e.status === 403)) this.clear(id);
        // anything else (503, network): keep what is drawn
      }
    }
  }

  private clear(id: number): void {
    const r = this.lines.get(id);
    if (!r) return;
    for (const l of r.layers) l.remove();
    this.lines.delete(id);
  }

  private draw(id: number, routes: UnitRoute[]): void {
    this.clear(id);
    const { routeRenderer, groups } = this.base;
    const layers: L.Layer[] = [];
    for (const r of routes) {
      if (!drawable(r)) continue;
      const color = UNIT_STATUS_COLORS[r.status] ?? '#f27a00';
      // [lat, lon] pairs (the schema says arrays of numbers, not pairs).
      const points = r.line.map((p) => L.latLng(p[0]!, p[1]!));
      const casing = L.polyline(points, {
        renderer: routeRenderer,
        pane: 'routes',
        color: cssVar('--route-casing', '#0b1118'),
        weight: 7,
        opacity: 0.8,
        interactive: false,
      });
      const line = L.polyline(points, {
        renderer: routeRenderer,
        pane: 'routes',
        color,
        weight: 4,
        opacity: 0.95,
        dashArray: r.status === 'en_route' ? undefined : '8 6',
        interactive: false,
      });
      const start = points[0]!;
      const label = L.tooltip({ permanent: true, direction: 'right', className: 'eta-tip', offset: [16, -14], opacity: 1 })
        .setLatLng(start)
        .setContent(etaText(r.unit, r.eta_s, 0));
      casing.addTo(groups.routes);
      line.addTo(groups.routes);
      label.addTo(groups.routes);
      layers.push(casing, line, label);
    }
    this.lines.set(id, { fetchedAt: Date.now(), routes, layers });
  }

  /** Counts the ETA labels down (called every second). */
  updateLabels(): void {
    const now = Date.now();
    for (const r of this.lines.values()) {
      const elapsed = (now - r.fetchedAt) / 1000;
      let i = 0;
      for (const l of r.layers) {
        if (l instanceof L.Tooltip) {
          const route = r.routes.filter(drawable)[i++];
          if (route) l.setContent(etaText(route.unit, route.eta_s, elapsed));
        }
      }
    }
  }

  /** ETA of a unit on a drawn route, if any (for the detail panel). */
  eta(unit: string): number | null {
    for (const r of this.lines.values()) {
      const route = r.routes.find((x) => x.unit === unit);
      if (route && route.eta_s !== undefined) return Math.max(0, route.eta_s - (Date.now() - r.fetchedAt) / 1000);
    }
    return null;
  }
}
