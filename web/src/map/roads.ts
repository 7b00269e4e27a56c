// The region's roads from the server, drawn on one canvas and restyled with the contrast; a notice
// on the map when the server has none.

import L from 'leaflet';

import { ApiError, type Api } from '../api/client';
import type { RoadCollection } from '../api/types';
import { t } from '../i18n';
import { h } from '../ui/dom';
import { roadLayers, roadsBounds, type Bounds, type RoadLayer } from './geo';
import { cssVar, type MapBase } from './setup';

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

function roadStyle(cls: string): L.PathOptions {
  const s = ROAD_STYLE[cls] ?? { weight: 1, major: false };
  return {
    color: s.major ? cssVar('--road-major', '#8a7a4a') : cssVar('--road-minor', '#46525f'),
    weight: s.weight,
    opacity: 0.95,
    lineCap: 'round',
    lineJoin: 'round',
  };
}

export interface RoadHooks {
  /** Whether the roads can be shown changed (the layer switcher shows it). */
  changed(): void;
  /** The roads are drawn: the map may fit itself to them. */
  loaded(): void;
}

export class Roads {
  /** The region the roads cover, once read. */
  bounds: Bounds | null = null;
  private polylines: { layer: RoadLayer; line: L.Polyline }[] = [];
  private failed = false;
  private readonly notice = h('div', { class: 'map-notice', hidden: true });

  constructor(
    private readonly base: MapBase,
    private readonly api: Api,
    private readonly hooks: RoadHooks,
  ) {}

  /** Adds the notice to the map's element. */
  mount(): void {
    this.base.el.appendChild(this.notice);
  }

  /** The server has no roads to draw. */
  get missing(): boolean {
    return this.polylines.length === 0 && this.bounds === null && this.failed;
  }

  async load(): Promise<void> {
    let fc: RoadCollection;
    try {
      fc = await this.api.roads();
    } catch (e) {
      this.failed = true;
      this.hooks.changed();
      if (!(e instanceof ApiError && e.status === 401)) this.showNotice(t('problem.roadsMissing'));
      return;
    }
    const layers = roadLayers(fc);
    this.bounds = roadsBounds(fc, layers);
    const group = this.base.groups.roads;
    group.clearLayers();
    this.polylines = [];
    for (const layer of layers) {
      const line = L.polyline(layer.lines, {
        renderer: this.base.roadRenderer,
        pane: 'roads',
        interactive: false,
        smoothFactor: 1.2,
        ...roadStyle(layer.cls),
      });
      line.addTo(group);
      this.polylines.push({ layer, line });
    }
    this.base.el.dataset.roads = String(layers.reduce((n, l) => n + l.lines.length, 0));
    this.hooks.changed();
    this.hooks.loaded();
  }

  /** The colours follow the contrast. */
  restyle(): void {
    for (const { layer, line } of this.polylines) line.setStyle(roadStyle(layer.cls));
  }

  private showNotice(text: string): void {
    this.notice.textContent = text;
    this.notice.hidden = false;
    setTimeout(() => (this.notice.hidden = true), 8000);
  }
}
