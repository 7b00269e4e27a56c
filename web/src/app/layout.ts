// The dashboard's page: the top bar, the connection banner, the incident queue, the map over the
// unit board, and the right column showing the new-incident form, the detail or the charts.

import { onLangChange } from '../i18n';
import { SituationMap } from '../map/map';
import { h, replaceChildren } from '../ui/dom';
import { ChartsView } from '../views/charts';
import { DetailView } from '../views/detail';
import { NewIncidentView } from '../views/newIncident';
import { QueueView } from '../views/queue';
import { UnitBoard } from '../views/units';
import { ConnectionStatus } from './connection';
import { Header, type HeaderContext } from './header';

/** What the page needs from the application. */
export interface Shell extends HeaderContext {
  /** Reconnects the stream now. */
  reconnect(): void;
}

export class Layout {
  readonly queue: QueueView;
  readonly detail: DetailView;
  readonly units: UnitBoard;
  readonly charts: ChartsView;
  readonly newIncident: NewIncidentView;
  readonly header: Header;
  readonly conn: ConnectionStatus;
  readonly map: SituationMap;

  constructor(
    root: HTMLElement,
    private readonly app: Shell,
  ) {
    this.conn = new ConnectionStatus(app.store, () => app.reconnect());
    const header = h('header', { class: 'topbar', id: 'topbar' });
    const mapEl = h('div', { class: 'map', id: 'map' });
    this.queue = new QueueView(app);
    this.detail = new DetailView(app);
    this.units = new UnitBoard(app);
    this.charts = new ChartsView(app);
    this.newIncident = new NewIncidentView(app);
    const rightCol = h('aside', { class: 'col-right' }, this.newIncident.el, this.detail.el, this.charts.el);
    replaceChildren(
      root,
      h(
        'div',
        { class: 'app', id: 'app' },
        header,
        this.conn.banner,
        h(
          'div',
          { class: 'workspace' },
          h('aside', { class: 'col-left' }, this.queue.el),
          h('main', { class: 'col-center' }, h('div', { class: 'map-wrap' }, mapEl), this.units.el),
          rightCol,
        ),
      ),
    );
    this.header = new Header(header, app, this.conn.pill);
    this.header.render();
    onLangChange(() => {
      this.header.render();
      this.conn.render();
      this.updateRight();
    });
    this.map = new SituationMap(mapEl, app.store, app.api, {
      onSelectIncident: (id) => app.selectIncident(id),
      onPick: (p) => this.newIncident.setLocation(p),
      onNewIncidentAt: (p) => {
        if (app.can('create_incident')) app.openNewIncident(p);
      },
      onSelectUnit: (id) => this.units.highlight(id),
    });
    app.onTick(() => this.map.tick());
    app.onTick(() => this.conn.renderCountdown());
    app.store.on('selection', () => this.updateRight());
    this.updateRight();
    requestAnimationFrame(() => this.map.invalidate());
  }

  /** Shows in the right column the new-incident form if open, else the selected incident, else the charts. */
  updateRight(): void {
    const showNew = this.newIncident.isOpen;
    const showDetail = !showNew && this.app.store.selectedId !== null;
    this.newIncident.el.hidden = !showNew;
    this.detail.el.hidden = !showDetail;
    this.charts.el.hidden = showNew || showDetail;
    if (!this.charts.el.hidden) requestAnimationFrame(() => this.charts.update());
  }
}
