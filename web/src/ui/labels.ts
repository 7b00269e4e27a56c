// Enumeration codes from the server in the user's language (falling back to the code itself).

import type { AlertLevel, IncidentStatus, Level, Role, UnitStatus, UnitType, Warning } from '../api/types';
import { clockTime, duration, loc, t, tryT } from '../i18n';
import { findIncidentType } from '../state/catalogue';

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

export function incidentTypeLabel(code: string): string {
  const info = findIncidentType(code);
  return info ? loc(info.name) : code;
}

export function incidentTitle(id: number, type: string): string {
  return `${t('detail.title', { id })} · ${incidentTypeLabel(type)}`;
}
