// The situation map, without tiles: the region's roads from the server (drawn on one canvas),
// grids and jurisdiction borders, public warning areas, stations, units, incidents and the routes of
// dispatched units.

import L from 'leaflet';

import type { Api } from '../api/client';
import { ApiError } from '../api/client';
import type { IncidentSummary, RoadCollection, Unit, UnitRoute, Warning } from '../api/types';
import { duration, loc, onLangChange, t, type MessageKey } from '../i18n';
import type { Store } from '../state/store';
import { avlState, isOpen, isUnitOverdue } from '../state/timers';
import { escapeHtml, h } from '../ui/dom';
import {
  alertLevelLabel,
  incidentStatusLabel,
  incidentTypeLabel,
  levelLabel,
  placeText,
  unitStatusLabel,
  unitTypeLabel,
  warningAreaText,
  warningExpiryText,
} from '../ui/labels';
import {
  dissolveBorders,
  gridPolygons,
  gridsBounds,
  roadLayers,
  roadsBounds,
  type Bounds,
  type RoadLayer,
} from './geo';
import { ALERT_LEVEL_COLORS, incidentMarkerHtml, stationMarkerHtml, UNIT_STATUS_COLORS, unitMarkerHtml } from './icons';

export type LayerId = 'roads' | 'grids' | 'borders' | 'warnings' | 'stations' | 'units' | 'incidents' | 'routes';
const LAYER_IDS: LayerId[] = ['roads', 'grids', 'borders', 'warnings', 'stations', 'units', 'incidents', 'routes'];
const LAYERS_KEY = 'elink.layers';

interface RoadStyle {
  weight: number;
  major: boolean;
}
const ROAD_STYLE: Record<string, RoadStyle> = {
  motorway: { weight: 4, major: true },
  trunk: { weight: 3.5, major: true },
  primary: { weight: 3, major: true },
  secondary: { weight: 2.4, major: true },
  tertiary: { weight: 1.9, major: false },
  unclassified: { weight: 1.4, major: false },
  residential: { weight: 1.3, major: false },
  living_street: { weight: 1.1, major: false },
  service: { weight: 0.8, major: false },
  track: { weight: 0.7, major: false },
};

const ROUTE_STATUSES = new Set(['dispatched', 'acknowledged', 'en_route']);

/** Warning areas: a thin outline in the level's colour and a light fill. */
const WARNING_STYLE = { weight: 1.5, weightHc: 2.5, fillOpacity: 0.06, fillOpacityHc: 0.08 } as const;

function cssVar(name: string, fallback: string): string {
  const v = getComputedStyle(document.documentElement).getPropertyValue(name).trim();
  return v || fallback;
}

/** What `window.elink` offers automation and the console. */
interface DebugHandle {
  map: L.Map;
  /** The warning circles drawn (whether or not their layer is switched on). */
  warningAreas: () => { id: number; level: string; lat: number; lon: number; radiusM: number; color: string }[];
}

function boundsToLeaflet(b: Bounds): L.LatLngBounds {
  return L.latLngBounds([b.south, b.west], [b.north, b.east]);
}

export interface MapCallbacks {
  onSelectIncident: (id: number) => void;
  onPick: (p: { lat: number; lon: number }) => void;
  onNewIncidentAt: (p: { lat: number; lon: number }) => void;
  onSelectUnit: (id: string) => void;
}

export class SituationMap {
  readonly map: L.Map;
  /** One canvas per kind of drawing, stacked by pane: roads, then areas (grids, borders), then routes. */
  private readonly roadRenderer: L.Canvas;
  private readonly renderer: L.Canvas;
  private readonly routeRenderer: L.Canvas;
  /** Warning circles in SVG: few, and each one an element (class warning-area) to find. */
  private readonly warningRenderer: L.SVG;
  private readonly groups: Record<LayerId, L.LayerGroup>;
  private readonly pickGroup = L.layerGroup();
  private visible: Record<LayerId, boolean>;
  private roadPolylines: { layer: RoadLayer; line: L.Polyline }[] = [];
  private roadBounds: Bounds | null = null;
  private unitMarkers = new Map<string, { marker: L.Marker; key: string }>();
  private incidentMarkers = new Map<number, { marker: L.Marker; key: string }>();
  private warningCircles = new Map<number, { circle: L.Circle; key: string }>();
  private routeLines = new Map<number, { fetchedAt: number; routes: UnitRoute[]; layers: L.Layer[] }>();
  private routesSupported: boolean | null = null;
  private routeTimer: ReturnType<typeof setTimeout> | null = null;
  private routesDirty = new Set<number>();
  private control: HTMLElement;
  private notice: HTMLElement;

  constructor(
    private readonly el: HTMLElement,
    private readonly store: Store,
    private readonly api: Api,
    private readonly cb: MapCallbacks,
  ) {
    this.map = L.map(el, {
      preferCanvas: true,
      zoomControl: true,
      attributionControl: true,
      minZoom: 3,
      maxZoom: 20,
      zoomSnap: 0.25,
      wheelPxPerZoomLevel: 90,
      keyboard: false,
    });
    this.map.attributionControl.setPrefix(false);
    this.map.attributionControl.addAttribution('© OpenStreetMap contributors');
    this.map.setView([37.79, -122.43], 13);
    // For automation and debugging from the console: the Leaflet map (e.g. latLngToContainerPoint).
    const debug: DebugHandle = {
      map: this.map,
      warningAreas: () =>
        [...this.warningCircles.entries()].map(([id, { circle }]) => ({
          id,
          level: this.store.live.warnings.get(id)?.level ?? '',
          lat: circle.getLatLng().lat,
          lon: circle.getLatLng().lng,
          radiusM: circle.getRadius(),
          color: String(circle.options.color),
        })),
    };
    (window as unknown as { elink?: DebugHandle }).elink = debug;
    for (const name of ['roads', 'grids', 'borders', 'warnings', 'routes', 'stations', 'incidents', 'units']) {
      const pane = this.map.createPane(name);
      pane.classList.add(`pane-${name}`);
    }
    this.map.getPane('roads')!.style.zIndex = '250';
    this.map.getPane('grids')!.style.zIndex = '300';
    this.map.getPane('borders')!.style.zIndex = '320';
    this.map.getPane('warnings')!.style.zIndex = '350';
    this.map.getPane('routes')!.style.zIndex = '400';
    this.map.getPane('stations')!.style.zIndex = '600';
    this.map.getPane('incidents')!.style.zIndex = '640';
    this.map.getPane('units')!.style.zIndex = '660';
    this.roadRenderer = L.canvas({ pane: 'roads', padding: 0.5 });
    this.renderer = L.canvas({ pane: 'grids', padding: 0.5, tolerance: 3 });
    this.routeRenderer = L.canvas({ pane: 'routes', padding: 0.5 });
    this.warningRenderer = L.svg({ pane: 'warnings', padding: 0.5 });

    this.groups = {
      roads: L.layerGroup(),
      grids: L.layerGroup(),
      borders: L.layerGroup(),
      warnings: L.layerGroup(),
      stations: L.layerGroup(),
      units: L.layerGroup(),
      incidents: L.layerGroup(),
      routes: L.layerGroup(),
    };
    this.visible = this.loadVisibility();
    for (const id of LAYER_IDS) if (this.visible[id]) this.groups[id].addTo(this.map);
    this.pickGroup.addTo(this.map);

    this.control = h('div', { class: 'map-layers', id: 'map-layers' });
    this.notice = h('div', { class: 'map-notice', hidden: true });
    el.appendChild(this.control);
    el.appendChild(this.notice);
    L.DomEvent.disableClickPropagation(this.control);
    L.DomEvent.disableScrollPropagation(this.control);
    this.renderControl();

    this.map.on('click', (e: L.LeafletMouseEvent) => {
      if (this.store.picking) this.cb.onPick({ lat: e.latlng.lat, lon: e.latlng.lng });
    });
    this.map.on('contextmenu', (e: L.LeafletMouseEvent) => {
      this.cb.onNewIncidentAt({ lat: e.latlng.lat, lon: e.latlng.lng });
    });

    store.on('reference', () => this.drawReference());
    store.on('units', () => this.drawUnits());
    store.on('incidents', () => {
      this.drawIncidents();
      this.scheduleRoutes();
    });
    store.on('selection', () => {
      this.drawIncidents();
      const sel = store.selectedId !== null ? store.live.incidents.get(store.selectedId) : undefined;
      if (sel) this.focusOn(sel.location.lat, sel.location.lon);
    });
    store.on('warnings', () => this.drawWarnings());
    store.on('pick', () => this.drawPick());
    store.on('prefs', () => this.restyle());
    onLangChange(() => {
      this.renderControl();
      this.drawStations();
    });
  }

  // ---- layer switching ----

  private loadVisibility(): Record<LayerId, boolean> {
    const v = Object.fromEntries(LAYER_IDS.map((id) => [id, true])) as Record<LayerId, boolean>;
    try {
      const saved = JSON.parse(localStorage.getItem(LAYERS_KEY) ?? '{}') as Record<string, unknown>;
      for (const id of LAYER_IDS) if (typeof saved[id] === 'boolean') v[id] = saved[id] as boolean;
    } catch {
      /* defaults */
    }
    return v;
  }

  setLayerVisible(id: LayerId, on: boolean): void {
    this.visible[id] = on;
    if (on) this.groups[id].addTo(this.map);
    else this.groups[id].remove();
    try {
      localStorage.setItem(LAYERS_KEY, JSON.stringify(this.visible));
    } catch {
      /* not kept */
    }
  }

  private renderControl(): void {
    this.control.replaceChildren(
      h('div', { class: 'map-layers-title' }, t('map.layers')),
      ...LAYER_IDS.map((id) => {
        const disabled =
          (id === 'roads' && this.roadPolylines.length === 0 && this.roadBounds === null && this.roadsMissing) ||
          (id === 'routes' && this.routesSupported === false);
        const input = h('input', {
          type: 'checkbox',
          id: `layer-${id}`,
          checked: this.visible[id],
          disabled,
          onchange: (e: Event) => this.setLayerVisible(id, (e.target as HTMLInputElement).checked),
        });
        return h('label', { class: `layer-row${disabled ? ' disabled' : ''}`, for: `layer-${id}` }, input, t(`map.layer.${id}` as MessageKey));
      }),
      h('button', { class: 'btn small', id: 'map-fit', onclick: () => this.fitRegion() }, t('map.fit')),
    );
  }

  // ---- roads ----

  private roadsMissing = false;

  async loadRoads(): Promise<void> {
    let fc: RoadCollection;
    try {
      fc = await this.api.roads();
    } catch (e) {
      this.roadsMissing = true;
      this.renderControl();
      if (!(e instanceof ApiError && e.status === 401)) this.showNotice(t('problem.roadsMissing'));
      return;
    }
    const layers = roadLayers(fc);
    this.roadBounds = roadsBounds(fc, layers);
    this.groups.roads.clearLayers();
    this.roadPolylines = [];
    for (const layer of layers) {
      const line = L.polyline(layer.lines, {
        renderer: this.roadRenderer,
        pane: 'roads',
        interactive: false,
        smoothFactor: 1.2,
        ...this.roadStyle(layer.cls),
      });
      line.addTo(this.groups.roads);
      this.roadPolylines.push({ layer, line });
    }
    this.el.dataset.roads = String(layers.reduce((n, l) => n + l.lines.length, 0));
    this.renderControl();
    if (!this.fitted) this.fitRegion();
  }

  private roadStyle(cls: string): L.PathOptions {
    const s = ROAD_STYLE[cls] ?? { weight: 1, major: false };
    return {
      color: s.major ? cssVar('--road-major', '#8a7a4a') : cssVar('--road-minor', '#46525f'),
      weight: s.weight,
      opacity: 0.95,
      lineCap: 'round',
      lineJoin: 'round',
    };
  }

  private showNotice(text: string): void {
    this.notice.textContent = text;
    this.notice.hidden = false;
    setTimeout(() => (this.notice.hidden = true), 8000);
  }

  private restyle(): void {
    for (const { layer, line } of this.roadPolylines) line.setStyle(this.roadStyle(layer.cls));
    this.drawReference();
    for (const [id, c] of this.warningCircles) {
      const w = this.store.live.warnings.get(id);
      if (w) c.circle.setStyle(this.warningStyle(w));
    }
  }

  // ---- reference data ----

  private fitted = false;

  fitRegion(): void {
    const own = gridsBounds(this.store.userGrids());
    const all = gridsBounds(this.store.grids);
    const b = own ?? all ?? this.roadBounds;
    if (b) {
      this.map.fitBounds(boundsToLeaflet(b), { padding: [20, 20] });
      this.fitted = true;
    }
  }

  private drawReference(): void {
    const grids = this.store.grids;
    this.groups.grids.clearLayers();
    const gridColor = cssVar('--grid-line', '#3d6a8a');
    const own = new Set(this.store.userGrids().map((g) => g.id));
    for (const g of grids) {
      const poly = L.polygon(gridPolygons(g), {
        renderer: this.renderer,
        pane: 'grids',
        color: gridColor,
        weight: 0.8,
        opacity: 0.7,
        fill: true,
        fillColor: own.has(g.id) ? cssVar('--grid-own-fill', '#2f7fe0') : gridColor,
        fillOpacity: own.has(g.id) ? 0.06 : 0.02,
        interactive: true,
      });
      poly.bindTooltip(() => {
        const community = this.store.orgById.get(g.community);
        return `${escapeHtml(loc(g.name))}<br>${escapeHtml(community ? loc(community.name) : g.community)}`;
      }, { sticky: true, className: 'map-tip', opacity: 1 });
      poly.addTo(this.groups.grids);
    }
    this.groups.borders.clearLayers();
    const borders = dissolveBorders(grids, (g) => this.store.districtOfCommunity(g.community));
    const borderColor = cssVar('--border-line', '#9fb8d0');
    for (const b of borders) {
      L.polyline(b.line, {
        renderer: this.renderer,
        pane: 'borders',
        color: borderColor,
        weight: b.other === null ? 2.5 : 2,
        dashArray: '8 5',
        opacity: 0.9,
        interactive: false,
      }).addTo(this.groups.borders);
    }
    this.drawStations();
    if (!this.fitted) this.fitRegion();
    this.drawUnits();
  }

  private drawStations(): void {
    this.groups.stations.clearLayers();
    for (const s of this.store.stations) {
      const m = L.marker([s.location.lat, s.location.lon], {
        pane: 'stations',
        icon: L.divIcon({ className: 'station-icon', html: stationMarkerHtml(s.kind), iconSize: [18, 18], iconAnchor: [9, 9] }),
        keyboard: false,
      });
      m.bindTooltip(() => `${escapeHtml(loc(s.name))}<br><small>${escapeHtml(s.address)}</small>`, { className: 'map-tip', direction: 'top', opacity: 1 });
      m.addTo(this.groups.stations);
    }
  }

  // ---- units ----

  /** Where a unit is drawn: its AVL position, else its station (fanned out around it). */
  private unitPlacement(u: Unit, fanIndex: number, fanCount: number): { lat: number; lon: number; dx: number; dy: number } | null {
    if (u.position) return { lat: u.position.lat, lon: u.position.lon, dx: 0, dy: 0 };
    const st = this.store.stationById.get(u.station);
    if (!st) return null;
    const r = fanCount > 1 ? 16 + fanCount * 2 : 0;
    const a = (2 * Math.PI * fanIndex) / Math.max(1, fanCount) - Math.PI / 2;
    return { lat: st.location.lat, lon: st.location.lon, dx: Math.round(r * Math.cos(a)), dy: Math.round(r * Math.sin(a)) };
  }

  drawUnits(): void {
    const now = Date.now();
    const atStation = new Map<string, Unit[]>();
    for (const u of this.store.live.units.values()) {
      if (!u.position) {
        const list = atStation.get(u.station) ?? [];
        list.push(u);
        atStation.set(u.station, list);
      }
    }
    for (const list of atStation.values()) list.sort((a, b) => a.id.localeCompare(b.id));
    const seen = new Set<string>();
    for (const u of this.store.live.units.values()) {
      const list = u.position ? null : atStation.get(u.station) ?? null;
      const place = this.unitPlacement(u, list ? list.indexOf(u) : 0, list ? list.length : 1);
      if (!place) continue;
      seen.add(u.id);
      const avl = avlState(u, now);
      const overdue = isUnitOverdue(u, now);
      const key = `${u.status}|${avl}|${overdue}|${u.type}|${place.dx},${place.dy}`;
      const existing = this.unitMarkers.get(u.id);
      const icon = () =>
        L.divIcon({
          className: 'unit-icon',
          html: unitMarkerHtml(u.id, u.type, u.status, avl, overdue, place.dx < 0 ? 'left' : 'right'),
          iconSize: [22, 22],
          iconAnchor: [11 - place.dx, 11 - place.dy],
        });
      if (existing) {
        const ll = existing.marker.getLatLng();
        if (ll.lat !== place.lat || ll.lng !== place.lon) existing.marker.setLatLng([place.lat, place.lon]);
        if (existing.key !== key) {
          existing.marker.setIcon(icon());
          existing.key = key;
        }
      } else {
        const marker = L.marker([place.lat, place.lon], { pane: 'units', icon: icon(), keyboard: false, riseOnHover: true });
        marker.bindTooltip(() => this.unitTip(u.id), { className: 'map-tip', direction: 'top', offset: [0, -10], opacity: 1 });
        marker.on('click', () => this.cb.onSelectUnit(u.id));
        marker.addTo(this.groups.units);
        this.unitMarkers.set(u.id, { marker, key });
      }
    }
    for (const [id, m] of this.unitMarkers) {
      if (!seen.has(id)) {
        m.marker.remove();
        this.unitMarkers.delete(id);
      }
    }
    this.scheduleRoutes();
  }

  private unitTip(id: string): string {
    const u = this.store.live.units.get(id);
    if (!u) return id;
    const now = Date.now();
    const avl = avlState(u, now);
    const lines = [`<b>${escapeHtml(loc(u.name))}</b>`, `${unitTypeLabel(u.type)} · ${unitStatusLabel(u.status)}`];
    if (u.incident !== null) lines.push(t('detail.title', { id: u.incident }));
    if (avl === 'stale' && u.position?.at) lines.push(t('map.staleTip', { t: duration((now - Date.parse(u.position.at)) / 1000) }));
    if (avl === 'none') lines.push(t('map.atStation'));
    return lines.join('<br>');
  }

  /** Refreshes the unit icons whose timers may have crossed a limit (called every few seconds). */
  tick(): void {
    this.drawUnits();
    this.updateRouteLabels();
  }

  // ---- incidents ----

  drawIncidents(): void {
    const seen = new Set<number>();
    const sel = this.store.selectedId;
    for (const inc of this.store.live.incidents.values()) {
      if (!isOpen(inc.status) && inc.id !== sel) continue;
      seen.add(inc.id);
      const selected = inc.id === sel;
      const key = `${inc.level}|${inc.status}|${inc.category}|${selected}`;
      const existing = this.incidentMarkers.get(inc.id);
      const icon = () =>
        L.divIcon({
          className: 'incident-icon',
          html: incidentMarkerHtml(inc.id, inc.category, inc.level, inc.status, selected),
          iconSize: [28, 28],
          iconAnchor: [14, 14],
        });
      if (existing) {
        existing.marker.setLatLng([inc.location.lat, inc.location.lon]);
        if (existing.key !== key) {
          existing.marker.setIcon(icon());
          existing.marker.setZIndexOffset(selected ? 1000 : 0);
          existing.key = key;
        }
      } else {
        const marker = L.marker([inc.location.lat, inc.location.lon], {
          pane: 'incidents',
          icon: icon(),
          keyboard: false,
          zIndexOffset: selected ? 1000 : 0,
        });
        marker.bindTooltip(() => this.incidentTip(inc.id), { className: 'map-tip', direction: 'top', offset: [0, -12], opacity: 1 });
        marker.on('click', () => this.cb.onSelectIncident(inc.id));
        marker.addTo(this.groups.incidents);
        this.incidentMarkers.set(inc.id, { marker, key });
      }
    }
    for (const [id, m] of this.incidentMarkers) {
      if (!seen.has(id)) {
        m.marker.remove();
        this.incidentMarkers.delete(id);
      }
    }
  }

  private incidentTip(id: number): string {
    const inc = this.store.live.incidents.get(id);
    if (!inc) return String(id);
    return [
      `<b>${t('detail.title', { id })} · ${incidentTypeLabel(inc.type)}</b>`,
      `${levelLabel(inc.level)} · ${incidentStatusLabel(inc.status)}`,
      // The address as text (a caller's words are not HTML), or the coordinates: never `script:12`.
      escapeHtml(placeText(inc)),
    ]
      .filter(Boolean)
      .join('<br>');
  }

  focusOn(lat: number, lon: number): void {
    const b = this.map.getBounds().pad(-0.15);
    if (!b.contains([lat, lon])) this.map.panTo([lat, lon], { animate: true, duration: 0.4 });
  }

  flyTo(lat: number, lon: number, zoom = 16): void {
    this.map.setView([lat, lon], Math.max(this.map.getZoom(), zoom), { animate: true });
  }

  // ---- public warnings ----

  private warningStyle(w: Warning): L.PathOptions {
    const color = ALERT_LEVEL_COLORS[w.level];
    const hc = document.body.classList.contains('hc');
    return {
      color,
      weight: hc ? WARNING_STYLE.weightHc : WARNING_STYLE.weight,
      opacity: 0.9,
      // A drill is drawn dashed, so that it is not taken for a real warning at a glance.
      dashArray: w.exercise ? '8 6' : undefined,
      fill: true,
      fillColor: color,
      // A city-wide warning covers the whole map, often two at once (a warning and its upgrade):
      // a light tint, so that the roads under it stay readable; the outline marks the area.
      fillOpacity: hc ? WARNING_STYLE.fillOpacityHc : WARNING_STYLE.fillOpacity,
      className: `warning-area warning-${w.level} warning-id-${w.id}${w.exercise ? ' warning-exercise' : ''}`,
    };
  }

  /** Draws every warning in force as its circle, coloured by level; removes the others. */
  drawWarnings(): void {
    const now = Date.now();
    const seen = new Set<number>();
    for (const w of this.store.warnings(now)) {
      seen.add(w.id);
      const key = `${w.level}|${w.exercise}|${w.area.lat}|${w.area.lon}|${w.area.radiusKm}`;
      const existing = this.warningCircles.get(w.id);
      if (existing && existing.key === key) continue;
      existing?.circle.remove();
      const circle = L.circle([w.area.lat, w.area.lon], {
        renderer: this.warningRenderer,
        pane: 'warnings',
        radius: w.area.radiusKm * 1000,
        interactive: true,
        ...this.warningStyle(w),
      });
      // Content is built when shown: the current language, and the time left at that moment.
      // In the popup pane: above the unit and incident markers that may stand inside the circle.
      circle.bindTooltip(() => this.warningTip(w.id), { sticky: true, className: 'map-tip warning-tip', pane: 'popupPane', opacity: 1 });
      circle.addTo(this.groups.warnings);
      this.warningCircles.set(w.id, { circle, key });
    }
    for (const [id, c] of this.warningCircles) {
      if (!seen.has(id)) {
        c.circle.remove();
        this.warningCircles.delete(id);
      }
    }
    this.el.dataset.warnings = String(this.warningCircles.size);
  }

  private warningTip(id: number): string {
    const w = this.store.live.warnings.get(id);
    if (!w) return '';
    const lines = [
      `<b>${escapeHtml(loc(w.headline))}</b>`,
      `<span class="warn-chip warn-${w.level}">${escapeHtml(alertLevelLabel(w.level))}</span> ${escapeHtml(loc(w.event))}` +
        (w.exercise ? ` <span class="tag tag-exercise">${escapeHtml(t('warn.exercise'))}</span>` : ''),
      escapeHtml(warningAreaText(w)),
      escapeHtml(warningExpiryText(w, Date.now())),
    ];
    return lines.join('<br>');
  }

  /** Shows a warning's whole circle and its facts. */
  focusWarning(id: number): void {
    const w = this.store.live.warnings.get(id);
    if (!w) return;
    // LatLng.toBounds works without the circle being on the map (its layer may be switched off).
    const b = L.latLng(w.area.lat, w.area.lon).toBounds(w.area.radiusKm * 2000);
    this.map.fitBounds(b, { padding: [30, 30], maxZoom: 16 });
    const c = this.warningCircles.get(id);
    if (c && this.visible.warnings) c.circle.openTooltip([w.area.lat, w.area.lon]);
  }

  // ---- the point picked for a new incident ----

  private drawPick(): void {
    this.pickGroup.clearLayers();
    this.el.classList.toggle('picking', this.store.picking);
    const p = this.store.pickPoint;
    if (!p) return;
    L.circleMarker([p.lat, p.lon], {
      pane: 'routes',
      renderer: this.routeRenderer,
      radius: 10,
      color: '#ffffff',
      weight: 3,
      fillColor: '#e0202e',
      fillOpacity: 0.9,
      interactive: false,
    }).addTo(this.pickGroup);
    L.circle([p.lat, p.lon], {
      pane: 'routes',
      renderer: this.routeRenderer,
      radius: 300,
      color: '#e0202e',
      weight: 1,
      dashArray: '4 4',
      fill: false,
      interactive: false,
    }).addTo(this.pickGroup);
    this.focusOn(p.lat, p.lon);
  }

  // ---- routes of dispatched units ----

  /** Incidents with at least one unit on its way, whose routes the map shows. */
  private incidentsWithRoutes(): Set<number> {
    const ids = new Set<number>();
    for (const u of this.store.live.units.values()) {
      if (u.incident !== null && ROUTE_STATUSES.has(u.status)) ids.add(u.incident);
    }
    return ids;
  }

  private scheduleRoutes(): void {
    if (this.routesSupported === false) return;
    for (const id of this.incidentsWithRoutes()) this.routesDirty.add(id);
    for (const id of this.routeLines.keys()) this.routesDirty.add(id);
    if (this.routeTimer) return;
    this.routeTimer = setTimeout(() => {
      this.routeTimer = null;
      void this.refreshRoutes();
    }, 600);
  }

  /** Re-fetches every shown route now and then (ETAs change as units move). */
  refreshAllRoutes(): void {
    this.scheduleRoutes();
  }

  private async refreshRoutes(): Promise<void> {
    const wanted = this.incidentsWithRoutes();
    const todo = [...this.routesDirty];
    this.routesDirty.clear();
    for (const id of todo) {
      if (!wanted.has(id)) {
        this.clearRoute(id);
        continue;
      }
      try {
        const res = await this.api.routes(id);
        this.routesSupported = true;
        this.drawRoute(id, res.routes ?? []);
      } catch (e) {
        if (e instanceof ApiError && e.status === 404 && e.problem?.detail === 'no such route') {
          this.routesSupported = false; // a server without the routes endpoint
          this.renderControl();
          return;
        }
        if (e instanceof ApiError && (e.status === 404 || e.status === 403)) this.clearRoute(id);
        // anything else (503, network): keep what is drawn
      }
    }
  }

  private clearRoute(id: number): void {
    const r = this.routeLines.get(id);
    if (!r) return;
    for (const l of r.layers) l.remove();
    this.routeLines.delete(id);
  }

  private drawRoute(id: number, routes: UnitRoute[]): void {
    this.clearRoute(id);
    const layers: L.Layer[] = [];
    for (const r of routes) {
      if (!Array.isArray(r.line) || r.line.length < 2) continue;
      const color = UNIT_STATUS_COLORS[r.status] ?? '#f27a00';
      const casing = L.polyline(r.line, {
        renderer: this.routeRenderer,
        pane: 'routes',
        color: cssVar('--route-casing', '#0b1118'),
        weight: 7,
        opacity: 0.8,
        interactive: false,
      });
      const line = L.polyline(r.line, {
        renderer: this.routeRenderer,
        pane: 'routes',
        color,
        weight: 4,
        opacity: 0.95,
        dashArray: r.status === 'en_route' ? undefined : '8 6',
        interactive: false,
      });
      const start = r.line[0]!;
      const label = L.tooltip({ permanent: true, direction: 'right', className: 'eta-tip', offset: [16, -14], opacity: 1 })
        .setLatLng(start)
        .setContent(this.etaText(r.unit, r.eta_s, 0));
      casing.addTo(this.groups.routes);
      line.addTo(this.groups.routes);
      label.addTo(this.groups.routes);
      layers.push(casing, line, label);
    }
    this.routeLines.set(id, { fetchedAt: Date.now(), routes, layers });
  }

  private etaText(unit: string, etaS: number | null, elapsedS: number): string {
    if (etaS === null) return `${unit} ${t('rec.noEta')}`;
    return t('map.eta', { unit, t: duration(Math.max(0, etaS - elapsedS)) });
  }

  private updateRouteLabels(): void {
    const now = Date.now();
    for (const r of this.routeLines.values()) {
      const elapsed = (now - r.fetchedAt) / 1000;
      let i = 0;
      for (const l of r.layers) {
        if (l instanceof L.Tooltip) {
          const route = r.routes.filter((x) => Array.isArray(x.line) && x.line.length >= 2)[i++];
          if (route) l.setContent(this.etaText(route.unit, route.eta_s, elapsed));
        }
      }
    }
  }

  /** ETA of a unit on a drawn route, if any (for the detail panel). */
  routeEta(unit: string): number | null {
    for (const r of this.routeLines.values()) {
      const route = r.routes.find((x) => x.unit === unit);
      if (route && route.eta_s !== null) return Math.max(0, route.eta_s - (Date.now() - r.fetchedAt) / 1000);
    }
    return null;
  }

  invalidate(): void {
    this.map.invalidateSize();
  }

  incidentSelectedFromMap(inc: IncidentSummary): void {
    this.flyTo(inc.location.lat, inc.location.lon);
  }
}
