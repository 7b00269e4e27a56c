// The shapes of elink's HTTP API (docs/api.md, GET /api/v1/openapi.json) as the dashboard uses them.

export type Lang = 'zh' | 'en';

export interface Localized {
  zh: string;
  en: string;
}

export const ROLES = [
  'dispatcher',
  'commander',
  'regional_coordinator',
  'analyst',
  'grid_worker',
  'viewer',
  'admin',
] as const;
export type Role = (typeof ROLES)[number];

export interface User {
  name: string;
  display: Localized;
  org: string;
  role: Role;
}

export interface LoginResponse {
  token: string;
  expires_at: string;
  user: User;
}

export const UNIT_STATUSES = [
  'available',
  'dispatched',
  'acknowledged',
  'en_route',
  'on_scene',
  'returning',
  'out_of_service',
] as const;
export type UnitStatus = (typeof UNIT_STATUSES)[number];

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
export type UnitType = (typeof UNIT_TYPES)[number];

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
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

export const LEVELS = ['I', 'II', 'III', 'IV'] as const;
export type Level = (typeof LEVELS)[number];

export const CATEGORIES = ['natural', 'accident', 'public_health', 'social_safety'] as const;
export type Category = (typeof CATEGORIES)[number];

export const SOURCES = ['call', 'sensor', 'citizen', 'grid_worker', 'upstream'] as const;
export type Source = (typeof SOURCES)[number];

export type TaskStatus = 'pending' | 'acknowledged' | 'done';

export interface LatLon {
  lat: number;
  lon: number;
}

export interface UnitPosition extends LatLon {
  at: string | null;
  stale: boolean;
}

export interface Unit {
  id: string;
  name: Localized;
  type: UnitType;
  capabilities: string[];
  station: string;
  org: string;
  crew: number;
  status: UnitStatus;
  status_since: string;
  incident: number | null;
  position: UnitPosition | null;
}

export interface IncidentSummary {
  id: number;
  type: string;
  category: Category;
  level: Level;
  status: IncidentStatus;
  source: Source;
  location: LatLon;
  address: string;
  grid: string | null;
  jurisdiction: string | null;
  exercise: boolean;
  reported_at: string;
  units: number;
  merged_into: number | null;
}

export interface Casualties {
  injured: number;
  dead: number;
  trapped: number;
  missing: number;
}

export interface Task {
  id: number;
  department: string;
  task: Localized;
  level: Level;
  org: string;
  status: TaskStatus;
  created_at: string;
  due: string;
  overdue: boolean;
  escalations: number;
  acknowledged_at: string | null;
  acknowledged_by: string;
  done_at: string | null;
  note: string;
}

export interface ChronologyEntry {
  seq: number;
  at: string;
  actor: string;
  what: string;
  detail: string;
  text: Localized;
}

export interface IncidentDetail extends Omit<IncidentSummary, 'units'> {
  description: string;
  reporter: { name: string; phone: string };
  casualties: Casualties;
  times: {
    verified: string | null;
    dispatched: string | null;
    on_scene: string | null;
    controlled: string | null;
    closed: string | null;
  };
  units: string[];
  merged_from: number[];
  plan: string | null;
  plan_level: Level | null;
  tasks: Task[];
  chronology: ChronologyEntry[];
}

export interface Pick {
  unit: string;
  eta_s: number | null;
  in_time: boolean;
  already_assigned: boolean;
  affiliation: 'home' | 'mutual_aid' | 'other';
  origin: 'avl' | 'avl_stale' | 'station';
}

export interface RecommendationLine {
  unit_type: UnitType | null;
  capability: string | null;
  count: number;
  within_minutes: number;
  level: Level;
  picks: Pick[];
  missing: number;
  late: number;
}

export interface Recommendation {
  incident: number;
  plan: string | null;
  level: Level;
  lines: RecommendationLine[];
  advice: 'none' | 'mutual_aid' | 'raise_level';
  aid_from: string[];
  unplaced: { unit: string; reason: string }[];
  text?: Localized;
}

export interface DuplicateCandidate {
  id: number;
  type: string;
  distance_m: number;
  age_s: number;
}

export interface CreateIncidentBody {
  type: string;
  location: LatLon;
  level?: Level;
  source?: Source;
  address?: string;
  description?: string;
  reporter_name?: string;
  reporter_phone?: string;
  casualties?: Partial<Casualties>;
  exercise?: boolean;
}

export interface CreateIncidentResponse {
  id: number;
  duplicates: DuplicateCandidate[];
  saved: boolean;
  first_seq: number;
  last_seq: number;
}

// POST /api/v1/incidents/{id}/notes: a note for the incident's record (补充记录).
export interface IncidentNoteBody {
  text: string;
}

export interface CommandResponse {
  saved: boolean;
  first_seq: number;
  last_seq: number;
}

export interface Department {
  kind: string;
  name: Localized;
  phone: string;
}

export type OrgTier = 'region' | 'city' | 'district' | 'town' | 'community';

export interface Organisation {
  id: string;
  name: Localized;
  tier: OrgTier;
  parent: string | null;
  departments: Department[];
  mutual_aid: string[];
}

export interface Polygonal {
  type: 'MultiPolygon';
  coordinates: number[][][][];
}

export interface Grid {
  id: string;
  name: Localized;
  community: string;
  geometry: Polygonal;
}

export interface Station {
  id: string;
  name: Localized;
  kind: string;
  org: string;
  location: LatLon;
  address: string;
}

export interface PlanLevel {
  level: Level;
  command_tier: OrgTier;
  units: { unit_type: UnitType | null; capability: string | null; count: number; within_minutes: number }[];
  tasks: { department: string; task: Localized; ack_within_minutes: number }[];
  checklist: Localized[];
}

export interface Plan {
  id: string;
  name: Localized;
  incident_types: string[];
  levels: PlanLevel[];
}

export interface Place {
  kind: 'street' | 'intersection' | string;
  name: string;
  location: LatLon;
  score: number;
}

export interface RoadFeature {
  type: 'Feature';
  properties: { class: string; segments?: number };
  geometry: { type: 'MultiLineString'; coordinates: number[][][] } | { type: 'LineString'; coordinates: number[][] };
}

export interface RoadCollection {
  type: 'FeatureCollection';
  bbox?: number[];
  features: RoadFeature[];
}

export interface UnitRoute {
  unit: string;
  status: UnitStatus;
  eta_s: number | null;
  distance_m?: number;
  since_ms?: number;
  line: [number, number][];
}

export interface RoutesResponse {
  routes: UnitRoute[];
}

/** The four colours of a public warning (预警级别 蓝黄橙红), least to most severe. */
export const ALERT_LEVELS = ['blue', 'yellow', 'orange', 'red'] as const;
export type AlertLevel = (typeof ALERT_LEVELS)[number];

/** One public warning as `GET /api/v1/alerts` lists it (times as ISO text, area.lat/lon). */
export interface AlertItem {
  id: number;
  org: string;
  level: AlertLevel;
  level_name: Localized;
  category: string;
  urgency: string;
  certainty: string;
  severity: string;
  event: Localized;
  headline: Localized;
  description: Localized | string;
  instruction: Localized | string;
  area: { description: Localized; lat: number; lon: number; radius_km: number };
  exercise: boolean;
  sent: string;
  expires: string;
  active: boolean;
  cap: string;
  incident?: number;
  cancelled_at?: string;
  cancel_reason?: string;
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

export interface Items<T> {
  items: T[];
}

export interface IncidentPage {
  items: IncidentSummary[];
  next_after: number | null;
}

/** An RFC 9457 problem document as elink sends it. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  field?: string;
}

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

// ---- monitoring sensors (监测预警), docs/formats/sensors.md ----

/** A sensor's level: none, then the four warning colours, least to most severe. */
export const SENSOR_LEVELS = ['none', ...ALERT_LEVELS] as const;
export type SensorLevel = (typeof SENSOR_LEVELS)[number];

/** The kinds of sensor a region may have. */
export const SENSOR_KINDS = ['water_level', 'rainfall', 'gas', 'seismic', 'wind', 'air_quality'] as const;

/** One track's level and last reading as `GET /api/v1/sensors` lists it (the drill track in `exercise`). */
export interface SensorTrackItem {
  level: SensorLevel;
  level_name: Localized;
  level_since: string | null;
  reason: Localized;
  last_value: number | null;
  last_at: string | null;
}

/** One item of `GET /api/v1/sensors`. */
export interface SensorItem extends SensorTrackItem {
  id: string;
  name: Localized;
  kind: string;
  kind_name: Localized;
  unit: string;
  location: LatLon;
  org: string;
  thresholds: Partial<Record<AlertLevel, number>>;
  rise_per_hour: { value: number; level: AlertLevel; window_min: number } | null;
  exercise: SensorTrackItem;
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
