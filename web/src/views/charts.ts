// The situation panel: key figures, the public warnings in force (views/warnings.ts), the
// monitoring sensors (views/monitoring.ts) and two
// ECharts bar charts (open incidents by level, units by status), redrawn as the stream changes
// them. Only the ECharts parts used are bundled.
//
// The charts are drawn in SVG (a handful of bars: every label an element that automation can
// measure) in boxes of a fixed height that never shrink (the panel scrolls instead), and are
// resized whenever their box changes size (ResizeObserver) — the panel shown again after an
// incident's detail, the high-contrast layout, a window resize. A box squeezed by the warning and
// sensor lists used to leave the level chart 0 px high: drawn, but empty to the eye.

import { BarChart } from 'echarts/charts';
import { GridComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';

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

echarts.use([BarChart, GridComponent, TooltipComponent, SVGRenderer]);

/** Height of one status row in the units-by-status chart: its label and bar never overlap. */
const STATUS_ROW_PX = 24;

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
    // One row per status, whatever the panel's height.
    this.statusBox.style.height = `${UNIT_STATUSES.length * STATUS_ROW_PX + 30}px`;
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
    if (typeof ResizeObserver !== 'undefined') {
      const ro = new ResizeObserver(() => this.resize());
      ro.observe(this.levelBox);
      ro.observe(this.statusBox);
    }
  }

  private dispose(): void {
    this.levelChart?.dispose();
    this.statusChart?.dispose();
    this.levelChart = null;
    this.statusChart = null;
  }

  resize(): void {
    // A hidden box has no size: drawn again when shown (the observer calls back then).
    if (this.levelBox.clientWidth > 0 && this.levelBox.clientHeight > 0) this.levelChart?.resize();
    if (this.statusBox.clientWidth > 0 && this.statusBox.clientHeight > 0) this.statusChart?.resize();
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
    // The high-contrast wall layout has larger type, the charts too (a status row still fits it).
    const fontSize = document.body.classList.contains('hc') ? 14 : 12;
    const axis = {
      axisLabel: { color: text, fontSize },
      axisLine: { lineStyle: { color: muted } },
      splitLine: { lineStyle: { color: cssVar('--line', '#24313f') } },
    };
    if (!this.levelChart) this.levelChart = echarts.init(this.levelBox, undefined, { renderer: 'svg' });
    if (!this.statusChart) this.statusChart = echarts.init(this.statusBox, undefined, { renderer: 'svg' });
    const levelValues = LEVELS.map((l) => c.openByLevel[l]);
    const statusValues = UNIT_STATUSES.map((s) => c.unitsByStatus[s]);
    // What is drawn, for automation: the values in the axis order.
    this.levelBox.dataset.values = levelValues.join(',');
    this.statusBox.dataset.values = statusValues.join(',');
    this.levelChart.setOption({
      animation: false,
      grid: { left: 8, right: 12, top: 18, bottom: 8, outerBoundsMode: 'same', outerBoundsContain: 'axisLabel' },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', data: LEVELS.map((l) => levelShort(l)), ...axis },
      yAxis: { type: 'value', minInterval: 1, ...axis },
      series: [
        {
          type: 'bar',
          name: t('chart.byLevel'),
          data: LEVELS.map((l, i) => ({ value: levelValues[i], itemStyle: { color: LEVEL_COLORS[l] } })),
          barMaxWidth: 36,
          label: { show: true, position: 'top', color: text, fontSize },
        },
      ],
    });
    // Horizontal bars, one row per status with its name on the left: every name is shown
    // (interval 0) and the grid makes room for the longest one (English "out of service").
    this.statusChart.setOption({
      animation: false,
      grid: { left: 8, right: 28, top: 6, bottom: 6, outerBoundsMode: 'same', outerBoundsContain: 'axisLabel' },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'value', minInterval: 1, ...axis },
      yAxis: {
        type: 'category',
        inverse: true,
        data: UNIT_STATUSES.map((s) => unitStatusLabel(s)),
        ...axis,
        axisLabel: { ...axis.axisLabel, interval: 0 },
        axisTick: { alignWithLabel: true },
      },
      series: [
        {
          type: 'bar',
          name: t('chart.byStatus'),
          data: UNIT_STATUSES.map((s, i) => ({ value: statusValues[i], itemStyle: { color: UNIT_STATUS_COLORS[s] } })),
          barMaxWidth: 14,
          label: { show: true, position: 'right', color: text, fontSize },
        },
      ],
    });
    this.resize();
  }
}
