// @ts-check
// End to end: the built dashboard served by a real `elink serve`, driven in Debian's Chromium.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { Center, elinkBinary, launchBrowser, mapPoint, screenshot, signIn } from './harness.mjs';

/** @typedef {import('playwright-core').Page} Page */

/**
 * @param {Page} p
 * @param {string} sel
 */
const text = async (p, sel) => (await p.textContent(sel)) ?? '';

/**
 * A JSON POST to the center as the holder of `token`.
 * @param {string} base
 * @param {string} token
 * @param {string} p
 * @param {unknown} body
 */
const postAs = async (base, token, p, body) => {
  const res = await fetch(`${base}${p}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: /** @type {any} */ (await res.json()) };
};

const MARINA = { lat: 37.8003, lon: -122.4372 }; // Chestnut St, the Marina (sf-central)

describe('elink dashboard', { timeout: 240_000 }, () => {
  /** @type {Center} */
  let center;
  /** @type {import('playwright-core').Browser} */
  let browser;
  /** @type {Page} */
  let page; // disp1
  /** @type {Page} */
  let other; // disp2, another session
  /** @type {string} */
  let token;
  /** @type {number} */
  let incidentId;
  /** @type {string[]} */
  const pageErrors = [];

  before(async () => {
    center = new Center(elinkBinary());
    await center.init();
    await center.start();
    token = await center.token('disp1');
    browser = await launchBrowser();
    const ctx = await browser.newContext({ viewport: { width: 1600, height: 900 }, locale: 'zh-CN' });
    page = await ctx.newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
  });

  after(async () => {
    await browser?.close();
    await center?.dispose();
  });

  /** @returns {Promise<any[]>} */
  const allIncidents = async () => (await center.get(token, '/api/v1/incidents?status=all&limit=500')).items;

  it('signs in and shows the map, queue and unit board in Chinese', async () => {
    await page.goto(center.url);
    await page.waitForSelector('#login-form');
    assert.match(await text(page, '#login-form'), /登录指挥中心/);
    await screenshot(page, '01-login');
    // a wrong password is refused with the server's message, in Chinese
    await page.fill('#login-user', 'disp1');
    await page.fill('#login-password', 'not-the-password');
    await page.click('#login-submit');
    await page.waitForSelector('#login-form .problem');
    assert.match(await text(page, '#login-form .problem'), /[\u4e00-\u9fff]/);

    await signIn(page, center.url, 'disp1');
    await page.waitForSelector('#unit-table tbody tr');
    assert.match(await text(page, '#topbar'), /调度员/);
    assert.match(await text(page, '#queue'), /事件队列/);
    // the road layer from the server is drawn
    await page.waitForFunction(() => Number(document.getElementById('map')?.dataset.roads ?? 0) > 100);
    const units = await page.$$eval('#unit-table tbody tr', (rows) => rows.map((r) => r.getAttribute('data-unit')));
    assert.ok(units.includes('E16'), 'the Marina engine is on the board');
    await screenshot(page, '02-overview');
  });

  it('shows live coverage by grid and the move-up advice, as the server counts them', async () => {
    assert.equal(await page.isChecked('#layer-coverage'), false, 'coverage starts switched off');
    await page.check('#layer-coverage');
    await page.waitForSelector('#coverage-share[data-share]', { timeout: 15_000 });
    const engines = await center.get(token, '/api/v1/coverage?type=engine&minutes=8');
    assert.equal(await page.getAttribute('#coverage-share', 'data-share'), engines.share.toFixed(4));
    assert.match(await text(page, '#coverage-panel'), /覆盖/);
    // one tinted polygon per grid whose centre is on the roads
    const placed = engines.grids.filter((/** @type {any} */ g) => g.placed).length;
    assert.ok(placed > 0);
    await page.waitForFunction((n) => Number(document.getElementById('map')?.dataset.coverage ?? 0) === n, placed);
    const moves = await page.$$eval('#coverage-moves li', (els) => els.map((e) => e.getAttribute('data-unit')));
    assert.deepEqual(moves, engines.moves.map((/** @type {any} */ m) => m.unit));
    await screenshot(page, '02b-coverage');
    // another type: the panel follows the server's answer for it
    await page.selectOption('#coverage-type', 'ambulance');
    const ambulances = await center.get(token, '/api/v1/coverage?type=ambulance&minutes=8');
    await page.waitForSelector(`#coverage-share[data-share="${ambulances.share.toFixed(4)}"]`, { timeout: 10_000 });
    await page.uncheck('#layer-coverage');
    assert.equal(await page.isVisible('#coverage-panel'), false);
    // the keyboard belongs to the dashboard again (a focused control keeps the shortcuts)
    await page.evaluate(() => /** @type {HTMLElement | null} */ (document.activeElement)?.blur());
  });

  it('creates an incident by clicking the map', async () => {
    const before = (await allIncidents()).length;
    await page.keyboard.press('n');
    await page.waitForSelector('#new-incident:not([hidden]) #ni-form');
    // Zoom to the spot so that the click lands on the map, not on a station's units.
    await page.evaluate(([lat, lon]) => /** @type {any} */ (window).elink.map.setView([lat, lon], 17, { animate: false }), [MARINA.lat, MARINA.lon]);
    const p = await mapPoint(page, MARINA.lat, MARINA.lon);
    await page.click('#map', { position: p });
    const coords = await page.inputValue('#ni-coords');
    const [lat, lon] = coords.split(',').map(Number);
    assert.ok(Math.abs(lat - MARINA.lat) < 2e-4 && Math.abs(lon - MARINA.lon) < 2e-4, `clicked ${coords}`);
    assert.match(await text(page, '#ni-where'), /滨海/); // jurisdiction from the grids, before saving
    await page.selectOption('#ni-type', 'fire.residential');
    await page.fill('#ni-address', '2100 Chestnut St');
    await page.fill('#ni-reporter-phone', '+1 415 555 0100');
    await screenshot(page, '03-new-incident');
    await page.click('#ni-save');
    await page.waitForSelector('#detail:not([hidden]) #detail-title');
    const title = await text(page, '#detail-title');
    const m = /事件 (\d+)/.exec(title ?? '');
    assert.ok(m, title ?? '');
    incidentId = Number(m[1]);
    const after = await allIncidents();
    assert.equal(after.length, before + 1);
    const saved = after.find((i) => i.id === incidentId);
    assert.equal(saved.type, 'fire.residential');
    assert.equal(saved.address, '2100 Chestnut St');
    assert.equal(saved.jurisdiction, 'sf-marina');
    assert.ok(Math.abs(saved.location.lat - lat) < 1e-6);
    // it is in the queue, with its live age timer
    await page.waitForSelector(`#queue-list .queue-item[data-id="${incidentId}"] .timer`);
  });

  it('shows the recommendation with the ETA and the reason of each unit', async () => {
    await page.waitForSelector('#recommendation .pick[data-unit] .pick-eta');
    const picks = await page.$$eval('#recommendation .rec-line .pick', (els) =>
      els.map((el) => ({ unit: el.getAttribute('data-unit'), eta: el.querySelector('.pick-eta')?.textContent ?? '', why: el.querySelector('.pick-why')?.textContent ?? '' })),
    );
    assert.ok(picks.length >= 3, JSON.stringify(picks));
    for (const p of picks) {
      assert.match(p.eta, /^预计 \d/, JSON.stringify(p));
      assert.match(p.why, /本辖区|跨区增援/);
    }
    // the dashboard shows the server's own numbers
    const rec = await center.get(token, `/api/v1/incidents/${incidentId}/recommendation`);
    const e16 = rec.lines.flatMap((/** @type {any} */ l) => l.picks).find((/** @type {any} */ p) => p.unit === 'E16');
    assert.ok(e16, 'E16 is recommended for a fire next to its station');
    const shown = picks.find((p) => p.unit === 'E16');
    assert.ok(shown);
    const s = Math.round(e16.eta_s);
    const expected = s < 60 ? `预计 ${s}秒` : `预计 ${Math.floor(s / 60)}分${String(s % 60).padStart(2, '0')}秒`;
    assert.equal(shown.eta, expected);
    await screenshot(page, '04-recommendation');
  });

  it('dispatches the recommended units with D, and another session sees the units change live', async () => {
    const ctx2 = await browser.newContext({ viewport: { width: 1600, height: 900 }, locale: 'zh-CN' });
    other = await ctx2.newPage();
    other.on('pageerror', (e) => pageErrors.push(e.message));
    await signIn(other, center.url, 'disp2');
    await other.waitForSelector('#unit-table tr[data-unit="E16"][data-status="available"]');

    await page.click('#detail-title'); // focus away from any input
    await page.keyboard.press('d');
    await page.waitForSelector('#detail-status[data-status="dispatched"]', { timeout: 15_000 });
    const detail = await center.get(token, `/api/v1/incidents/${incidentId}`);
    assert.equal(detail.status, 'dispatched');
    assert.ok(detail.units.includes('E16'), JSON.stringify(detail.units));

    // the other dispatcher's board shows E16 dispatched without a reload
    await other.waitForSelector('#unit-table tr[data-unit="E16"][data-status="dispatched"]', { timeout: 10_000 });
    // a status change by click in the first session reaches the second live
    await page.click('#unit-table tr[data-unit="E16"] button[data-to="acknowledged"]');
    await other.waitForSelector('#unit-table tr[data-unit="E16"][data-status="acknowledged"]', { timeout: 10_000 });
    const e16 = await center.get(token, '/api/v1/units/E16');
    assert.equal(e16.status, 'acknowledged');
    // the map draws each dispatched unit's route with its ETA
    await page.waitForSelector('.eta-tip', { timeout: 10_000 });
    assert.match(await text(page, '.eta-tip'), /预计/);
    await other.click(`#queue-list .queue-item[data-id="${incidentId}"]`);
    await other.waitForSelector('#detail-units .unit-row[data-unit="E16"]');
    await screenshot(page, '05-dispatched');
    await screenshot(other, '06-second-session');
  });

  it('adds a note to the record, kept while the detail updates, and another session sees it live', async () => {
    const note = '报警人称三楼有老人未撤出';
    await page.click('#note-text');
    await page.keyboard.type(note.slice(0, 6));
    // a live update re-renders the detail while the dispatcher types: the draft and the focus stay
    await center.post(token, '/api/v1/units/E16/status', { to: 'en_route' });
    await page.waitForSelector('#detail-units .unit-row[data-unit="E16"] .ust-en_route', { timeout: 10_000 });
    await page.keyboard.type(note.slice(6));
    assert.equal(await page.inputValue('#note-text'), note);
    await page.click('#btn-add-note');
    await other.waitForFunction(
      (n) => Array.from(document.querySelectorAll('#detail-chronology li .what')).some((el) => el.textContent === `补充记录：${n}`),
      note,
      { timeout: 10_000 },
    );
    assert.equal(await page.inputValue('#note-text'), '');
    const detail = await center.get(token, `/api/v1/incidents/${incidentId}`);
    const last = detail.chronology[detail.chronology.length - 1];
    assert.equal(last.what, 'incident_note_added');
    assert.equal(last.detail, note);
    assert.equal(last.actor, 'disp1');
  });

  it('shows bad input errors in Chinese and saves nothing', async () => {
    const before = (await allIncidents()).length;
    await page.keyboard.press('Escape'); // leave the detail
    await page.keyboard.press('n');
    await page.waitForSelector('#new-incident:not([hidden]) #ni-form');
    await page.fill('#ni-coords', '北纬37度');
    await page.fill('#ni-reporter-phone', 'call me');
    await page.fill('#ni-injured', '-2');
    await page.click('#ni-save');
    await page.waitForSelector('#ni-fix');
    assert.equal(await text(page, '#ni-coords-error'), '坐标格式应为“纬度, 经度”，如 37.8003, -122.4372');
    assert.equal(await text(page, '#ni-type-error'), '请选择事件类型');
    assert.match(await text(page, '#ni-reporter-phone-error'), /电话号码/);
    assert.match(await text(page, '#ni-injured-error'), /整数/);
    assert.match(await text(page, '#ni-fix'), /请更正/);
    // out-of-range coordinates: a different message
    await page.fill('#ni-coords', '137.8, -122.4');
    await page.click('#ni-save');
    await page.waitForFunction(() => document.getElementById('ni-coords-error')?.textContent === '纬度须在 -90 到 90 之间');
    await screenshot(page, '07-form-errors');
    assert.equal((await allIncidents()).length, before, 'nothing was saved');
    await page.keyboard.press('Escape'); // leave the field
    await page.keyboard.press('Escape'); // close the form
    await page.waitForSelector('#new-incident', { state: 'hidden' });
  });

  it('warns about a probable duplicate before saving', async () => {
    await page.keyboard.press('n');
    await page.waitForSelector('#new-incident:not([hidden]) #ni-form');
    await page.fill('#ni-coords', `${MARINA.lat + 0.0001}, ${MARINA.lon}`);
    await page.selectOption('#ni-type', 'fire.high_rise');
    await page.waitForSelector('#dup-before');
    assert.match(await text(page, '#dup-before'), new RegExp(`事件 ${incidentId}`));
    assert.equal(await text(page, '#ni-save'), '仍然保存为新事件');
    await page.click('#ni-cancel');
  });

  it('finds a corner by name for the location', async () => {
    await page.keyboard.press('n');
    await page.waitForSelector('#new-incident:not([hidden]) #ni-form');
    await page.fill('#ni-search', 'Chestnut & Fillmore');
    await page.waitForSelector('#ni-places button.place');
    assert.match(await text(page, '#ni-places'), /Chestnut Street & Fillmore Street/);
    await page.click('#ni-places button.place');
    const [lat, lon] = (await page.inputValue('#ni-coords')).split(',').map(Number);
    const places = await center.get(token, '/api/v1/places?q=Chestnut%20%26%20Fillmore');
    assert.ok(Math.abs(lat - places.items[0].location.lat) < 1e-6 && Math.abs(lon - places.items[0].location.lon) < 1e-6);
    assert.equal(await page.inputValue('#ni-address'), 'Chestnut Street & Fillmore Street');
    await page.click('#ni-cancel');
  });

  it('lets a commander merge a flagged duplicate with one click and change the level', async () => {
    const cmdToken = await center.token('cmd1');
    const res = await fetch(`${center.url}/api/v1/incidents`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ type: 'fire.residential', location: { lat: MARINA.lat + 0.0001, lon: MARINA.lon }, address: 'a second caller' }),
    });
    const created = await res.json();
    assert.equal(res.status, 201);
    assert.deepEqual(created.duplicates.map((/** @type {any} */ d) => d.id), [incidentId]);

    const ctx = await browser.newContext({ viewport: { width: 1600, height: 900 } });
    const cmd = await ctx.newPage();
    cmd.on('pageerror', (e) => pageErrors.push(e.message));
    await signIn(cmd, center.url, 'cmd1');
    await cmd.click(`#queue-list .queue-item[data-id="${created.id}"]`);
    await cmd.waitForSelector(`#btn-merge-into-${incidentId}`);
    await screenshot(cmd, '11-duplicate-flagged');
    await cmd.click(`#btn-merge-into-${incidentId}`);
    await cmd.waitForSelector('#merge-dialog');
    assert.equal(await cmd.inputValue('#merge-into'), String(incidentId));
    await cmd.click('#merge-ok');
    await cmd.waitForSelector('#merge-dialog', { state: 'detached' });
    const dup = await center.get(cmdToken, `/api/v1/incidents/${created.id}`);
    assert.equal(dup.status, 'merged');
    assert.equal(dup.merged_into, incidentId);
    // the merged report leaves the dispatcher's open queue live
    await page.waitForSelector(`#queue-list .queue-item[data-id="${created.id}"]`, { state: 'detached', timeout: 10_000 });

    // the commander is now on the original: raise it to level III
    await cmd.waitForFunction((id) => document.getElementById('detail-title')?.textContent?.includes(`事件 ${id}`), incidentId);
    await cmd.click('#btn-level');
    await cmd.selectOption('#level-select', 'III');
    await cmd.fill('#level-reason', '火势蔓延');
    await cmd.click('#level-ok');
    await cmd.waitForSelector('#detail-level.lvl-III', { timeout: 10_000 });
    const original = await center.get(cmdToken, `/api/v1/incidents/${incidentId}`);
    assert.equal(original.level, 'III');
    await page.waitForSelector(`#queue-list .queue-item.lvl-III[data-id="${incidentId}"]`, { timeout: 10_000 });
    await ctx.close();
  });

  it('follows the role: a viewer gets no actions', async () => {
    const ctx = await browser.newContext({ viewport: { width: 1400, height: 850 } });
    const viewer = await ctx.newPage();
    await signIn(viewer, center.url, 'viewer1');
    await viewer.waitForSelector('#unit-table tbody tr');
    assert.equal(await viewer.$('#btn-new'), null);
    assert.equal(await viewer.$('#unit-table button[data-to]'), null);
    await viewer.click(`#queue-list .queue-item[data-id="${incidentId}"]`);
    await viewer.waitForSelector('#detail-title');
    assert.equal(await viewer.$('#btn-dispatch-recommended'), null);
    await viewer.keyboard.press('n');
    await viewer.waitForSelector('.toast-warn');
    assert.match(await text(viewer, '.toast-warn'), /无权/);
    await ctx.close();
  });

  it('switches to English and to the high-contrast layout, and keeps the choice', async () => {
    await page.click('#btn-lang');
    await page.waitForFunction(() => document.querySelector('#queue h2')?.textContent?.startsWith('Incident queue'));
    assert.match(await text(page, '#units'), /Unit status board/);
    await page.keyboard.press('h');
    assert.equal(await page.evaluate(() => document.body.classList.contains('hc')), true);
    await page.keyboard.press('?');
    await page.waitForSelector('#help');
    assert.match(await text(page, '#help'), /Keyboard shortcuts/);
    await screenshot(page, '08-english-high-contrast-help');
    await page.keyboard.press('Escape');
    await page.waitForSelector('#help', { state: 'detached' });
    await page.reload();
    await page.waitForSelector('#conn-state[data-state="live"]');
    assert.equal(await page.evaluate(() => document.body.classList.contains('hc')), true);
    assert.match(await text(page, '#queue h2'), /Incident queue/);
    await page.click('#btn-lang');
    await page.keyboard.press('h');
    await page.waitForFunction(() => document.querySelector('#queue h2')?.textContent?.startsWith('事件队列'));
  });

  it('shows the connection-lost banner and catches up after a restart without a reload', async () => {
    await page.waitForSelector('#conn-state[data-state="live"]');
    await page.evaluate(() => {
      /** @type {any} */ (window).__notReloaded = true;
    });
    await center.stop();
    await page.waitForSelector('#conn-banner:not([hidden])', { timeout: 10_000 });
    assert.match(await text(page, '#conn-banner'), /连接已断开/);
    await screenshot(page, '09-connection-lost');

    // While the server is down, the center's database changes through the CLI.
    const out = await center.cli('--as', 'cli-operator', 'incident', 'create', '--db', center.db, '--type', 'traffic.accident', '--at', '37.7990,-122.4300', '--address', 'Lombard St & Fillmore St');
    const m = /(\d+)/.exec(out);
    assert.ok(m, out);
    const created = (await center.cli('incident', 'list', '--db', center.db)).includes('traffic.accident');
    assert.ok(created);
    await center.cli('unit', 'status', '--db', center.db, '--unit', 'B16', '--to', 'out_of_service', '--reason', 'maintenance');
    await center.start(); // same port, same database

    await page.waitForSelector('#conn-banner', { state: 'hidden', timeout: 40_000 });
    await page.waitForSelector('#conn-state[data-state="live"]');
    await page.waitForSelector('#unit-table tr[data-unit="B16"][data-status="out_of_service"]', { timeout: 10_000 });
    const ids = await page.$$eval('#queue-list .queue-item', (els) => els.map((e) => Number(e.getAttribute('data-id'))));
    const all = await allIncidents();
    const traffic = all.find((i) => i.type === 'traffic.accident');
    assert.ok(traffic);
    assert.ok(ids.includes(traffic.id), `queue ${ids} has the incident made while the server was down`);
    assert.equal(await page.evaluate(() => /** @type {any} */ (window).__notReloaded), true, 'no reload');
    // and it is live again: an event after the restart arrives too
    await fetch(`${center.url}/api/v1/units/B16/status`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${await center.token('disp1')}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ to: 'available' }),
    });
    await page.waitForSelector('#unit-table tr[data-unit="B16"][data-status="available"]', { timeout: 10_000 });
    await screenshot(page, '10-caught-up');
  });

  it('shows a commander’s public warning live on a dispatcher’s map and list, and its cancellation', async () => {
    const cmdToken = await center.token('cmd1'); // commander of sf, made by the harness
    /** @param {string} p @param {unknown} body */
    const post = (p, body) => postAs(center.url, cmdToken, p, body);
    // A drill published before the page opens: it comes with the initial load (the REST shape).
    const drill = await post('/api/v1/alerts', {
      level: 'yellow',
      category: 'Fire',
      event: { zh: '森林火险', en: 'Wildfire risk' },
      headline: { zh: '森林火险演练', en: 'Wildfire drill' },
      area: { description: { zh: '要塞公园', en: 'Presidio' }, lat: 37.7989, lon: -122.4662, radius_km: 0.8 },
      expires_in_minutes: 60,
      exercise: true,
    });
    assert.equal(drill.status, 201, JSON.stringify(drill.body));

    const ctx = await browser.newContext({ viewport: { width: 1600, height: 900 }, locale: 'zh-CN' });
    const disp = await ctx.newPage();
    disp.on('pageerror', (e) => pageErrors.push(e.message));
    await signIn(disp, center.url, 'disp2');
    // the layer switcher has the warning layer, on
    assert.match(await text(disp, '#map-layers'), /预警区域/);
    assert.equal(await disp.isChecked('#layer-warnings'), true);
    await disp.waitForSelector(`#warning-list .warning-item[data-id="${drill.body.id}"][data-level="yellow"]`);
    assert.match(await text(disp, '#warnings'), /预警/);
    const drillText = await text(disp, `#warning-list .warning-item[data-id="${drill.body.id}"]`);
    assert.match(drillText, /森林火险演练/);
    assert.match(drillText, /黄色预警/);
    assert.match(drillText, /演练/);
    await disp.waitForSelector(`#map path.warning-area.warning-yellow.warning-exercise.warning-id-${drill.body.id}`, { state: 'attached' });

    // The commander publishes a warning while the dispatcher's page is open: it arrives live.
    const pub = await post('/api/v1/alerts', {
      level: 'orange',
      category: 'Met',
      event: { zh: '暴雨', en: 'Rainstorm' },
      headline: { zh: '短时强降水', en: 'Heavy showers' },
      area: { description: { zh: '滨海区', en: 'Marina' }, lat: 37.8003, lon: -122.4372, radius_km: 1.5 },
      expires_in_minutes: 120,
    });
    assert.equal(pub.status, 201, JSON.stringify(pub.body));
    const id = pub.body.id;
    const item = `#warning-list .warning-item[data-id="${id}"]`;
    await disp.waitForSelector(`${item}[data-level="orange"]`, { timeout: 10_000 });
    const shown = await text(disp, item);
    for (const re of [/短时强降水/, /橙色预警/, /暴雨/, /滨海区/, /半径 1\.5 公里/, /有效至 .*后失效/]) assert.match(shown, re);
    assert.doesNotMatch(shown, /演练/);
    // newest first
    const order = await disp.$$eval('#warning-list .warning-item', (els) => els.map((e) => Number(e.getAttribute('data-id'))));
    assert.deepEqual(order, [id, drill.body.id]);
    // the circle on the map: where the server has it, 1.5 km, orange
    await disp.waitForSelector(`#map path.warning-area.warning-orange.warning-id-${id}`, { state: 'attached', timeout: 10_000 });
    assert.equal(await disp.getAttribute(`#map path.warning-id-${id}`, 'stroke'), '#f27a00');
    const areas = await disp.evaluate(() => /** @type {any} */ (window).elink.warningAreas());
    const area = areas.find((/** @type {any} */ a) => a.id === id);
    assert.ok(area, JSON.stringify(areas));
    const listed = (await center.get(token, '/api/v1/alerts?active=true')).items.find((/** @type {any} */ a) => a.id === id);
    assert.ok(listed);
    assert.equal(area.lat, listed.area.lat);
    assert.equal(area.lon, listed.area.lon);
    assert.equal(area.radiusM, listed.area.radius_km * 1000);
    assert.equal(area.level, 'orange');
    // a click in the list shows the circle with its facts
    await disp.evaluate(() => {
      const w = /** @type {any} */ (window);
      w.__moved = false;
      w.elink.map.once('moveend', () => (w.__moved = true));
    });
    await disp.click(item);
    await disp.waitForSelector('.warning-tip');
    const tip = await text(disp, '.warning-tip');
    for (const re of [/短时强降水/, /橙色预警/, /暴雨/, /有效至/]) assert.match(tip, re);
    await disp.waitForFunction(() => /** @type {any} */ (window).__moved === true); // the map's move to the circle
    await screenshot(disp, '12-warning');

    // Cancelled by the commander: it leaves the list and the map live.
    const cancel = await post(`/api/v1/alerts/${id}/cancel`, { reason: '降雨减弱' });
    assert.equal(cancel.status, 200, JSON.stringify(cancel.body));
    await disp.waitForSelector(item, { state: 'detached', timeout: 10_000 });
    await disp.waitForSelector(`#map path.warning-id-${id}`, { state: 'detached' });
    const left = await disp.evaluate(() => /** @type {any} */ (window).elink.warningAreas().map((/** @type {any} */ a) => a.id));
    assert.deepEqual(left, [drill.body.id]);
    assert.equal((await post(`/api/v1/alerts/${drill.body.id}/cancel`, {})).status, 200);
    await disp.waitForSelector('#warnings-empty', { timeout: 10_000 });
    assert.equal(await disp.$('#map path.warning-area'), null);
    await ctx.close();
  });

  it('lists the demo region’s monitoring sensors and follows a reading and a drill live', async () => {
    const cmdToken = await center.token('cmd1'); // commander of sf, made by the harness
    /** @param {string} p @param {unknown} body */
    const post = (p, body) => postAs(center.url, cmdToken, p, body);
    /** @type {any[]} */
    const sensors = (await center.get(token, '/api/v1/sensors')).items;
    const ids = sensors.map((s) => s.id).sort();
    for (const id of ['sf-rain-presidio', 'sf-wl-marina', 'sf-wl-wharf']) assert.ok(ids.includes(id), `${id} in ${ids.join(', ')}`);

    const ctx = await browser.newContext({ viewport: { width: 1600, height: 900 }, locale: 'zh-CN' });
    const disp = await ctx.newPage();
    disp.on('pageerror', (e) => pageErrors.push(e.message));
    await signIn(disp, center.url, 'disp2');
    await disp.waitForSelector('#sensor-list .sensor-item[data-id="sf-wl-marina"]', { timeout: 10_000 });
    assert.match(await text(disp, '#monitoring-title'), /监测/);
    /** @param {import('playwright-core').Page} p */
    const rows = (p) =>
      p.$$eval('#sensor-list .sensor-item', (els) => els.map((e) => ({ id: e.getAttribute('data-id'), level: e.getAttribute('data-level') })));
    const shown = await rows(disp);
    assert.deepEqual(shown.map((r) => r.id).sort(), ids);
    // each row: the server's level, its name in Chinese, its reading or that there is none
    for (const s of sensors) {
      const row = `#sensor-list .sensor-item[data-id="${s.id}"]`;
      assert.equal(await disp.getAttribute(row, 'data-level'), s.level);
      const rowText = await text(disp, row);
      assert.ok(rowText.includes(s.name.zh), `${rowText} names ${s.name.zh}`);
      if (s.last_value === null) assert.match(rowText, /暂无读数/);
      else assert.ok(rowText.includes(s.unit), `${rowText} has the unit ${s.unit}`);
    }
    // most severe first
    const rank = ['red', 'orange', 'yellow', 'blue', 'none'];
    const ranks = shown.map((r) => rank.indexOf(r.level ?? ''));
    assert.deepEqual(ranks, [...ranks].sort((a, b) => a - b));

    // A reading at the marina gauge's highest threshold: the row turns that colour live and comes first.
    const marina = sensors.find((s) => s.id === 'sf-wl-marina');
    const top = /** @type {number[]} */ (Object.values(marina.thresholds)).reduce((a, b) => Math.max(a, b));
    const rec = await post('/api/v1/sensors/sf-wl-marina/readings', { value: top + 0.1 });
    assert.equal(rec.status, 201, JSON.stringify(rec.body));
    assert.notEqual(rec.body.level, 'none');
    const marinaRow = `#sensor-list .sensor-item[data-id="sf-wl-marina"]`;
    await disp.waitForSelector(`${marinaRow}[data-level="${rec.body.level}"]`, { timeout: 10_000 });
    assert.equal((await rows(disp))[0].id, 'sf-wl-marina');
    assert.ok((await text(disp, marinaRow)).includes(`${Math.round((top + 0.1) * 1000) / 1000} ${marina.unit}`));
    const tip = (await disp.getAttribute(marinaRow, 'title')) ?? '';
    assert.ok(tip.length > 0 && tip !== '定位', `the reason as the tooltip: ${tip}`);
    // a click centres the map on the sensor
    await disp.click(marinaRow);
    await disp.waitForFunction(
      (at) => {
        const c = /** @type {any} */ (window).elink.map.getCenter();
        return Math.abs(c.lat - at.lat) < 1e-3 && Math.abs(c.lng - at.lon) < 1e-3;
      },
      marina.location,
      { timeout: 5_000 },
    );

    // A drill reading at the wharf gauge: its exercise level shows with 演练, the real one stays.
    const wharf = sensors.find((s) => s.id === 'sf-wl-wharf');
    const wharfTop = /** @type {number[]} */ (Object.values(wharf.thresholds)).reduce((a, b) => Math.max(a, b));
    const drill = await post('/api/v1/sensors/sf-wl-wharf/readings', { value: wharfTop + 0.1, exercise: true });
    assert.equal(drill.status, 201, JSON.stringify(drill.body));
    const wharfRow = `#sensor-list .sensor-item[data-id="sf-wl-wharf"]`;
    await disp.waitForSelector(`${wharfRow}[data-exercise-level="${drill.body.level}"]`, { timeout: 10_000 });
    assert.equal(await disp.getAttribute(wharfRow, 'data-level'), wharf.level);
    assert.match(await text(disp, `${wharfRow} .sensor-exercise`), /演练/);
    assert.equal(await disp.$(`${marinaRow} .sensor-exercise`), null);
    await screenshot(disp, '13-monitoring');
    await ctx.close();
  });

  it('shows a unit added, changed and retired by a commander live on a dispatcher’s board and map', async () => {
    const cmdToken = await center.token('cmd1'); // commander of sf
    /** @param {string} p @param {unknown} body */
    const post = (p, body) => postAs(center.url, cmdToken, p, body);
    const added = await post('/api/v1/units', {
      id: 'B77', name: '第16消防站 冲锋舟 B77', name_en: 'Station 16 Boat B77', type: 'boat',
      capabilities: ['water_rescue'], crew: 3, station: 'sf-fs-16', reason: '新购冲锋舟入列',
    });
    assert.equal(added.status, 200, JSON.stringify(added.body));
    // disp1 (sf-central) sees it on the board and on the map without a reload
    await page.waitForSelector('#unit-table tr[data-unit="B77"][data-status="available"]', { timeout: 10_000 });
    assert.match(await text(page, '#unit-table tr[data-unit="B77"]'), /3 人/);
    await page.waitForSelector('.unit-marker[data-unit="B77"]', { timeout: 10_000 });
    const unit = await center.get(token, '/api/v1/units/B77');
    const changed = await post('/api/v1/units/B77/change', { crew: 5, revision: unit.revision, reason: '补员' });
    assert.equal(changed.status, 200, JSON.stringify(changed.body));
    await page.waitForFunction(() => /5 人/.test(document.querySelector('#unit-table tr[data-unit="B77"]')?.textContent ?? ''), null, { timeout: 10_000 });
    // the same revision again: someone else changed it since
    const stale = await post('/api/v1/units/B77/change', { crew: 6, revision: unit.revision, reason: '同时编辑' });
    assert.equal(stale.status, 409);
    assert.equal(stale.body.field, 'revision');
    await screenshot(page, '14-unit-added');
    const retired = await post('/api/v1/units/B77/retire', { reason: '报废' });
    assert.equal(retired.status, 200, JSON.stringify(retired.body));
    await page.waitForSelector('#unit-table tr[data-unit="B77"]', { state: 'detached', timeout: 10_000 });
    await page.waitForSelector('.unit-marker[data-unit="B77"]', { state: 'detached', timeout: 10_000 });
  });

  it('raised no script errors', () => {
    assert.deepEqual(pageErrors, []);
  });
});
