// @ts-check
// End to end: the dashboard while the demo's drill runs — `elink serve --drill
// data/scenarios/demo-drill.toml`, as scripts/demo.sh serves it, at a high drill speed so that its
// two rainstorm warnings, the three sensors' readings and the exercise incidents arrive within
// seconds — and an automated WCAG 2 AA check (axe-core) of the main views, signed in as a
// dispatcher.

import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';

import { axeReport, axeViolations, Center, elinkBinary, launchBrowser, REPO, screenshot, signIn } from './harness.mjs';

/** @typedef {import('playwright-core').Page} Page */
/** @typedef {{l: number, t: number, r: number, b: number}} Box */

const DRILL = path.join(REPO, 'data/scenarios/demo-drill.toml');
// Simulated seconds per real second: the orange warning (minute 1) comes at once, the red one
// (minute 18) about 4.5 s after the start, the scripted incidents of minutes 2 to 10 within 3 s,
// and both warnings (6 h) stay in force for 90 s, several times what these tests take.
const DRILL_SPEED = 240;
const MARINA = { lat: 37.8003, lon: -122.4372 }; // Chestnut St, the Marina (sf-central)
/** What a drill or a replayed call log writes where an address goes: never shown as a place. */
const INTERNAL_REF = /^(script|gen|sf):\d+$/;
/** The map's colours of the public warning levels (src/map/icons.ts). */
const ALERT_COLORS = { blue: '#1f78ff', yellow: '#f2c200', orange: '#f27a00', red: '#e0202e' };
/** The map's colours of the incident levels (src/map/icons.ts). */
const LEVEL_COLORS = { I: '#e0202e', II: '#f27a00', III: '#f2c200', IV: '#2f7fe0' };
/** The unit statuses in the chart's order, as the dashboard names them. */
const STATUS_NAMES = {
  zh: ['待命', '已派出', '已接令', '途中', '到场', '返队', '停用'],
  en: ['available', 'dispatched', 'acknowledged', 'en route', 'on scene', 'returning', 'out of service'],
};

/**
 * @param {Page} p
 * @param {string} sel
 */
const text = async (p, sel) => (await p.textContent(sel)) ?? '';

/**
 * Whether two boxes share any area (touching edges do not count; `slack` px of overlap allowed).
 * @param {Box} a
 * @param {Box} b
 */
const overlaps = (a, b, slack = 0.5) => a.l < b.r - slack && b.l < a.r - slack && a.t < b.b - slack && b.t < a.b - slack;

/** "37.8030, -122.4370": an incident's coordinates as the dashboard shows a place without an address. */
const coords = (/** @type {{lat: number, lon: number}} */ p) => `${p.lat.toFixed(4)}, ${p.lon.toFixed(4)}`;

describe('the dashboard while the demo drill runs', { timeout: 240_000 }, () => {
  /** @type {Center} */
  let center;
  /** @type {import('playwright-core').Browser} */
  let browser;
  /** @type {Page} */
  let page; // disp1
  /** @type {string} */
  let token;
  /** @type {string[]} */
  const pageErrors = [];

  before(async () => {
    center = new Center(elinkBinary(), { serveArgs: ['--drill', DRILL, '--drill-speed', String(DRILL_SPEED)] });
    await center.init();
    await center.start();
    token = await center.token('disp1');
    browser = await launchBrowser();
    // bypassCSP: axe-core is put into the page as an inline script, which the server's policy
    // (default-src 'self') rightly refuses; the dashboard itself needs nothing of the kind.
    const ctx = await browser.newContext({ viewport: { width: 1600, height: 900 }, locale: 'zh-CN', bypassCSP: true });
    page = await ctx.newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await signIn(page, center.url, 'disp1');
    await page.waitForFunction(() => Number(document.getElementById('map')?.dataset.roads ?? 0) > 100);
  });

  after(async () => {
    await browser?.close();
    await center?.dispose();
  });

  /**
   * A JSON POST as disp1.
   * @param {string} p
   * @param {unknown} body
   */
  const post = async (p, body) => {
    const res = await fetch(`${center.url}${p}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: /** @type {any} */ (await res.json()) };
  };

  /** Waits for the map to stop after a move begun by what `act` does (no fixed sleep). */
  const afterMapMove = async (/** @type {() => Promise<unknown>} */ act) => {
    await page.evaluate(() => {
      const w = /** @type {any} */ (window);
      w.__moved = false;
      w.elink.map.once('moveend', () => (w.__moved = true));
    });
    await act();
    await page.waitForFunction(() => /** @type {any} */ (window).__moved === true);
  };

  it('labels every unit on the map with its id alone, clear of the other units, also when its AVL position is stale', async () => {
    await page.waitForSelector('#map .unit-marker[data-unit="RS38"]');
    const markers = await page.$$eval('#map .unit-marker', (els) =>
      els.map((m) => {
        const box = (/** @type {Element} */ e) => {
          const r = e.getBoundingClientRect();
          return { l: r.left, t: r.top, r: r.right, b: r.bottom };
        };
        const label = m.querySelector('.unit-label');
        return { unit: m.getAttribute('data-unit') ?? '', text: label?.textContent ?? '', label: label ? box(label) : null, badge: box(m) };
      }),
    );
    assert.ok(markers.length >= 10, `${markers.length} unit markers`);
    const stations = await page.$$eval('#map .station-marker', (els) =>
      els.map((e) => {
        const r = e.getBoundingClientRect();
        return { l: r.left, t: r.top, r: r.right, b: r.bottom };
      }),
    );
    for (const m of markers) {
      assert.equal(m.text, m.unit, `the label of ${m.unit} is its id`);
      assert.doesNotMatch(m.text, /[?\uFFFD]/);
      assert.ok(m.label);
      // Units at the same station are fanned out around it: no label runs across the station or
      // into another unit's badge (whose glyph would read as part of the id).
      for (const o of markers) if (o.unit !== m.unit) assert.ok(!overlaps(m.label, o.badge), `label ${m.unit} over badge ${o.unit}`);
      for (const s of stations) assert.ok(!overlaps(m.label, s), `label ${m.unit} over a station`);
    }

    // A position 10 minutes old: the unit is drawn there with a dashed outline; the label stays "RS38".
    const old = await post('/api/v1/units/positions', { reports: [{ unit: 'RS38', lat: 37.7975, lon: -122.4305, at_ms: Date.now() - 10 * 60_000 }] });
    assert.equal(old.status, 200, JSON.stringify(old.body));
    const rs38 = '#map .unit-marker.avl-stale[data-unit="RS38"]';
    await page.waitForSelector(rs38, { timeout: 10_000 });
    assert.equal(await text(page, `${rs38} .unit-label`), 'RS38');
    // the staleness is in the tooltip, in words
    await page.hover(rs38);
    await page.waitForFunction(() => Array.from(document.querySelectorAll('.leaflet-tooltip')).some((e) => e.textContent?.includes('定位已过期')));
    await page.mouse.move(5, 5);
    const all = await page.$$eval('#map .unit-label', (els) => els.map((e) => e.textContent ?? ''));
    for (const l of all) assert.doesNotMatch(l, /[?\uFFFD]/, `unit label ${l}`);
  });

  it('draws the open incidents in the incidents-by-level chart', async () => {
    // The chart's values are the queue's open incidents by level (both from the same live state).
    await page.waitForFunction(
      () => {
        const values = (document.getElementById('chart-levels')?.dataset.values ?? '').split(',').map(Number);
        const sum = values.reduce((a, b) => a + b, 0);
        return values.length === 4 && sum > 0 && sum === document.querySelectorAll('#queue-list .queue-item').length;
      },
      null,
      { timeout: 20_000 },
    );
    const drawn = await page.evaluate((colors) => {
      const box = /** @type {HTMLElement} */ (document.getElementById('chart-levels'));
      const svg = box.querySelector('svg');
      const values = (box.dataset.values ?? '').split(',').map(Number);
      const bars = Object.values(colors).map((c) =>
        Math.max(0, ...Array.from(box.querySelectorAll(`path[fill="${c}"]`)).map((p) => /** @type {SVGGraphicsElement} */ (p).getBBox().height)),
      );
      return { values, bars, height: svg?.getBoundingClientRect().height ?? 0, width: svg?.getBoundingClientRect().width ?? 0 };
    }, LEVEL_COLORS);
    assert.ok(drawn.height >= 100 && drawn.width >= 300, `the chart is ${drawn.width}×${drawn.height} px`);
    // every level with incidents has its bar, as tall as its share of the tallest
    const top = Math.max(...drawn.values);
    const tallest = Math.max(...drawn.bars);
    assert.ok(tallest >= 40, JSON.stringify(drawn));
    drawn.values.forEach((v, i) => {
      const bar = /** @type {number} */ (drawn.bars[i]);
      assert.ok(Math.abs(bar - (tallest * v) / top) <= 1.5, `level ${i}: ${v} of ${top} drawn ${bar} of ${tallest} px`);
    });
  });

  it('names every status in the units-by-status chart without two labels overlapping, in Chinese and in English', async () => {
    /** @param {string[]} names */
    const layout = (names) =>
      page.evaluate((names) => {
        const box = /** @type {HTMLElement} */ (document.getElementById('chart-units'));
        const outer = box.getBoundingClientRect();
        const labels = Array.from(box.querySelectorAll('svg text')).map((t) => {
          const r = t.getBoundingClientRect();
          return { s: t.textContent ?? '', l: r.left, t: r.top, r: r.right, b: r.bottom };
        });
        return { labels, outer: { l: outer.left, t: outer.top, r: outer.right, b: outer.bottom }, missing: names.filter((n) => !labels.some((l) => l.s === n)) };
      }, names);
    /** @param {'zh' | 'en'} lang */
    const check = async (lang) => {
      const { labels, outer, missing } = await layout(STATUS_NAMES[lang]);
      assert.deepEqual(missing, [], `${lang}: every status is named`);
      for (const [i, a] of labels.entries()) {
        assert.ok(a.l >= outer.l - 1 && a.r <= outer.r + 1 && a.t >= outer.t - 1 && a.b <= outer.b + 1, `${lang}: "${a.s}" inside the chart`);
        for (const b of labels.slice(i + 1)) assert.ok(!overlaps(a, b), `${lang}: "${a.s}" and "${b.s}" overlap`);
      }
    };
    await check('zh');
    await page.click('#btn-lang');
    await page.waitForFunction(() => document.getElementById('chart-units-title')?.textContent === 'Units by status');
    await page.waitForFunction(() => Array.from(document.querySelectorAll('#chart-units svg text')).some((t) => t.textContent === 'out of service'));
    await check('en');
    await page.click('#btn-lang');
    await page.waitForFunction(() => document.querySelector('#queue h2')?.textContent?.startsWith('事件队列'));
    await page.waitForFunction(() => Array.from(document.querySelectorAll('#chart-units svg text')).some((t) => t.textContent === '停用'));
  });

  it('shows an incident’s address as its place, or its coordinates, never an internal reference like script:12', async () => {
    // An incident whose address is an internal reference (as the drill's were): coordinates instead.
    const made = await post('/api/v1/incidents', { type: 'traffic.accident', location: MARINA, address: 'script:99' });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    const row = `#queue-list .queue-item[data-id="${made.body.id}"] .qi-addr`;
    await page.waitForSelector(row, { timeout: 10_000 });
    assert.equal(await text(page, row), coords(MARINA));
    // and the drill's own incidents
    await page.waitForFunction(() => document.querySelectorAll('#queue-list .queue-item .tag-exercise').length >= 3, null, { timeout: 20_000 });
    const shown = await page.$$eval('#queue-list .queue-item', (els) =>
      els.map((e) => ({ id: Number(e.getAttribute('data-id')), place: e.querySelector('.qi-addr')?.textContent ?? '' })),
    );
    /** @type {any[]} */
    const items = (await center.get(token, '/api/v1/incidents?status=all&limit=500')).items;
    for (const s of shown) {
      assert.doesNotMatch(s.place, INTERNAL_REF, `incident ${s.id}`);
      const inc = items.find((i) => i.id === s.id);
      if (!inc) continue; // arrived after the list was read
      const address = String(inc.address ?? '').trim();
      assert.equal(s.place, address && !INTERNAL_REF.test(address) ? address : coords(inc.location), `incident ${s.id} (${inc.address})`);
    }
    // the detail: the coordinates, and no reference
    await page.click(`#queue-list .queue-item[data-id="${made.body.id}"]`);
    await page.waitForSelector('#detail-place');
    const place = await text(page, '#detail-place');
    assert.doesNotMatch(place, /(script|gen|sf):\d+/);
    assert.ok(place.includes(`${MARINA.lat.toFixed(5)}, ${MARINA.lon.toFixed(5)}`), place);
    // a drill incident's detail shows its address when the server names one
    const drillId = Number(await page.getAttribute('#queue-list .queue-item:has(.tag-exercise)', 'data-id'));
    await page.click(`#queue-list .queue-item[data-id="${drillId}"]`);
    await page.waitForFunction((id) => document.getElementById('detail-title')?.textContent?.includes(`事件 ${id}`), drillId);
    await page.waitForSelector('#detail-place');
    const drillPlace = await text(page, '#detail-place');
    assert.doesNotMatch(drillPlace, /(script|gen|sf):\d+/);
    const drillInc = await center.get(token, `/api/v1/incidents/${drillId}`);
    if (drillInc.address && !INTERNAL_REF.test(drillInc.address)) assert.ok(drillPlace.includes(drillInc.address.trim()), drillPlace);
    await page.keyboard.press('Escape');
    await page.waitForSelector('#charts:not([hidden])');
  });

  it('lists the drill’s two warnings and the three sensors in the situation panel', async () => {
    await page.waitForFunction(() => document.querySelectorAll('#warning-list .warning-item').length === 2, null, { timeout: 30_000 });
    /** @type {any[]} */
    const alerts = (await center.get(token, '/api/v1/alerts?active=true')).items;
    const rows = await page.$$eval('#warning-list .warning-item', (els) =>
      els.map((e) => ({ id: Number(e.getAttribute('data-id')), level: e.getAttribute('data-level'), text: e.textContent ?? '' })),
    );
    // newest first: the red upgrade above the orange warning
    assert.deepEqual(
      rows.map((r) => r.level),
      ['red', 'orange'],
    );
    assert.deepEqual(
      rows.map((r) => r.id),
      alerts.map((a) => a.id),
    );
    for (const r of rows) {
      assert.match(r.text, /暴雨/);
      assert.match(r.text, /演练/);
      assert.match(r.text, /半径 5 公里/);
    }
    /** @type {any[]} */
    const sensors = (await center.get(token, '/api/v1/sensors')).items;
    assert.equal(sensors.length, 3);
    const sensorRows = await page.$$eval('#sensor-list .sensor-item', (els) => els.map((e) => e.getAttribute('data-id')));
    assert.deepEqual([...sensorRows].sort(), sensors.map((s) => s.id).sort());
    // the drill's readings arrive on the sensors' exercise track, marked 演练
    await page.waitForSelector('#sensor-list .sensor-item .sensor-exercise', { timeout: 20_000 });
    assert.match(await text(page, '#sensor-list .sensor-exercise'), /演练/);
  });

  it('draws each warning area as a thin outline with a light fill, at the warning’s radius in metres', async () => {
    /** @type {any[]} */
    const alerts = (await center.get(token, '/api/v1/alerts?active=true')).items;
    await page.waitForFunction((n) => document.querySelectorAll('#map path.warning-area').length === n, alerts.length);
    const areas = /** @type {any[]} */ (await page.evaluate(() => /** @type {any} */ (window).elink.warningAreas()));
    for (const a of alerts) {
      const sel = `#map path.warning-area.warning-id-${a.id}`;
      const fill = Number(await page.getAttribute(sel, 'fill-opacity'));
      const stroke = Number(await page.getAttribute(sel, 'stroke-width'));
      assert.ok(fill > 0 && fill <= 0.08, `fill opacity ${fill}: the roads under a warning stay readable`);
      assert.ok(stroke > 0 && stroke <= 2, `outline ${stroke} px`);
      assert.equal(await page.getAttribute(sel, 'stroke'), ALERT_COLORS[/** @type {keyof typeof ALERT_COLORS} */ (a.level)]);
      const area = areas.find((x) => x.id === a.id);
      assert.ok(area, JSON.stringify(areas));
      assert.equal(area.radiusM, a.area.radius_km * 1000);
      // drawn at that radius at the map's scale: the circle's height is the diameter in pixels
      const px = await page.evaluate(
        ({ sel, lat, lon, m }) => {
          const map = /** @type {any} */ (window).elink.map;
          const c = map.latLngToLayerPoint([lat, lon]);
          const top = map.latLngToLayerPoint([lat + ((m / 6371000) * 180) / Math.PI, lon]);
          const path = /** @type {SVGGraphicsElement} */ (document.querySelector(sel));
          return { expected: c.y - top.y, drawn: path.getBBox().height / 2 };
        },
        { sel, lat: a.area.lat, lon: a.area.lon, m: a.area.radius_km * 1000 },
      );
      assert.ok(Math.abs(px.drawn - px.expected) <= px.expected * 0.02, JSON.stringify(px));
    }
    await screenshot(page, '14-drill-overview');
    // the rest of the situation panel: the charts
    await page.$eval('#charts', (el) => el.scrollTo(0, el.scrollHeight));
    await screenshot(page, '15-drill-panel-charts');
    await page.$eval('#charts', (el) => el.scrollTo(0, 0));
    // a click on the red warning shows its whole circle and its facts
    const red = alerts.find((a) => a.level === 'red');
    await afterMapMove(() => page.click(`#warning-list .warning-item[data-id="${red.id}"]`));
    await page.waitForSelector('.warning-tip');
    assert.match(await text(page, '.warning-tip'), /红色预警/);
    await screenshot(page, '16-drill-warning-area');
  });

  it('passes an automated WCAG 2 AA check (axe-core) in the main views, also in the high-contrast layout', async (t) => {
    /** @type {import('./harness.mjs').AxeViolation[]} */
    const found = [];
    // The overview: queue, map (a warning's facts open), unit board, warnings, sensors, charts.
    found.push(...(await axeViolations(page, 'overview')));

    // An incident's detail, dispatched: the recommendation, the units on it (one on scene, one
    // returning), the plan's tasks, the chronology; the unit board with units in several statuses.
    const id = Number(await page.getAttribute('#queue-list .queue-item:has(.tag-exercise)', 'data-id'));
    await page.click(`#queue-list .queue-item[data-id="${id}"]`);
    await page.waitForSelector('#recommendation .pick[data-unit]', { timeout: 15_000 });
    found.push(...(await axeViolations(page, 'incident detail')));
    await page.click('#detail-title');
    await page.keyboard.press('d');
    await page.waitForSelector('#detail-status[data-status="dispatched"]', { timeout: 15_000 });
    /** @type {string[]} */
    let sent = (await center.get(token, `/api/v1/incidents/${id}`)).units;
    if (sent.length < 2) {
      // a recommendation of one unit: send another one too, to have one on scene and one returning
      const free = /** @type {any[]} */ ((await center.get(token, '/api/v1/units?status=available')).items);
      const extra = free.find((u) => !sent.includes(u.id));
      assert.ok(extra, 'an available unit');
      assert.equal((await post(`/api/v1/incidents/${id}/dispatch`, { units: [extra.id] })).status, 200);
      sent = [...sent, extra.id];
    }
    const [first, second] = /** @type {[string, string]} */ (sent);
    for (const to of ['en_route', 'on_scene']) assert.equal((await post(`/api/v1/units/${first}/status`, { to })).status, 200);
    assert.equal((await post(`/api/v1/units/${second}/status`, { to: 'returning' })).status, 200);
    await page.waitForSelector(`#detail-units .unit-row[data-unit="${first}"] .ust-on_scene`, { timeout: 10_000 });
    await page.waitForSelector(`#detail-units .unit-row.released[data-unit="${second}"]`, { timeout: 10_000 });
    await page.waitForSelector(`#unit-table tr[data-unit="${first}"][data-status="on_scene"]`);
    found.push(...(await axeViolations(page, 'incident detail, dispatched')));

    // The new-incident form with its errors.
    await page.keyboard.press('Escape');
    await page.keyboard.press('n');
    await page.waitForSelector('#new-incident:not([hidden]) #ni-form');
    await page.click('#ni-save');
    await page.waitForSelector('#ni-fix');
    found.push(...(await axeViolations(page, 'new incident, errors')));
    await page.keyboard.press('Escape');
    await page.keyboard.press('Escape');
    await page.waitForSelector('#new-incident', { state: 'hidden' });

    // The high-contrast layout: the overview and the detail.
    await page.keyboard.press('h');
    await page.waitForFunction(() => document.body.classList.contains('hc'));
    await page.waitForSelector('#charts:not([hidden]) #chart-levels svg');
    found.push(...(await axeViolations(page, 'high contrast: overview')));
    await page.click(`#queue-list .queue-item[data-id="${id}"]`);
    await page.waitForSelector('#detail-units .unit-row');
    found.push(...(await axeViolations(page, 'high contrast: incident detail')));
    await screenshot(page, '17-drill-high-contrast');
    await page.keyboard.press('h');
    await page.keyboard.press('Escape');

    /** @type {Record<string, number>} */
    const byRule = {};
    for (const v of found) byRule[v.id] = (byRule[v.id] ?? 0) + v.targets.length;
    t.diagnostic(`axe: ${found.length === 0 ? 'no violations' : JSON.stringify(byRule)}`);
    assert.equal(found.length, 0, `WCAG 2 AA violations:\n${axeReport(found)}`);
  });

  it('raised no script errors', () => {
    assert.deepEqual(pageErrors, []);
  });
});
