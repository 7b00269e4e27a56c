// The incidents on the map: the open ones and the selected one, by category, level and status,
// with a tooltip; a click selects.

import L from 'leaflet';

import { t } from '../i18n';
import type { Store } from '../state/store';
import { isOpen } from '../state/timers';
import { escapeHtml } from '../ui/dom';
import { incidentStatusLabel, incidentTypeLabel, levelLabel, placeText } from '../ui/labels';
import { incidentMarkerHtml } from './icons';
import { removeUnseen, type MapBase } from './setup';

export class IncidentMarkers {
  private markers = new Map<number, { marker: L.Marker; key: string }>();

  constructor(
    private readonly base: MapBase,
    private readonly store: Store,
    private readonly onSelect: (id: number) => void,
  ) {}

  draw(): void {
    const seen = new Set<number>();
    const sel = this.store.selectedId;
    for (const inc of this.store.live.incidents.values()) {
      if (!isOpen(inc.status) && inc.id !== sel) continue;
      seen.add(inc.id);
      const selected = inc.id === sel;
      const key = `${inc.level}|${inc.status}|${inc.category}|${selected}`;
      const existing = this.markers.get(inc.id);
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
        marker.bindTooltip(() => this.tip(inc.id), { className: 'map-tip', direction: 'top', offset: [0, -12], opacity: 1 });
        marker.on('click', () => this.onSelect(inc.id));
        marker.addTo(this.base.groups.incidents);
        this.markers.set(inc.id, { marker, key });
      }
    }
    removeUnseen(this.markers, seen, (m) => m.marker);
  }

  private tip(id: number): string {
    const inc = this.store.live.incidents.get(id);
    if (!inc) return String(id);
    return [
      `<b>${t('detail.title', { id })} · ${incidentTypeLabel(this.store.catalogue, inc.type)}</b>`,
      `${levelLabel(inc.level)} · ${incidentStatusLabel(inc.status)}`,
      // The address as text (a caller's words are not HTML), or the coordinates: never `script:12`.
      escapeHtml(placeText(inc)),
    ]
      .filter(Boolean)
      .join('<br>');
  }
}
