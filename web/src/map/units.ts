// The units on the map: each at its AVL position, else fanned out around its station, its icon
// showing status, AVL freshness and overdue timers, with a tooltip.

import L from 'leaflet';

import type { Unit } from '../api/types';
import { duration, loc, t } from '../i18n';
import type { Store } from '../state/store';
import { avlState, isUnitOverdue } from '../state/timers';
import { escapeHtml } from '../ui/dom';
import { unitStatusLabel, unitTypeLabel } from '../ui/labels';
import { unitMarkerHtml } from './icons';
import { removeUnseen, type MapBase } from './setup';

export class UnitMarkers {
  private markers = new Map<string, { marker: L.Marker; key: string }>();

  constructor(
    private readonly base: MapBase,
    private readonly store: Store,
    private readonly onSelect: (id: string) => void,
  ) {}

  /** Where a unit is drawn: its AVL position, else its station (fanned out around it). */
  private placement(u: Unit, fanIndex: number, fanCount: number): { lat: number; lon: number; dx: number; dy: number } | null {
    const p = this.store.unitPosition(u);
    if (!p) return null;
    if (u.position) return { lat: p.lat, lon: p.lon, dx: 0, dy: 0 };
    const r = fanCount > 1 ? 16 + fanCount * 2 : 0;
    const a = (2 * Math.PI * fanIndex) / Math.max(1, fanCount) - Math.PI / 2;
    return { lat: p.lat, lon: p.lon, dx: Math.round(r * Math.cos(a)), dy: Math.round(r * Math.sin(a)) };
  }

  draw(): void {
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
      const place = this.placement(u, list ? list.indexOf(u) : 0, list ? list.length : 1);
      if (!place) continue;
      seen.add(u.id);
      const avl = avlState(u, now);
      const overdue = isUnitOverdue(u, now);
      const key = `${u.status}|${avl}|${overdue}|${u.type}|${place.dx},${place.dy}`;
      const existing = this.markers.get(u.id);
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
        marker.bindTooltip(() => this.tip(u.id), { className: 'map-tip', direction: 'top', offset: [0, -10], opacity: 1 });
        marker.on('click', () => this.onSelect(u.id));
        marker.addTo(this.base.groups.units);
        this.markers.set(u.id, { marker, key });
      }
    }
    removeUnseen(this.markers, seen, (m) => m.marker);
  }

  private tip(id: string): string {
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
}
