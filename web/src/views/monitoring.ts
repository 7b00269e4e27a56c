// The monitoring sensors (监测预警) in the situation panel, next to the warnings: one row per sensor
// with its name, last reading and level colour (none in grey), most severe first, then by name.
// A drill above none shows as a second chip marked 演练 / Exercise; the reason of the level is the
// row's tooltip. A click centres the map on the sensor. Kept current by the stream
// (reading_recorded / sensor_level_changed).

import type { Sensor } from '../api/types';
import { clockTime, loc, onLangChange, t } from '../i18n';
import { buttonLike, h, replaceChildren } from '../ui/dom';
import { sensorKindLabel, sensorLevelLabel, sensorReadingText, sensorReasonText } from '../ui/labels';
import type { AppContext } from './context';

export class MonitoringView {
  readonly el: HTMLElement;
  private readonly title: HTMLElement;
  private readonly count: HTMLElement;
  private readonly list: HTMLElement;

  constructor(private readonly app: AppContext) {
    this.title = h('span', { id: 'monitoring-title' }, t('sensor.title'));
    this.count = h('span', { class: 'count', id: 'monitoring-count' });
    this.list = h('ul', { class: 'sensor-list', id: 'sensor-list', 'aria-labelledby': 'monitoring-title' });
    this.el = h('section', { class: 'monitoring', id: 'monitoring' }, h('h3', null, this.title, ' ', this.count), this.list);
    app.store.on('sensors', () => this.render());
    onLangChange(() => {
      this.title.textContent = t('sensor.title');
      this.render();
    });
    this.render();
  }

  render(): void {
    const shown = this.app.store.sensors();
    this.count.textContent = shown.length > 0 ? t('sensor.count', { n: shown.length }) : '';
    this.el.dataset.count = String(shown.length);
    if (shown.length === 0) {
      replaceChildren(this.list, h('li', { class: 'sensor-empty', id: 'sensors-empty' }, t('sensor.none')));
      return;
    }
    const now = new Date();
    replaceChildren(this.list, ...shown.map((s) => this.item(s, now)));
  }

  private item(s: Sensor, now: Date): HTMLElement {
    const open = () => this.app.map?.flyTo(s.location.lat, s.location.lon, 15);
    const drill = s.exercise.level !== 'none';
    const meta = [sensorKindLabel(s)];
    if (s.live.lastAtMs !== null) meta.push(t('sensor.readAt', { time: clockTime(new Date(s.live.lastAtMs).toISOString(), now) }));
    // The row acts as a button inside its list item (an <li role="button"> is no list item).
    const row = h(
      'div',
      {
        class: `sensor-item warn-${s.live.level}`,
        dataset: { id: s.id, level: s.live.level, exerciseLevel: s.exercise.level },
        title: sensorReasonText(s) || t('action.locate'),
        ...buttonLike(open),
      },
      h(
        'div',
        { class: 'sensor-head' },
        h('span', { class: `warn-chip warn-${s.live.level}` }, sensorLevelLabel(s.live.level)),
        h('span', { class: 'sensor-name' }, loc(s.name)),
        h('span', { class: 'sensor-value' }, sensorReadingText(s, s.live)),
      ),
      h('div', { class: 'sensor-meta' }, meta.join(' · ')),
      drill
        ? h(
            'div',
            { class: 'sensor-exercise' },
            h('span', { class: 'tag tag-exercise' }, t('sensor.exercise')),
            h('span', { class: `warn-chip warn-${s.exercise.level}` }, sensorLevelLabel(s.exercise.level)),
            h('span', { class: 'sensor-value' }, sensorReadingText(s, s.exercise)),
          )
        : null,
    );
    return h('li', null, row);
  }
}
