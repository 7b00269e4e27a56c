// The situation map, without tiles: the region's roads from the server (drawn on one canvas),
// grids and jurisdiction borders, public warning areas, stations, units, incidents and the routes of
// dispatched units. This class puts the layers (one file each) together and follows the store.

import type L from 'leaflet';

import type { Api } from '../api/client';
import type { IncidentSummary } from '../api/types';
import { onLangChange } from '../i18n';
import type { Store } from '../state/store';
import { CoverageLayer } from './coverage';
import { IncidentMarkers } from './incidents';
import { LayerControl } from './layers';
import { PickMarker } from './pick';
import { RegionLayers } from './region';
import { Roads } from './roads';
import { RouteLines } from './routes';
import { createMap, type LayerId } from './setup';
import { UnitMarkers } from './units';
import { WarningAreas, type DrawnWarning } from './warnings';

export type { LayerId } from './setup';

/** What `window.elink` offers automation and the console. */
interface DebugHandle {
  map: L.Map;
  /** The warning circles drawn (whether or not their layer is switched on). */
  warningAreas: () => DrawnWarning[];
}

export interface MapCallbacks {
  onSelectIncident: (id: number) => void;
  onPick: (p: { lat: number; lon: number }) => void;
  onNewIncidentAt: (p: { lat: number; lon: number }) => void;
  onSelectUnit: (id: string) => void;
}

export class SituationMap {
  readonly map: L.Map;
  private readonly layers: LayerControl;
  private readonly roads: Roads;
  private readonly region: RegionLayers;
  private readonly units: UnitMarkers;
  private readonly incidents: IncidentMarkers;
  private readonly warnings: WarningAreas;
  private readonly pick: PickMarker;
  private readonly routes: RouteLines;
  private readonly coverage: CoverageLayer;

  constructor(
    el: HTMLElement,
    private readonly store: Store,
    api: Api,
    cb: MapCallbacks,
  ) {
    const base = createMap(el);
    this.map = base.map;
    this.layers = new LayerControl(base, {
      disabled: (id) =>
        (id === 'roads' && this.roads.missing) ||
        (id === 'routes' && this.routes.supported === false) ||
        (id === 'coverage' && this.coverage.supported === false),
      fitRegion: () => this.fitRegion(),
      changed: (id) => {
        if (id === 'coverage') this.coverage.schedule(0);
      },
    });
    this.pick = new PickMarker(base, store, (lat, lon) => this.focusOn(lat, lon));
    this.layers.mount();
    this.roads = new Roads(base, api, { changed: () => this.layers.render(), loaded: () => this.region.fitOnce() });
    this.roads.mount();
    this.region = new RegionLayers(base, store, () => this.roads.bounds);
    this.units = new UnitMarkers(base, store, (id) => cb.onSelectUnit(id));
    this.incidents = new IncidentMarkers(base, store, (id) => cb.onSelectIncident(id));
    this.warnings = new WarningAreas(base, store, () => this.layers.isVisible('warnings'));
    this.routes = new RouteLines(base, store, api, () => this.layers.render());
    this.coverage = new CoverageLayer(base, store, api, () => this.layers.isVisible('coverage'), () => this.layers.render());
    this.layers.render();
    // For automation and debugging from the console: the Leaflet map (e.g. latLngToContainerPoint).
    const debug: DebugHandle = { map: this.map, warningAreas: () => this.warnings.drawn() };
    (window as unknown as { elink?: DebugHandle }).elink = debug;

    this.map.on('click', (e: L.LeafletMouseEvent) => {
      if (this.store.picking) cb.onPick({ lat: e.latlng.lat, lon: e.latlng.lng });
    });
    this.map.on('contextmenu', (e: L.LeafletMouseEvent) => {
      cb.onNewIncidentAt({ lat: e.latlng.lat, lon: e.latlng.lng });
    });

    store.on('reference', () => {
      this.drawReference();
      this.coverage.schedule();
    });
    store.on('units', () => {
      this.drawUnits();
      this.coverage.schedule(2000);
    });
    store.on('incidents', () => {
      this.drawIncidents();
      this.routes.schedule();
    });
    store.on('selection', () => {
      this.drawIncidents();
      const sel = store.selectedId !== null ? store.live.incidents.get(store.selectedId) : undefined;
      if (sel) this.focusOn(sel.location.lat, sel.location.lon);
    });
    store.on('warnings', () => this.drawWarnings());
    store.on('pick', () => this.pick.draw());
    store.on('prefs', () => this.restyle());
    onLangChange(() => {
      this.layers.render();
      this.region.drawStations();
    });
  }

  setLayerVisible(id: LayerId, on: boolean): void {
    this.layers.setVisible(id, on);
  }

  loadRoads(): Promise<void> {
    return this.roads.load();
  }

  fitRegion(): void {
    this.region.fitRegion();
  }

  /** The colours follow the contrast. */
  private restyle(): void {
    this.roads.restyle();
    this.drawReference();
    this.warnings.restyle();
  }

  private drawReference(): void {
    this.region.draw();
    this.drawUnits();
  }

  drawUnits(): void {
    this.units.draw();
    this.routes.schedule();
  }

  /** Refreshes the unit icons whose timers may have crossed a limit (called every few seconds). */
  tick(): void {
    this.drawUnits();
    this.routes.updateLabels();
  }

  drawIncidents(): void {
    this.incidents.draw();
  }

  /** Draws every warning in force as its circle, coloured by level; removes the others. */
  drawWarnings(): void {
    this.warnings.draw();
  }

  /** Shows a warning's whole circle and its facts. */
  focusWarning(id: number): void {
    this.warnings.focus(id);
  }

  focusOn(lat: number, lon: number): void {
    const b = this.map.getBounds().pad(-0.15);
    if (!b.contains([lat, lon])) this.map.panTo([lat, lon], { animate: true, duration: 0.4 });
  }

  flyTo(lat: number, lon: number, zoom = 16): void {
    this.map.setView([lat, lon], Math.max(this.map.getZoom(), zoom), { animate: true });
  }

  /** Re-fetches every shown route now and then (ETAs change as units move). */
  refreshAllRoutes(): void {
    this.routes.schedule();
  }

  /** ETA of a unit on a drawn route, if any (for the detail panel). */
  routeEta(unit: string): number | null {
    return this.routes.eta(unit);
  }

  invalidate(): void {
    this.map.invalidateSize();
  }

  incidentSelectedFromMap(inc: IncidentSummary): void {
    this.flyTo(inc.location.lat, inc.location.lon);
  }
}
