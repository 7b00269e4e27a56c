// Enumeration codes from the server in the user's language (falling back to the code itself).

import type { AlertLevel, IncidentStatus, LatLon, Level, Role, Sensor, SensorLevel, SensorTrack, UnitStatus, UnitType, Warning } from '../api/types';
import { clockTime, duration, loc, t, tryT } from '../i18n';
import { findIncidentType, type Catalogue } from '../state/catalogue';
import { sensorValueText } from '../state/sensors';

export const unitStatusLabel = (s: UnitStatus | string) => tryT(`unitStatus.${s}`, s);
export const unitActionLabel = (s: UnitStatus | string) => tryT(`unitAction.${s}`, s);
export const unitTypeLabel = (s: UnitType | string) => tryT(`unitType.${s}`, s);
export const capabilityLabel = (s: string) => tryT(`capability.${s}`, s);
export const incidentStatusLabel = (s: IncidentStatus | string) => tryT(`incidentStatus.${s}`, s);
export const levelLabel = (l: Level | string) => tryT(`level.${l}`, l);
export const levelShort = (l: Level | string) => tryT(`levelShort.${l}`, l);
export const categoryLabel = (c: string) => tryT(`category.${c}`, c);
export const sourceLabel = (s: string) => tryT(`source.${s}`, s);
export const roleLabel = (r: Role | string) => tryT(`role.${r}`, r);
export const departmentLabel = (d: string) => tryT(`department.${d}`, d);
export const roadClassLabel = (c: string) => tryT(`roadClass.${c}`, c);
export const alertLevelLabel = (l: AlertLevel | string) => tryT(`warnLevel.${l}`, l);
export const sensorLevelLabel = (l: SensorLevel | string) => tryT(`sensorLevel.${l}`, l);

/** The kind in the user's language: ours, else the server's name, else the code. */
export function sensorKindLabel(s: Sensor): string {
  return tryT(`sensorKind.${s.kind}`, loc(s.kindName) || s.kind);
}

/** A track's last reading, "3.42 m", or that there is none yet. */
export function sensorReadingText(s: Sensor, track: SensorTrack): string {
  return track.lastValue === null ? t('sensor.noReading') : sensorValueText(track.lastValue, s.unit);
}

/** The row's tooltip: the reason of the real level and, when a drill is above none, the drill's. */
export function sensorReasonText(s: Sensor): string {
  const lines = [loc(s.live.reason)];
  if (s.exercise.level !== 'none') {
    const r = loc(s.exercise.reason);
    if (r) lines.push(t('sensor.exerciseReason', { reason: r }));
  }
  return lines.filter(Boolean).join('\n');
}

/** "滨海区 · 半径 1.5 公里" / "Marina · radius 1.5 km". */
export function warningAreaText(w: Warning): string {
  const km = String(Math.round(w.area.radiusKm * 100) / 100);
  return t('warn.area', { area: loc(w.area.description) || '—', km });
}

/** "有效至 14:52:38（1小时59分后失效）" / "until 14:52:38 (expires in 1 h 59 min)". */
export function warningExpiryText(w: Warning, nowMs: number): string {
  const left = (w.expiresMs - nowMs) / 1000;
  if (left <= 0) return t('warn.expired');
  return t('warn.expires', { time: clockTime(new Date(w.expiresMs).toISOString(), new Date(nowMs)), t: duration(left) });
}

/** The type's name in the catalogue, else its code (not loaded yet, or a type newer than it). */
export function incidentTypeLabel(catalogue: Catalogue, code: string): string {
  const info = findIncidentType(catalogue, code);
  return info ? loc(info.name) : code;
}

export function incidentTitle(catalogue: Catalogue, id: number, type: string): string {
  return `${t('detail.title', { id })} · ${incidentTypeLabel(catalogue, type)}`;
}

/**
 * An internal reference written where an address goes — a drill's script step or generated call
 * (`script:12`, `gen:8`), a replayed call log's row (`sf:123`): a tag and a number, nothing a
 * dispatcher can find on the ground.
 */
export function isInternalReference(address: string): boolean {
  return /^[a-z][a-z0-9_]*:\d+$/.test(address.trim());
}

/** Coordinates rounded to 4 decimals (about 10 m): "37.8030, -122.4370". */
export function coordsText(p: LatLon): string {
  return `${p.lat.toFixed(4)}, ${p.lon.toFixed(4)}`;
}

/** Whether an incident's address names a place (not empty, not an internal reference). */
export function hasPlaceAddress(address: string | null | undefined): address is string {
  return typeof address === 'string' && address.trim() !== '' && !isInternalReference(address);
}

/** Where an incident is, in words: its address, else (none, or an internal reference) its coordinates. */
export function placeText(inc: { address?: string | null; location: LatLon }): string {
  return hasPlaceAddress(inc.address) ? inc.address.trim() : coordsText(inc.location);
}
