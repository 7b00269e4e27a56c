// The public warnings in force on the map: each area as a circle in its level's colour (dashed for
// a drill), with the warning's facts in a tooltip.

import L from 'leaflet';

import type { Warning } from '../api/types';
import { loc, t } from '../i18n';
import type { Store } from '../state/store';
import { escapeHtml } from '../ui/dom';
import { alertLevelLabel, warningAreaText, warningExpiryText } from '../ui/labels';
import { ALERT_LEVEL_COLORS } from './icons';
import { removeUnseen, type MapBase } from './setup';

/** Warning areas: a thin outline in the level's colour and a light fill. */
const WARNING_STYLE = { weight: 1.5, weightHc: 2.5, fillOpacity: 0.06, fillOpacityHc: 0.08 } as const;

/** A warning circle as drawn, for automation. */
export interface DrawnWarning {
  id: number;
  level: string;
  lat: number;
  lon: number;
  radiusM: number;
  color: string;
}

function warningStyle(w: Warning): L.PathOptions {
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

export class WarningAreas {
  private circles = new Map<number, { circle: L.Circle; key: string }>();

  constructor(
    private readonly base: MapBase,
    private readonly store: Store,
    private readonly layerVisible: () => boolean,
  ) {}

  /** Draws every warning in force as its circle, coloured by level; removes the others. */
  draw(): void {
    const now = Date.now();
    const seen = new Set<number>();
    for (const w of this.store.warnings(now)) {
      seen.add(w.id);
      const key = `${w.level}|${w.exercise}|${w.area.lat}|${w.area.lon}|${w.area.radiusKm}`;
      const existing = this.circles.get(w.id);
      if (existing && existing.key === key) continue;
      existing?.circle.remove();
      const circle = L.circle([w.area.lat, w.area.lon], {
        renderer: this.base.warningRenderer,
        pane: 'warnings',
        radius: w.area.radiusKm * 1000,
        interactive: true,
        ...warningStyle(w),
      });
      // Content is built when shown: the current language, and the time left at that moment.
      // In the popup pane: above the unit and incident markers that may stand inside the circle.
      circle.bindTooltip(() => this.tip(w.id), { sticky: true, className: 'map-tip warning-tip', pane: 'popupPane', opacity: 1 });
      circle.addTo(this.base.groups.warnings);
      this.circles.set(w.id, { circle, key });
    }
    removeUnseen(this.circles, seen, (c) => c.circle);
    this.base.el.dataset.warnings = String(this.circles.size);
  }

  /** The outline's width and fill follow the contrast. */
  restyle(): void {
    for (const [id, c] of this.circles) {
      const w = this.store.live.warnings.get(id);
      if (w) c.circle.setStyle(warningStyle(w));
    }
  }

  private tip(id: number): string {
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
  focus(id: number): void {
    const w = this.store.live.warnings.get(id);
    if (!w) return;
    // LatLng.toBounds works without the circle being on the map (its layer may be switched off).
    const b = L.latLng(w.area.lat, w.area.lon).toBounds(w.area.radiusKm * 2000);
    this.base.map.fitBounds(b, { padding: [30, 30], maxZoom: 16 });
    const c = this.circles.get(id);
    if (c && this.layerVisible()) c.circle.openTooltip([w.area.lat, w.area.lon]);
  }

  /** The circles drawn (whether or not their layer is switched on). */
  drawn(): DrawnWarning[] {
    return [...this.circles.entries()].map(([id, { circle }]) => ({
      id,
      level: this.store.live.warnings.get(id)?.level ?? '',
      lat: circle.getLatLng().lat,
      lon: circle.getLatLng().lng,
      radiusM: circle.getRadius(),
      color: String(circle.options.color),
    }));
  }
}
