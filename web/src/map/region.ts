// The region's reference data on the map: grids (the user's own tinted), jurisdiction borders and
// stations; and fitting the map to the user's grids, else all grids, else the roads.

import L from 'leaflet';

import { loc } from '../i18n';
import type { Store } from '../state/store';
import { escapeHtml } from '../ui/dom';
import { dissolveBorders, gridPolygons, gridsBounds, type Bounds } from './geo';
import { stationMarkerHtml } from './icons';
import { cssVar, type MapBase } from './setup';

function boundsToLeaflet(b: Bounds): L.LatLngBounds {
  return L.latLngBounds([b.south, b.west], [b.north, b.east]);
}

export class RegionLayers {
  private fitted = false;

  constructor(
    private readonly base: MapBase,
    private readonly store: Store,
    private readonly roadBounds: () => Bounds | null,
  ) {}

  fitRegion(): void {
    const own = gridsBounds(this.store.userGrids());
    const all = gridsBounds(this.store.grids);
    const b = own ?? all ?? this.roadBounds();
    if (b) {
      this.base.map.fitBounds(boundsToLeaflet(b), { padding: [20, 20] });
      this.fitted = true;
    }
  }

  /** Fits the map to the region unless it has been already. */
  fitOnce(): void {
    if (!this.fitted) this.fitRegion();
  }

  /** Draws the grids, the borders and the stations, and fits the map to them the first time. */
  draw(): void {
    const { groups, areaRenderer } = this.base;
    const grids = this.store.grids;
    groups.grids.clearLayers();
    const gridColor = cssVar('--grid-line', '#3d6a8a');
    const own = new Set(this.store.userGrids().map((g) => g.id));
    for (const g of grids) {
      const poly = L.polygon(gridPolygons(g), {
        renderer: areaRenderer,
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
      poly.addTo(groups.grids);
    }
    groups.borders.clearLayers();
    const borders = dissolveBorders(grids, (g) => this.store.districtOfCommunity(g.community));
    const borderColor = cssVar('--border-line', '#9fb8d0');
    for (const b of borders) {
      L.polyline(b.line, {
        renderer: areaRenderer,
        pane: 'borders',
        color: borderColor,
        weight: b.other === null ? 2.5 : 2,
        dashArray: '8 5',
        opacity: 0.9,
        interactive: false,
      }).addTo(groups.borders);
    }
    this.drawStations();
    this.fitOnce();
  }

  drawStations(): void {
    const group = this.base.groups.stations;
    group.clearLayers();
    for (const s of this.store.stations) {
      const m = L.marker([s.location.lat, s.location.lon], {
        pane: 'stations',
        icon: L.divIcon({ className: 'station-icon', html: stationMarkerHtml(s.kind), iconSize: [18, 18], iconAnchor: [9, 9] }),
        keyboard: false,
      });
      m.bindTooltip(() => `${escapeHtml(loc(s.name))}<br><small>${escapeHtml(s.address)}</small>`, { className: 'map-tip', direction: 'top', opacity: 1 });
      m.addTo(group);
    }
  }
}
