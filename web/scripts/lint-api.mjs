// @ts-check
// redocly lint (redocly.yaml: the `recommended` rules) over the server's OpenAPI document as
// `npm run gen:api` kept it (build-gen/openapi.json), failing on any problem: an error, and a
// warning too (redocly itself exits 0 on warnings). Each problem is listed on one line.
//
//   node scripts/lint-api.mjs           (npm run lint:api runs the generation first)
//
// For the full report with the document's lines: npx redocly lint build-gen/openapi.json

import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const WEB_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DOCUMENT = path.join('build-gen', 'openapi.json');

if (!existsSync(path.join(WEB_DIR, DOCUMENT))) {
  console.error(`lint-api: no ${DOCUMENT}; run npm run gen:api first (it needs ELINK_BIN or a built elink)`);
  process.exit(1);
}

const res = spawnSync(
  process.execPath,
  [
    path.join(WEB_DIR, 'node_modules', '@redocly', 'cli', 'bin', 'cli.js'),
    'lint',
    DOCUMENT,
    '--config',
    'redocly.yaml',
    '--format',
    'json',
  ],
  {
    cwd: WEB_DIR,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    // No telemetry or update check from a test run (nor its Node-version banner on stdout).
    env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', CI: 'true' },
  },
);

/** @type {{totals: {errors: number, warnings: number, ignored: number}, problems: {ruleId: string, severity: string, message: string, location?: {pointer?: string}[]}[]}} */
let report;
try {
  report = JSON.parse(res.stdout);
} catch {
  console.error(`lint-api: redocly did not report (exit ${res.status}):\n${res.stdout}\n${res.stderr}`);
  process.exit(1);
}

for (const p of report.problems) {
  const where = p.location?.[0]?.pointer ?? '';
  console.log(`${p.severity === 'error' ? 'error' : 'warning'} ${p.ruleId}: ${p.message} at ${where}`);
}
const { errors, warnings } = report.totals;
if (errors > 0 || warnings > 0 || res.status !== 0) {
  console.error(`lint-api: ${DOCUMENT}: ${errors} errors, ${warnings} warnings (each fails the test run)`);
  process.exit(1);
}
console.log(`lint-api: ${DOCUMENT}: no problems`);
