// A catalogue as the server would serve it (GET /api/v1/incident-types, GET /api/v1/duplicate-rule),
// with the types the tests use: each lists itself, its family and the families or types one
// emergency is also reported as (src/dispatch/duplicates.cpp RelatedTypes).

import type { Category, IncidentType } from '../src/api/types';
import { makeCatalogue, type Catalogue } from '../src/state/catalogue';

const FIRE = ['fire.residential', 'fire.high_rise', 'fire.vehicle'];
const FLOOD = ['flood.waterlogging', 'flood.river'];
const MEDICAL = ['medical.emergency', 'medical.mass_casualty'];
const RESCUE = ['rescue.technical', 'rescue.water'];

function type(code: string, category: Category, zh: string, en: string, related: string[]): IncidentType {
  return { code, category, name: { zh, en }, related };
}

export const TYPES: IncidentType[] = [
  type('fire.residential', 'accident', '居民住宅火灾', 'residential fire', [...FIRE, 'hazmat.leak', 'utility.gas_leak']),
  type('fire.high_rise', 'accident', '高层建筑火灾', 'high-rise building fire', [...FIRE, 'hazmat.leak', 'utility.gas_leak']),
  type('fire.vehicle', 'accident', '车辆火灾', 'vehicle fire', [...FIRE, 'traffic.accident', 'hazmat.leak', 'utility.gas_leak']),
  type('traffic.accident', 'accident', '道路交通事故', 'traffic accident', ['fire.vehicle', 'traffic.accident', ...MEDICAL]),
  type('hazmat.leak', 'accident', '危险化学品泄漏', 'hazardous-chemical leak', [...FIRE, 'hazmat.leak']),
  type('utility.gas_leak', 'accident', '燃气泄漏', 'gas leak', [...FIRE, 'utility.gas_leak', 'building.collapse']),
  type('building.collapse', 'accident', '建筑坍塌', 'building collapse', ['utility.gas_leak', 'building.collapse', 'geo.earthquake']),
  type('rescue.technical', 'accident', '特种救援(电梯困人等)', 'technical rescue (lift entrapment etc.)', [...RESCUE]),
  type('rescue.water', 'accident', '水域救援', 'water rescue', [...RESCUE, ...FLOOD]),
  type('flood.waterlogging', 'natural', '城市内涝', 'urban waterlogging', ['rescue.water', ...FLOOD]),
  type('flood.river', 'natural', '江河洪水', 'river flood', ['rescue.water', ...FLOOD]),
  type('geo.earthquake', 'natural', '地震', 'earthquake', ['building.collapse', 'geo.earthquake']),
  type('medical.emergency', 'public_health', '急危重症急救', 'medical emergency', ['traffic.accident', ...MEDICAL]),
  type('medical.mass_casualty', 'accident', '群死群伤事件', 'mass-casualty incident', ['traffic.accident', ...MEDICAL, 'social.crowd']),
  type('social.crowd', 'social_safety', '人群聚集/踩踏', 'crowd crush / mass gathering', ['medical.mass_casualty', 'social.crowd']),
];

/** The server's rule today: 300 m, 30 minutes. */
export const CATALOGUE: Catalogue = makeCatalogue(TYPES, { max_distance_m: 300, max_age_s: 1800 });
