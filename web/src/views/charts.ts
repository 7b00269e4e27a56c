// The situation panel: key figures, the public warnings in force (views/warnings.ts), the
// monitoring sensors (views/monitoring.ts) and two
// ECharts bar charts (open incidents by level, units by status), redrawn as the stream changes
// them. Only the ECharts parts used are bundled.

import { BarChart } from 'echarts/charts';
import { GridComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';

import { LEVELS, UNIT_STATUSES } from '../api/types';
import { onLangChange, t } from '../i18n';
import { counts } from '../state/reducer';
import { isUnitOverdue } from '../state/timers';
import { h, rafThrottle, replaceChildren } from '../ui/dom';
import { levelShort, unitStatusLabel } from '../ui/labels';
import { LEVEL_COLORS, UNIT_STATUS_COLORS } from '../map/icons';
import type { AppContext } from './context';
import { MonitoringView } from './monitoring';
import { WarningsView } from './warnings';

echarts.use([BarChart, GridComponent, TooltipComponent, CanvasRenderer]);

function cssVar(name: string, fallback: string): string {
  const v = getComputedStyle(document.documentElement).getPropertyValue(name).trim();
  return v || fallback;
}

export class ChartsView {
  readonly el: HTMLElement;
  private readonly figures: HTMLElement;
  private readonly levelBox: HTMLElement;
  private readonly statusBox: HTMLElement;
  private levelChart: echarts.ECharts | null = null;
  private statusChart: echarts.ECharts | null = null;
  readonly warnings: WarningsView;
  readonly monitoring: MonitoringView;

  constructor(private readonly app: AppContext) {
    this.el = h('section', { class: 'panel charts', id: 'charts' });
    this.figures = h('div', { class: 'figures' });
    this.levelBox = h('div', { class: 'chart', id: 'chart-levels' });
    this.statusBox = h('div', { class: 'chart', id: 'chart-units' });
    this.warnings = new WarningsView(app);
    this.monitoring = new MonitoringView(app);
    this.el.append(
      h('div', { class: 'panel-head' }, h('h2', { id: 'charts-title' }, t('chart.title'))),
      this.figures,
      this.warnings.el,
      this.monitoring.el,
      h('h3', { id: 'chart-levels-title' }, t('chart.byLevel')),
      this.levelBox,
      h('h3', { id: 'chart-units-title' }, t('chart.byStatus')),
      this.statusBox,
    );
    const redraw = rafThrottle(() => this.update());
    app.store.on('incidents', redraw);
    app.store.on('units', redraw);
    app.store.on('prefs', () => {
      this.dispose();
      redraw();
    });
    onLangChange(() => {
      this.el.querySelector('#charts-title')!.textContent = t('chart.title');
      this.el.querySelector('#chart-levels-title')!.textContent = t('chart.byLevel');
      this.el.querySelector('#chart-units-title')!.textContent = t('chart.byStatus');
      redraw();
    });
    window.addEventListener('resize', () => this.resize());
  }

  private dispose(): void {
    this.levelChart?.dispose();
    this.statusChart?.dispose();
    this.levelChart = null;
    this.statusChart = null;
  }

  resize(): void {
    this.levelChart?.resize();
    this.statusChart?.resize();
  }

  update(): void {
    if (!this.el.isConnected || this.el.offsetParent === null) return; // hidden: drawn when shown
    const c = counts(this.app.store.live);
    const now = Date.now();
    const units = [...this.app.store.live.units.values()];
    const open = LEVELS.reduce((n, l) => n + c.openByLevel[l], 0);
    const busy = units.filter((u) => u.status !== 'available' && u.status !== 'out_of_service').length;
    const overdue = units.filter((u) => isUnitOverdue(u, now)).length;
    const fig = (id: string, label: string, value: number, cls = '') =>
      h('div', { class: `figure ${cls}`, id }, h('div', { class: 'figure-value' }, String(value)), h('div', { class: 'figure-label' }, label));
    replaceChildren(
      this.figures,
      fig('fig-open', t('chart.open'), open, open > 0 ? 'hot' : ''),
      fig('fig-busy', t('chart.unitsBusy'), busy),
      fig('fig-available', t('chart.unitsAvailable'), c.unitsByStatus.available),
      fig('fig-overdue', t('chart.overdue'), overdue, overdue > 0 ? 'alarm' : ''),
    );
    const text = cssVar('--text', '#dbe4ee');
    const muted = cssVar('--muted', '#8696a7');
    const axis = {
      axisLabel: { color: text, fontSize: 12 },
      axisLine: { lineStyle: { color: muted } },
      splitLine: { lineStyle: { color: cssVar('--line', '#24313f') } },
    };
    if (!this.levelChart) this.levelChart = echarts.init(this.levelBox, undefined, { renderer: 'canvas' });
    if (!this.statusChart) this.statusChart = echarts.init(this.statusBox, undefined, { renderer: 'canvas' });
    this.levelChart.setOption({
      animation: false,
      grid: { left: 36, right: 12, top: 10, bottom: 24 },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', data: LEVELS.map((l) => levelShort(l)), ...axis },
      yAxis: { type: 'value', minInterval: 1, ...axis },
      series: [
        {
          type: 'bar',
          name: t('chart.byLevel'),
          data: LEVELS.map((l) => ({ value: c.openByLevel[l], itemStyle: { color: LEVEL_COLORS[l] } })),
          barMaxWidth: 36,
          label: { show: true, position: 'top', color: text },
        },
      ],
    });
    this.statusChart.setOption({
      animation: false,
      grid: { left: 90, right: 24, top: 6, bottom: 20 },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'value', minInterval: 1, ...axis },
      yAxis: { type: 'category', inverse: true, data: UNIT_STATUSES.map((s) => unitStatusLabel(s)), ...axis },
      series: [
        {
          type: 'bar',
          name: t('chart.byStatus'),
          data: UNIT_STATUSES.map((s) => ({ value: c.unitsByStatus[s], itemStyle: { color: UNIT_STATUS_COLORS[s] } })),
          barMaxWidth: 18,
          label: { show: true, position: 'right', color: text },
        },
      ],
    });
    this.resize();
  }
}
