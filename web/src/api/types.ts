// The shapes of elink's HTTP API as the dashboard uses them: names for the component schemas of
// the server's OpenAPI document (`elink openapi`, also GET /api/v1/openapi.json), whose TypeScript
// types src/api/schema.gen.ts is generated at build time (scripts/gen-api.mjs, `npm run gen:api`).
// A change of the server's schemas thus shows here as a type error, not at run time.
//
// Hand-written here: what is not in the document's schemas — the live stream's messages and event
// data (a WebSocket, docs/api.md), and the shapes the dashboard keeps in its state (Warning, Sensor).
// The const lists the UI iterates are checked against the server's enums (EnumsMatchServer below).

import type { components } from './schema.gen';

type Schemas = components['schemas'];
/** The component schema named N (a name the server does not have fails here, naming it). */
type Schema<N extends keyof Schemas> = Schemas[N];

export type Lang = 'zh' | 'en';

export type Localized = Schema<'Localized'>;
export type Role = Schema<'Role'>;
export type User = Schema<'User'>;
export type LoginResponse = Schema<'LoginResponse'>;
export type UnitStatus = Schema<'UnitStatus'>;
export type UnitType = Schema<'UnitType'>;
export type IncidentStatus = Schema<'IncidentStatus'>;
export type Level = Schema<'Level'>;
export type Category = Schema<'Category'>;
export type Source = Schema<'Source'>;
export type TaskStatus = Schema<'TaskStatus'>;
export type LatLon = Schema<'LatLon'>;
export type UnitPosition = Schema<'UnitPosition'>;
export type Unit = Schema<'Unit'>;
export type IncidentSummary = Schema<'IncidentSummary'>;
export type Casualties = Schema<'Casualties'>;
export type Task = Schema<'Task'>;
export type ChronologyEntry = Schema<'ChronologyEntry'>;
export type IncidentDetail = Schema<'IncidentDetail'>;
export type Pick = Schema<'Pick'>;
export type RecommendationLine = Schema<'RecommendationLine'>;
export type Recommendation = Schema<'Recommendation'>;
export type DuplicateCandidate = Schema<'DuplicateCandidate'>;
export type CreateIncidentBody = Schema<'CreateIncidentBody'>;
export type CreateIncidentResponse = Schema<'CreateIncidentResponse'>;
/** POST /api/v1/incidents/{id}/notes: a note for the incident's record (补充记录). */
export type IncidentNoteBody = Schema<'IncidentNoteBody'>;
export type CommandResponse = Schema<'CommandResponse'>;
export type Department = Schema<'Department'>;
export type OrgTier = Schema<'OrgTier'>;
export type Organisation = Schema<'Organisation'>;
export type Grid = Schema<'Grid'>;
export type Station = Schema<'Station'>;
export type PlanLevel = Schema<'PlanLevel'>;
export type Plan = Schema<'Plan'>;
export type Place = Schema<'Place'>;
export type RoadCollection = Schema<'RoadCollection'>;
export type UnitRoute = Schema<'UnitRoute'>;
export type RoutesResponse = Schema<'RoutesResponse'>;
/** GET /api/v1/coverage: live coverage of the free units of a type, grid by grid, and move-up advice. */
export type Coverage = Schema<'Coverage'>;
/** The four colours of a public warning (预警级别 蓝黄橙红), least to most severe. */
export type AlertLevel = Schema<'AlertLevel'>;
/** One public warning as `GET /api/v1/alerts` lists it (times as ISO text, area.lat/lon). */
export type AlertItem = Schema<'AlertItem'>;
export type IncidentPage = Schema<'IncidentPage'>;
/** An RFC 9457 problem document as elink sends it. */
export type Problem = Schema<'Problem'>;
/** One item of `GET /api/v1/sensors`. */
export type SensorItem = Schema<'SensorItem'>;
/** One track's level and last reading as `GET /api/v1/sensors` lists it (the drill track in `exercise`). */
export type SensorTrackItem = SensorItem['exercise'];
/** One item of `GET /api/v1/incident-types`: a type of the catalogue, with the types its duplicates may be reported as. */
export type IncidentType = Schema<'IncidentType'>;
/** `GET /api/v1/duplicate-rule`: how near and how recent an open incident of a related type is a likely duplicate. */
export type DuplicateRule = Schema<'DuplicateRule'>;

/** The answer of every list route. */
export interface Items<T> {
  items: T[];
}

// ---- the lists the UI iterates, in the server's order ----

export const ROLES = [
  'dispatcher',
  'commander',
  'regional_coordinator',
  'analyst',
  'grid_worker',
  'viewer',
  'admin',
] as const;

export const UNIT_STATUSES = [
  'available',
  'dispatched',
  'acknowledged',
  'en_route',
  'on_scene',
  'returning',
  'out_of_service',
] as const;

export const UNIT_TYPES = [
  'engine',
  'ladder',
  'tanker',
  'rescue',
  'hazmat',
  'command',
  'ambulance',
  'police',
  'boat',
  'drone',
  'pump',
  'medical_team',
  'engineering_team',
  'volunteer_team',
] as const;

export const INCIDENT_STATUSES = [
  'reported',
  'verified',
  'dispatched',
  'on_scene',
  'controlled',
  'closed',
  'merged',
  'cancelled',
] as const;

export const LEVELS = ['I', 'II', 'III', 'IV'] as const;

export const CATEGORIES = ['natural', 'accident', 'public_health', 'social_safety'] as const;

export const SOURCES = ['call', 'sensor', 'citizen', 'grid_worker', 'upstream'] as const;

export const ALERT_LEVELS = ['blue', 'yellow', 'orange', 'red'] as const;

/** A sensor's level: none, then the four warning colours, least to most severe. */
export const SENSOR_LEVELS = ['none', ...ALERT_LEVELS] as const;
export type SensorLevel = (typeof SENSOR_LEVELS)[number];

/** The kinds of sensor a region may have. */
export const SENSOR_KINDS = ['water_level', 'rainfall', 'gas', 'seismic', 'wind', 'air_quality'] as const;

/** true when A and B are the same set of values (each assignable to the other), else false. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
/** Compiles only for true. */
type Check<T extends true> = T;

/**
 * The proof that each list above is exactly the server's enum: a value the server adds (or drops)
 * fails the type check here, so that no select, filter or legend silently misses it. ("Type 'false'
 * does not satisfy the constraint 'true'" on a line: that list and the server's enum differ.)
 */
export type EnumsMatchServer = [
  Check<Same<(typeof ROLES)[number], Role>>,
  Check<Same<(typeof UNIT_STATUSES)[number], UnitStatus>>,
  Check<Same<(typeof UNIT_TYPES)[number], UnitType>>,
  Check<Same<(typeof INCIDENT_STATUSES)[number], IncidentStatus>>,
  Check<Same<(typeof LEVELS)[number], Level>>,
  Check<Same<(typeof CATEGORIES)[number], Category>>,
  Check<Same<(typeof SOURCES)[number], Source>>,
  Check<Same<(typeof ALERT_LEVELS)[number], AlertLevel>>,
  Check<Same<SensorLevel, SensorTrackItem['level']>>,
  Check<Same<(typeof SENSOR_KINDS)[number], SensorItem['kind']>>,
];

// ---- not in the document: the live stream, and the shapes the dashboard keeps ----

/** One message of the live stream. */
export type StreamMessage =
  | { kind: 'event'; seq: number; at: string; type: string; actor: string; data: unknown }
  | { kind: 'caught_up'; seq: number };

export interface StreamEvent {
  seq: number;
  at: string;
  type: string;
  actor: string;
  data: unknown;
}

/**
 * A public warning as the dashboard keeps it: one shape for both the REST list and the
 * `alert_published` event (whose area has `center.lat` and whose `expires` is epoch ms).
 */
export interface Warning {
  id: number;
  org: string;
  level: AlertLevel;
  category: string;
  urgency: string;
  certainty: string;
  event: Localized;
  headline: Localized;
  description: Localized;
  instruction: Localized;
  area: { description: Localized; lat: number; lon: number; radiusKm: number };
  incident: number | null;
  exercise: boolean;
  /** When it was published, epoch ms (null when not known). */
  sentMs: number | null;
  /** When it lapses, epoch ms. */
  expiresMs: number;
}

/** The data of a `reading_recorded` event (`at` in Unix milliseconds). */
export interface ReadingRecordedData {
  sensor: string;
  at: number;
  value: number;
  level: SensorLevel;
  exercise: boolean;
}

/** The data of a `sensor_level_changed` event. */
export interface SensorLevelChangedData {
  sensor: string;
  from: SensorLevel;
  to: SensorLevel;
  reason_zh: string;
  reason_en: string;
  exercise: boolean;
}

/** One track of a sensor as the dashboard keeps it: the real one, or the drills'. */
export interface SensorTrack {
  level: SensorLevel;
  /** When the level was reached (the time of the reading that brought it), epoch ms. */
  sinceMs: number | null;
  reason: Localized;
  lastValue: number | null;
  /** The last reading's time, epoch ms. */
  lastAtMs: number | null;
}

/** A sensor as the dashboard keeps it: the REST item, kept current by the two events. */
export interface Sensor {
  id: string;
  name: Localized;
  kind: string;
  kindName: Localized;
  unit: string;
  location: LatLon;
  org: string;
  live: SensorTrack;
  exercise: SensorTrack;
}
