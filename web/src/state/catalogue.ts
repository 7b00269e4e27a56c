// The incident type catalogue (src/core/incident_types.cpp) and the related-type table of duplicate
// detection (src/dispatch/duplicates.cpp). The API has no route for the catalogue yet, so it is
// mirrored here; a test checks its shape, and the server refuses a type it does not know anyway.

import type { Category, Localized } from '../api/types';

export interface IncidentTypeInfo {
  code: string;
  category: Category;
  name: Localized;
}

export const INCIDENT_TYPES: readonly IncidentTypeInfo[] = [
  { code: 'fire.residential', category: 'accident', name: { zh: '居民住宅火灾', en: 'residential fire' } },
  { code: 'fire.high_rise', category: 'accident', name: { zh: '高层建筑火灾', en: 'high-rise building fire' } },
  { code: 'fire.industrial', category: 'accident', name: { zh: '工业/危化品火灾', en: 'industrial / hazmat fire' } },
  { code: 'fire.vehicle', category: 'accident', name: { zh: '车辆火灾', en: 'vehicle fire' } },
  { code: 'fire.wildland', category: 'natural', name: { zh: '森林草原火灾', en: 'wildland fire' } },
  { code: 'traffic.accident', category: 'accident', name: { zh: '道路交通事故', en: 'traffic accident' } },
  {
    code: 'traffic.entrapment',
    category: 'accident',
    name: { zh: '交通事故人员被困', en: 'traffic accident with entrapment' },
  },
  { code: 'hazmat.leak', category: 'accident', name: { zh: '危险化学品泄漏', en: 'hazardous-chemical leak' } },
  { code: 'utility.gas_leak', category: 'accident', name: { zh: '燃气泄漏', en: 'gas leak' } },
  { code: 'building.collapse', category: 'accident', name: { zh: '建筑坍塌', en: 'building collapse' } },
  {
    code: 'rescue.technical',
    category: 'accident',
    name: { zh: '特种救援(电梯困人等)', en: 'technical rescue (lift entrapment etc.)' },
  },
  { code: 'rescue.water', category: 'accident', name: { zh: '水域救援', en: 'water rescue' } },
  { code: 'flood.waterlogging', category: 'natural', name: { zh: '城市内涝', en: 'urban waterlogging' } },
  { code: 'flood.river', category: 'natural', name: { zh: '江河洪水', en: 'river flood' } },
  { code: 'geo.landslide', category: 'natural', name: { zh: '山体滑坡/泥石流', en: 'landslide / debris flow' } },
  { code: 'geo.earthquake', category: 'natural', name: { zh: '地震', en: 'earthquake' } },
  { code: 'weather.typhoon', category: 'natural', name: { zh: '台风', en: 'typhoon' } },
  { code: 'medical.emergency', category: 'public_health', name: { zh: '急危重症急救', en: 'medical emergency' } },
  { code: 'medical.mass_casualty', category: 'accident', name: { zh: '群死群伤事件', en: 'mass-casualty incident' } },
  {
    code: 'health.epidemic',
    category: 'public_health',
    name: { zh: '传染病聚集性疫情', en: 'infectious disease cluster' },
  },
  {
    code: 'health.food_poisoning',
    category: 'public_health',
    name: { zh: '群体性食物中毒', en: 'mass food poisoning' },
  },
  { code: 'social.crowd', category: 'social_safety', name: { zh: '人群聚集/踩踏', en: 'crowd crush / mass gathering' } },
];

const BY_CODE = new Map(INCIDENT_TYPES.map((t) => [t.code, t]));

export function findIncidentType(code: string): IncidentTypeInfo | undefined {
  return BY_CODE.get(code);
}

/** The category of a type; an unknown type (a newer server) counts as an accident. */
export function categoryOf(code: string): Category {
  return BY_CODE.get(code)?.category ?? 'accident';
}

function family(type: string): string {
  const dot = type.indexOf('.');
  return dot < 0 ? type : type.slice(0, dot);
}

// Families (or exact types) that one emergency often shows as, reported by different callers.
const RELATED: readonly (readonly [string, string])[] = [
  ['fire', 'utility'],
  ['fire', 'hazmat'],
  ['fire.vehicle', 'traffic'],
  ['traffic', 'medical.mass_casualty'],
  ['traffic', 'medical.emergency'],
  ['building', 'geo'],
  ['building', 'utility'],
  ['flood', 'rescue.water'],
  ['flood', 'geo.landslide'],
  ['social', 'medical.mass_casualty'],
];

function matches(pattern: string, type: string): boolean {
  return pattern.includes('.') ? type === pattern : family(type) === pattern;
}

/** Whether two incident types may be one emergency reported twice (duplicates.cpp RelatedTypes). */
export function relatedTypes(a: string, b: string): boolean {
  if (family(a) === family(b)) return true;
  return RELATED.some(
    ([p, q]) => (matches(p, a) && matches(q, b)) || (matches(p, b) && matches(q, a)),
  );
}
