// The point picked for a new incident: a red dot with a dashed ring, and the crosshair cursor while
// the form waits for a click on the map.

import L from 'leaflet';

import type { Store } from '../state/store';
import type { MapBase } from './setup';

export class PickMarker {
  private readonly group = L.layerGroup();

  constructor(
    private readonly base: MapBase,
    private readonly store: Store,
    private readonly focusOn: (lat: number, lon: number) => void,
  ) {
    this.group.addTo(base.map);
  }

  draw(): void {
    this.group.clearLayers();
    this.base.el.classList.toggle('picking', this.store.picking);
    const p = this.store.pickPoint;
    if (!p) return;
    L.circleMarker([p.lat, p.lon], {
      pane: 'routes',
      renderer: this.base.routeRenderer,
      radius: 10,
      color: '#ffffff',
      weight: 3,
      fillColor: '#e0202e',
      fillOpacity: 0.9,
      interactive: false,
    }).addTo(this.group);
    L.circle([p.lat, p.lon], {
      pane: 'routes',
      renderer: this.base.routeRenderer,
      radius: 300,
      color: '#e0202e',
      weight: 1,
      dashArray: '4 4',
      fill: false,
      interactive: false,
    }).addTo(this.group);
    this.focusOn(p.lat, p.lon);
  }
}
