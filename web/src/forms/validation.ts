// The new-incident form: what the dispatcher typed, checked as the server would check it
// (api/routes/incidents.cpp and json_input.cpp: required fields, ranges, byte limits, no control characters),
// so that mistakes are shown next to the field, in the user's language, before anything is sent.
// Also the duplicate check made before saving, on the incidents the dashboard already holds, by the
// server's rule and related types (state/catalogue.ts, loaded from the API).

import type {
  CreateIncidentBody,
  IncidentSummary,
  LatLon,
  Level,
  Source,
} from '../api/types';
import { LEVELS, SOURCES } from '../api/types';
import type { MessageKey, Params } from '../i18n';
import { findIncidentType, relatedTypes, type Catalogue } from '../state/catalogue';
import { haversineMeters } from '../map/geo';
import { isOpen, parseTime } from '../state/timers';

export interface FieldError {
  key: MessageKey;
  params?: Params;
}

export interface IncidentFormInput {
  type: string;
  level: string;
  source: string;
  /** The coordinates field, "lat, lon" (filled by a map click or a place search too). */
  coords: string;
  address: string;
  description: string;
  reporterName: string;
  reporterPhone: string;
  injured: string;
  dead: string;
  trapped: string;
  missing: string;
  exercise: boolean;
}

export type FormField = keyof IncidentFormInput;

export type ValidationResult =
  | { ok: true; body: CreateIncidentBody }
  | { ok: false; errors: Partial<Record<FormField, FieldError>> };

export const TEXT_MAX_BYTES = 4000; // json_input.hpp kMaxTextBytes
export const NAME_MAX_BYTES = 200; // reporter name and phone
export const COUNT_MAX = 1_000_000;

const encoder = new TextEncoder();

export function utf8Bytes(s: string): number {
  return encoder.encode(s).length;
}

/** The server refuses control characters other than tab and newline (json_input.cpp). */
export function hasControlChars(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a) || c === 0x7f) return true;
  }
  return false;
}

export type CoordsResult = { ok: true; value: LatLon } | { ok: false; error: FieldError };

const NUMBER = String.raw`[-+]?(?:\d+(?:\.\d*)?|\.\d+)`;
const COORDS_RE = new RegExp(String.raw`^\s*(${NUMBER})\s*(?:[,，;；]\s*|\s+)(${NUMBER})\s*$`);

/** "37.8003, -122.4372" (also with a space, a full-width comma or a semicolon between). */
export function parseCoordinates(text: string): CoordsResult {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: false, error: { key: 'err.locationRequired' } };
  const m = COORDS_RE.exec(trimmed);
  if (!m) return { ok: false, error: { key: 'err.coordsFormat' } };
  const lat = Number(m[1]);
  const lon = Number(m[2]);
  if (!Number.isFinite(lat) || !Number.isFinite(lon)) return { ok: false, error: { key: 'err.coordsFormat' } };
  if (lat < -90 || lat > 90) return { ok: false, error: { key: 'err.latRange' } };
  if (lon < -180 || lon > 180) return { ok: false, error: { key: 'err.lonRange' } };
  return { ok: true, value: { lat, lon } };
}

export function formatCoordinates(p: LatLon): string {
  return `${p.lat.toFixed(6)}, ${p.lon.toFixed(6)}`;
}

function checkText(value: string, maxBytes: number): FieldError | null {
  if (hasControlChars(value)) return { key: 'err.controlChars' };
  if (utf8Bytes(value) > maxBytes) return { key: 'err.tooLong', params: { max: maxBytes } };
  return null;
}

function parseCount(text: string): number | null | 'bad' {
  const s = text.trim();
  if (s === '') return null;
  if (!/^\d+$/.test(s)) return 'bad';
  const n = Number(s);
  return n <= COUNT_MAX ? n : 'bad';
}

const PHONE_RE = /^[+\d\s\-()]*$/;

/** The form checked; the type must be one of the catalogue's. */
export function validateIncidentForm(input: IncidentFormInput, catalogue: Catalogue): ValidationResult {
  const errors: Partial<Record<FormField, FieldError>> = {};
  const type = input.type.trim();
  if (type === '') errors.type = { key: 'err.typeRequired' };
  else if (!findIncidentType(catalogue, type)) errors.type = { key: 'err.typeUnknown' };

  if (!(LEVELS as readonly string[]).includes(input.level)) errors.level = { key: 'err.level' };
  if (!(SOURCES as readonly string[]).includes(input.source)) errors.source = { key: 'err.source' };

  const coords = parseCoordinates(input.coords);
  if (!coords.ok) errors.coords = coords.error;

  const address = input.address.trim();
  const description = input.description.replace(/\r\n?/g, '\n').trim();
  const reporterName = input.reporterName.trim();
  const reporterPhone = input.reporterPhone.trim();
  const addrErr = checkText(address, TEXT_MAX_BYTES);
  if (addrErr) errors.address = addrErr;
  const descErr = checkText(description, TEXT_MAX_BYTES);
  if (descErr) errors.description = descErr;
  const nameErr = checkText(reporterName, NAME_MAX_BYTES);
  if (nameErr) errors.reporterName = nameErr;
  const phoneErr = checkText(reporterPhone, NAME_MAX_BYTES);
  if (phoneErr) errors.reporterPhone = phoneErr;
  else if (reporterPhone !== '' && (!PHONE_RE.test(reporterPhone) || (reporterPhone.match(/\d/g) ?? []).length < 3)) {
    errors.reporterPhone = { key: 'err.phone' };
  }

  const casualties: Partial<Record<'injured' | 'dead' | 'trapped' | 'missing', number>> = {};
  for (const k of ['injured', 'dead', 'trapped', 'missing'] as const) {
    const v = parseCount(input[k]);
    if (v === 'bad') errors[k] = { key: 'err.count' };
    else if (v !== null && v > 0) casualties[k] = v;
  }

  if (Object.keys(errors).length > 0 || !coords.ok) return { ok: false, errors };

  const body: CreateIncidentBody = {
    type,
    location: coords.value,
    level: input.level as Level,
    source: input.source as Source,
  };
  if (address) body.address = address;
  if (description) body.description = description;
  if (reporterName) body.reporter_name = reporterName;
  if (reporterPhone) body.reporter_phone = reporterPhone;
  if (Object.keys(casualties).length > 0) body.casualties = casualties;
  if (input.exercise) body.exercise = true;
  return { ok: true, body };
}

export function emptyForm(): IncidentFormInput {
  return {
    type: '',
    level: 'IV',
    source: 'call',
    coords: '',
    address: '',
    description: '',
    reporterName: '',
    reporterPhone: '',
    injured: '',
    dead: '',
    trapped: '',
    missing: '',
    exercise: false,
  };
}

export interface NearbyCandidate {
  id: number;
  type: string;
  distanceM: number;
  ageS: number;
}

/**
 * The open incidents a new report at `where` of `type` probably repeats, nearest first — the
 * server's FindDuplicates rule (a related type, within the rule's distance in a straight line and
 * its age either way: 300 m and 30 minutes today), run on what the dashboard holds, so that the
 * warning comes before the report is saved. None while the rule is not loaded.
 */
export function nearbyDuplicates(
  catalogue: Catalogue,
  type: string,
  where: LatLon,
  nowMs: number,
  incidents: Iterable<IncidentSummary>,
): NearbyCandidate[] {
  const rule = catalogue.rule;
  if (!rule) return [];
  const out: NearbyCandidate[] = [];
  for (const inc of incidents) {
    if (!isOpen(inc.status) || !relatedTypes(catalogue, type, inc.type)) continue;
    const at = parseTime(inc.reported_at);
    if (at === null) continue;
    const ageS = (nowMs - at) / 1000;
    if (Math.abs(ageS) > rule.max_age_s) continue;
    const distanceM = haversineMeters(where, inc.location);
    if (distanceM > rule.max_distance_m) continue;
    out.push({ id: inc.id, type: inc.type, distanceM, ageS });
  }
  out.sort((a, b) => a.distanceM - b.distanceM || a.id - b.id);
  return out;
}
