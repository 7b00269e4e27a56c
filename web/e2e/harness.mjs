// @ts-check
// The end-to-end harness: a real `elink serve` on a free loopback port with a fresh center database
// and the demo region, serving web/dist; Debian's Chromium driven by playwright-core.
//
// ELINK_BIN picks the binary (relative paths from the repository root); otherwise
// build/ci/tools/elink, falling back to build/release/tools/elink.

import { spawn, execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

import { chromium } from 'playwright-core';

const run = promisify(execFile);

export const WEB_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const REPO = path.resolve(WEB_DIR, '..');
export const DIST = path.join(WEB_DIR, 'dist');
export const SCREENSHOTS = path.join(REPO, 'out', 'test-artifacts', 'screenshots');
export const PASSWORD = 'secret-pass-1';

export function elinkBinary() {
  const fromEnv = process.env.ELINK_BIN;
  if (fromEnv) return path.resolve(REPO, fromEnv);
  for (const rel of ['build/ci/tools/elink', 'build/release/tools/elink']) {
    const p = path.join(REPO, rel);
    if (existsSync(p)) return p;
  }
  throw new Error('no elink binary: build it (cmake --preset release) or set ELINK_BIN');
}

/** A port the kernel says is free now. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

const sleep = (/** @type {number} */ ms) => new Promise((r) => setTimeout(r, ms));

export class Center {
  /**
   * @param {string} bin
   * @param {{serveArgs?: string[]}} [opts] serveArgs: more options for `elink serve` (e.g. a drill)
   */
  constructor(bin, opts = {}) {
    this.bin = bin;
    this.serveArgs = opts.serveArgs ?? [];
    this.dir = mkdtempSync(path.join(tmpdir(), 'elink-e2e-'));
    this.db = path.join(this.dir, 'center.db');
    this.graph = path.join(this.dir, 'roads.graph');
    this.port = 0;
    /** @type {import('node:child_process').ChildProcess | null} */
    this.proc = null;
    this.log = '';
  }

  get url() {
    return `http://127.0.0.1:${this.port}`;
  }

  /** @param {string[]} args */
  async cli(...args) {
    const { stdout } = await run(this.bin, args, { cwd: REPO, timeout: 60_000 });
    return stdout;
  }

  /** A fresh database with the demo region, its users, and the road graph of northern San Francisco. */
  async init() {
    if (!existsSync(path.join(DIST, 'index.html'))) throw new Error(`no built dashboard in ${DIST}: run npm run build`);
    await this.cli('init', '--db', this.db, '--config', path.join(REPO, 'data/regions/demo'));
    const pw = path.join(this.dir, 'pw');
    writeFileSync(pw, `${PASSWORD}\n`);
    const users = [
      ['disp1', 'dispatcher', 'sf-central'],
      ['disp2', 'dispatcher', 'sf-central'],
      ['cmd1', 'commander', 'sf'],
      ['viewer1', 'viewer', 'sf-central'],
    ];
    for (const [name, role, org] of users) {
      await this.cli('user', 'add', '--db', this.db, '--name', name, '--role', role, '--org', org, '--password-file', pw);
    }
    await this.cli('import-osm', path.join(REPO, 'data/roads/sf-north.osm.gz'), '-o', this.graph);
    this.port = await freePort();
  }

  async start() {
    const args = ['serve', '--db', this.db, '--graph', this.graph, '--listen', `127.0.0.1:${this.port}`, '--web', DIST, ...this.serveArgs];
    const proc = spawn(this.bin, args, { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
    this.proc = proc;
    proc.stdout?.on('data', (d) => (this.log += d));
    proc.stderr?.on('data', (d) => (this.log += d));
    const deadline = Date.now() + 15_000;
    while (Date.now() < deadline) {
      if (proc.exitCode !== null) throw new Error(`elink serve exited ${proc.exitCode}:\n${this.log}`);
      try {
        const res = await fetch(`${this.url}/readyz`);
        if (res.ok) return;
      } catch {
        /* not yet */
      }
      await sleep(100);
    }
    throw new Error(`elink serve did not become ready:\n${this.log}`);
  }

  async stop() {
    const proc = this.proc;
    this.proc = null;
    if (!proc || proc.exitCode !== null) return;
    const exited = new Promise((r) => proc.once('exit', r));
    proc.kill('SIGTERM');
    // The timer is cleared once the server has exited: a pending 15 s timer kept the test
    // process alive that long after its last test.
    /** @type {ReturnType<typeof setTimeout> | undefined} */
    let timer;
    const timeout = new Promise((r) => (timer = setTimeout(() => r('timeout'), 15_000)));
    const outcome = await Promise.race([exited, timeout]);
    clearTimeout(timer);
    if (outcome === 'timeout') {
      proc.kill('SIGKILL');
      await exited;
    }
  }

  async dispose() {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }

  /** @param {string} user */
  async token(user) {
    const res = await fetch(`${this.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ user, password: PASSWORD }),
    });
    if (!res.ok) throw new Error(`login ${user}: ${res.status}`);
    return /** @type {{token: string}} */ (await res.json()).token;
  }

  /**
   * @param {string} token
   * @param {string} p
   */
  async get(token, p) {
    const res = await fetch(`${this.url}${p}`, { headers: { Authorization: `Bearer ${token}` } });
    if (!res.ok) throw new Error(`GET ${p}: ${res.status} ${await res.text()}`);
    return res.json();
  }

  /**
   * @param {string} token
   * @param {string} p
   * @param {unknown} body
   */
  async post(token, p, body) {
    const res = await fetch(`${this.url}${p}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`POST ${p}: ${res.status} ${await res.text()}`);
    return res.json();
  }
}

export async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_BIN ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

/**
 * @param {import('playwright-core').Page} page
 * @param {string} name
 */
export async function screenshot(page, name) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`) });
}

/**
 * Signs in through the login screen and waits for the live stream.
 * @param {import('playwright-core').Page} page
 * @param {string} url
 * @param {string} user
 */
export async function signIn(page, url, user) {
  await page.goto(url);
  await page.fill('#login-user', user);
  await page.fill('#login-password', PASSWORD);
  await page.click('#login-submit');
  await page.waitForSelector('#conn-state[data-state="live"]', { timeout: 15_000 });
}

/**
 * The page position of a point of the map.
 * @param {import('playwright-core').Page} page
 * @param {number} lat
 * @param {number} lon
 */
export async function mapPoint(page, lat, lon) {
  return page.evaluate(
    ([la, lo]) => {
      const m = /** @type {any} */ (window).elink.map;
      const p = m.latLngToContainerPoint([la, lo]);
      return { x: Math.round(p.x), y: Math.round(p.y) };
    },
    [lat, lon],
  );
}

// ---- accessibility: axe-core (npm devDependency), run inside the page ----

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/**
 * @typedef {{view: string, id: string, impact: string, help: string, targets: string[], summary: string}} AxeViolation
 */

/**
 * Runs axe-core's WCAG 2 A and AA rules on the page as it is now. The page's Content Security
 * Policy (default-src 'self') refuses an inline script: the browser context must be made with
 * `bypassCSP: true` (the tests' own context; the server's policy is not changed).
 * @param {import('playwright-core').Page} page
 * @param {string} view what is on the screen, for the report
 * @returns {Promise<AxeViolation[]>}
 */
export async function axeViolations(page, view) {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: AXE_SOURCE });
  /** @type {{violations: {id: string, impact: string, help: string, nodes: {target: unknown[], failureSummary?: string}[]}[]}} */
  const res = await page.evaluate(() =>
    /** @type {any} */ (window).axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa'] },
      resultTypes: ['violations'],
    }),
  );
  return res.violations.map((v) => ({
    view,
    id: v.id,
    impact: v.impact,
    help: v.help,
    targets: v.nodes.map((n) => n.target.map(String).join(' ')),
    summary: (v.nodes[0]?.failureSummary ?? '').split('\n').slice(0, 2).join(' '),
  }));
}

/**
 * The violations as lines to read: view, rule id, impact, and each offending element.
 * @param {AxeViolation[]} vs
 */
export function axeReport(vs) {
  return vs
    .map((v) => `[${v.view}] ${v.id} (${v.impact}): ${v.help} — ${v.summary}\n${v.targets.map((t) => `    ${t}`).join('\n')}`)
    .join('\n');
}
