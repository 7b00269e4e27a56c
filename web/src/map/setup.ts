// The Leaflet map, without tiles: its panes stacked by kind, the canvases (and the SVG) that draw on
// them, one layer group per layer the dispatcher switches, and the CSS colours read for drawing.

import L from 'leaflet';

export type LayerId = 'roads' | 'grids' | 'coverage' | 'borders' | 'warnings' | 'stations' | 'units' | 'incidents' | 'routes';
export const LAYER_IDS: LayerId[] = ['roads', 'grids', 'coverage', 'borders', 'warnings', 'stations', 'units', 'incidents', 'routes'];
/** Layers that start switched off (the others start on). */
export const LAYERS_OFF_BY_DEFAULT: LayerId[] = ['coverage'];

/** What every layer of the map draws with. */
export interface MapBase {
  /** The map's element (its data attributes count what is drawn, for automation). */
  el: HTMLElement;
  map: L.Map;
  /** One canvas per kind of drawing, stacked by pane: roads, then areas (grids, borders), then routes. */
  roadRenderer: L.Canvas;
  areaRenderer: L.Canvas;
  /** Grids tinted by live coverage, over the grids. */
  coverageRenderer: L.Canvas;
  routeRenderer: L.Canvas;
  /** Warning circles in SVG: few, and each one an element (class warning-area) to find. */
  warningRenderer: L.SVG;
  /** One group per layer, on the map while the layer is switched on. */
  groups: Record<LayerId, L.LayerGroup>;
}

const PANE_Z: [string, number][] = [
  ['roads', 250],
  ['grids', 300],
  ['coverage', 310],
  ['borders', 320],
  ['warnings', 350],
  ['routes', 400],
  ['stations', 600],
  ['incidents', 640],
  ['units', 660],
];

export function cssVar(name: string, fallback: string): string {
  const v = getComputedStyle(document.documentElement).getPropertyValue(name).trim();
  return v || fallback;
}

/** Removes the drawn layers whose key was not seen in the latest drawing. */
export function removeUnseen<K, V>(drawn: Map<K, V>, seen: Set<K>, layer: (v: V) => L.Layer): void {
  for (const [id, v] of drawn) {
    if (!seen.has(id)) {
      layer(v).remove();
      drawn.delete(id);
    }
  }
}

/** The map on `el`, over San Francisco until the region is known; no layer group is on it yet. */
export function createMap(el: HTMLElement): MapBase {
  const map = L.map(el, {
    preferCanvas: true,
    zoomControl: true,
    attributionControl: true,
    minZoom: 3,
    maxZoom: 20,
    zoomSnap: 0.25,
    wheelPxPerZoomLevel: 90,
    keyboard: false,
  });
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution('© OpenStreetMap contributors');
  map.setView([37.79, -122.43], 13);
  for (const [name] of PANE_Z) {
    const pane = map.createPane(name);
    pane.classList.add(`pane-${name}`);
  }
  for (const [name, z] of PANE_Z) map.getPane(name)!.style.zIndex = String(z);
  return {
    el,
    map,
    roadRenderer: L.canvas({ pane: 'roads', padding: 0.5 }),
    areaRenderer: L.canvas({ pane: 'grids', padding: 0.5, tolerance: 3 }),
    coverageRenderer: L.canvas({ pane: 'coverage', padding: 0.5, tolerance: 3 }),
    routeRenderer: L.canvas({ pane: 'routes', padding: 0.5 }),
    warningRenderer: L.svg({ pane: 'warnings', padding: 0.5 }),
    groups: {
      roads: L.layerGroup(),
      grids: L.layerGroup(),
      coverage: L.layerGroup(),
      borders: L.layerGroup(),
      warnings: L.layerGroup(),
      stations: L.layerGroup(),
      units: L.layerGroup(),
      incidents: L.layerGroup(),
      routes: L.layerGroup(),
    },
  };
}
