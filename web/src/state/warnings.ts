// Public warnings (预警信息): the two shapes the server sends, read into one client type.
//
// - `GET /api/v1/alerts` lists `{id, org, level, …, area: {description, lat, lon, radius_km},
//   sent: ISO text, expires: ISO text, active, cancelled_at?}`.
// - The stream's `alert_published` carries `{id, content: {org, level, …, area: {description,
//   center: {lat, lon}, radius_km}, expires: epoch ms}}`, published at the event's time.
//
// Both are read defensively (a newer server may send more or other fields); anything without an
// id, a known level, a usable circle or an expiry is left out rather than drawn wrongly.

import type { AlertLevel, Localized, Warning } from '../api/types';
import { ALERT_LEVELS } from '../api/types';
import { num, obj, str } from './read';
import type { Obj } from './read';


/** Epoch ms from a number (the event log's times) or ISO text (the REST views). */
export function timeMs(v: unknown): number | null {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && v !== '') {
    const ms = Date.parse(v);
    return Number.isNaN(ms) ? null : ms;
  }
  return null;
}

/** A {zh, en} text; a plain string (an older or simpler server) stands for both languages. */
export function localized(v: unknown): Localized {
  if (typeof v === 'string') return { zh: v, en: v };
  const o = obj(v);
  return { zh: str(o?.zh) ?? '', en: str(o?.en) ?? '' };
}

function alertLevel(v: unknown): AlertLevel | null {
  return typeof v === 'string' && (ALERT_LEVELS as readonly string[]).includes(v) ? (v as AlertLevel) : null;
}

/**
 * The common part: `c` holds the content fields (the REST item itself, or the event's `content`).
 * The area's centre may be `area.lat/lon` (REST) or `area.center.lat/lon` (event); either is taken.
 */
function fromContent(id: unknown, c: Obj, sentMs: number | null): Warning | null {
  const wid = num(id);
  const level = alertLevel(c.level);
  const area = obj(c.area);
  const centre = obj(area?.center) ?? area;
  const lat = num(centre?.lat);
  const lon = num(centre?.lon);
  const radiusKm = num(area?.radius_km);
  const expiresMs = timeMs(c.expires);
  if (wid === null || !Number.isInteger(wid) || wid <= 0 || level === null) return null;
  if (lat === null || lon === null || Math.abs(lat) > 90 || Math.abs(lon) > 180) return null;
  if (radiusKm === null || radiusKm <= 0 || expiresMs === null) return null;
  const event = localized(c.event);
  const headline = localized(c.headline);
  const incident = num(c.incident);
  return {
    id: wid,
    org: str(c.org) ?? '',
    level,
    category: str(c.category) ?? '',
    urgency: str(c.urgency) ?? '',
    certainty: str(c.certainty) ?? '',
    event,
    // A warning without a headline still needs a line in the list: its event stands in.
    headline: headline.zh || headline.en ? headline : event,
    description: localized(c.description),
    instruction: localized(c.instruction),
    area: { description: localized(area?.description), lat, lon, radiusKm },
    incident: incident !== null && Number.isInteger(incident) && incident > 0 ? incident : null,
    exercise: c.exercise === true,
    sentMs,
    expiresMs,
  };
}

/** One item of `GET /api/v1/alerts` (null when unusable). */
export function warningFromRest(item: unknown): Warning | null {
  const o = obj(item);
  if (!o) return null;
  return fromContent(o.id, o, timeMs(o.sent));
}

/** The data of an `alert_published` event, published at `at` (the event's time). */
export function warningFromEvent(data: unknown, at?: string | number | null): Warning | null {
  const d = obj(data);
  const content = obj(d?.content);
  if (!d || !content) return null;
  return fromContent(d.id, content, timeMs(at ?? null));
}

/** Whether a REST item is in force at `nowMs` by what the server says of it. */
export function restItemActive(item: unknown, nowMs: number): boolean {
  const o = obj(item);
  if (!o) return false;
  if (o.active === false || (o.cancelled_at !== undefined && o.cancelled_at !== null)) return false;
  const expires = timeMs(o.expires);
  return expires !== null && expires > nowMs;
}

/** In force at `nowMs` (the server's rule: not yet expired; cancelled ones are not kept at all). */
export function isWarningActive(w: Warning, nowMs: number): boolean {
  return nowMs < w.expiresMs;
}

/** Newest first: by publication time, then by id (ids are given out in order). */
export function compareWarnings(a: Warning, b: Warning): number {
  const sa = a.sentMs ?? -Infinity;
  const sb = b.sentMs ?? -Infinity;
  if (sa !== sb) return sb - sa;
  return b.id - a.id;
}

/** The warnings in force at `nowMs`, newest first. */
export function activeWarnings(warnings: Iterable<Warning>, nowMs: number): Warning[] {
  const out: Warning[] = [];
  for (const w of warnings) if (isWarningActive(w, nowMs)) out.push(w);
  return out.sort(compareWarnings);
}
