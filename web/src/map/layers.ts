// The layer switcher in the map's corner: which layers show (kept in localStorage), layers the
// server cannot fill greyed out, and the button that fits the map to the region.

import L from 'leaflet';

import { t, type MessageKey } from '../i18n';
import { h } from '../ui/dom';
import { LAYER_IDS, LAYERS_OFF_BY_DEFAULT, type LayerId, type MapBase } from './setup';

const LAYERS_KEY = 'elink.layers';

function loadVisibility(): Record<LayerId, boolean> {
  const v = Object.fromEntries(LAYER_IDS.map((id) => [id, !LAYERS_OFF_BY_DEFAULT.includes(id)])) as Record<LayerId, boolean>;
  try {
    const saved = JSON.parse(localStorage.getItem(LAYERS_KEY) ?? '{}') as Record<string, unknown>;
    for (const id of LAYER_IDS) if (typeof saved[id] === 'boolean') v[id] = saved[id] as boolean;
  } catch {
    /* defaults */
  }
  return v;
}

export interface LayerControlHooks {
  /** A layer the server cannot fill (no roads, no routes). */
  disabled(id: LayerId): boolean;
  fitRegion(): void;
  /** A layer was switched on or off. */
  changed?(id: LayerId, on: boolean): void;
}

export class LayerControl {
  private readonly visible = loadVisibility();
  private readonly control = h('div', { class: 'map-layers', id: 'map-layers' });

  /** Puts the layers switched on on the map, and the (empty) control in its corner. */
  constructor(
    private readonly base: MapBase,
    private readonly hooks: LayerControlHooks,
  ) {
    for (const id of LAYER_IDS) if (this.visible[id]) base.groups[id].addTo(base.map);
  }

  /** Adds the control to the map's element. */
  mount(): void {
    this.base.el.appendChild(this.control);
    L.DomEvent.disableClickPropagation(this.control);
    L.DomEvent.disableScrollPropagation(this.control);
  }

  isVisible(id: LayerId): boolean {
    return this.visible[id];
  }

  setVisible(id: LayerId, on: boolean): void {
    this.visible[id] = on;
    if (on) this.base.groups[id].addTo(this.base.map);
    else this.base.groups[id].remove();
    this.hooks.changed?.(id, on);
    try {
      localStorage.setItem(LAYERS_KEY, JSON.stringify(this.visible));
    } catch {
      /* not kept */
    }
  }

  render(): void {
    this.control.replaceChildren(
      h('div', { class: 'map-layers-title' }, t('map.layers')),
      ...LAYER_IDS.map((id) => {
        const disabled = this.hooks.disabled(id);
        const input = h('input', {
          type: 'checkbox',
          id: `layer-${id}`,
          checked: this.visible[id],
          disabled,
          onchange: (e: Event) => this.setVisible(id, (e.target as HTMLInputElement).checked),
        });
        return h('label', { class: `layer-row${disabled ? ' disabled' : ''}`, for: `layer-${id}` }, input, t(`map.layer.${id}` as MessageKey));
      }),
      h('button', { class: 'btn small', id: 'map-fit', onclick: () => this.hooks.fitRegion() }, t('map.fit')),
    );
  }
}
