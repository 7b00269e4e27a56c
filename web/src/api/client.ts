// The REST client: bearer token, Accept-Language for localized problem titles, JSON in and out, and
// every failure as an ApiError carrying the server's problem document (RFC 9457).

import type {
  AlertItem,
  CommandResponse,
  Coverage,
  CreateIncidentBody,
  CreateIncidentResponse,
  DuplicateCandidate,
  DuplicateRule,
  Grid,
  IncidentDetail,
  IncidentNoteBody,
  IncidentPage,
  IncidentStatus,
  IncidentSummary,
  IncidentType,
  Items,
  Level,
  LoginResponse,
  Organisation,
  Place,
  Plan,
  Problem,
  Recommendation,
  RoadCollection,
  RoutesResponse,
  SensorItem,
  Station,
  Unit,
  UnitStatus,
  UnitType,
  User,
} from './types';

export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem | null;

  constructor(status: number, problem: Problem | null, message?: string) {
    super(message ?? problem?.title ?? `HTTP ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.problem = problem;
  }

  /** No answer at all (server down, network gone). */
  get isNetwork(): boolean {
    return this.status === 0;
  }
}

export interface ApiOptions {
  base?: string;
  token: () => string | null;
  language: () => string;
  /** A 401 on a signed-in call: the token no longer works. */
  onUnauthorized?: () => void;
  fetchImpl?: typeof fetch;
}

function isProblem(v: unknown): v is Problem {
  return typeof v === 'object' && v !== null && typeof (v as Problem).title === 'string';
}

export class Api {
  private readonly base: string;
  private readonly o: ApiOptions;

  constructor(options: ApiOptions) {
    this.o = options;
    this.base = options.base ?? '';
  }

  async request<T>(method: string, path: string, body?: unknown, signedIn = true): Promise<T> {
    const headers: Record<string, string> = {
      Accept: 'application/json, application/problem+json',
      'Accept-Language': this.o.language(),
    };
    const token = this.o.token();
    if (signedIn && token) headers.Authorization = `Bearer ${token}`;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    let res: Response;
    try {
      res = await (this.o.fetchImpl ?? fetch)(this.base + path, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        cache: 'no-store',
      });
    } catch (e) {
      throw new ApiError(0, null, e instanceof Error ? e.message : String(e));
    }
    const text = await res.text();
    let data: unknown = null;
    if (text) {
      try {
        data = JSON.parse(text);
      } catch {
        data = null;
      }
    }
    if (!res.ok) {
      if (res.status === 401 && signedIn) this.o.onUnauthorized?.();
      throw new ApiError(res.status, isProblem(data) ? data : null);
    }
    return data as T;
  }

  login(user: string, password: string): Promise<LoginResponse> {
    return this.request('POST', '/api/v1/auth/login', { user, password }, false);
  }
  me(): Promise<User> {
    return this.request('GET', '/api/v1/me');
  }
  async organisations(): Promise<Organisation[]> {
    return (await this.request<Items<Organisation>>('GET', '/api/v1/organisations')).items;
  }
  async grids(): Promise<Grid[]> {
    return (await this.request<Items<Grid>>('GET', '/api/v1/grids')).items;
  }
  async stations(): Promise<Station[]> {
    return (await this.request<Items<Station>>('GET', '/api/v1/stations')).items;
  }
  async plans(): Promise<Plan[]> {
    return (await this.request<Items<Plan>>('GET', '/api/v1/plans')).items;
  }
  /** The incident type catalogue, each type with the types its duplicates may be reported as. */
  async incidentTypes(): Promise<IncidentType[]> {
    return (await this.request<Items<IncidentType>>('GET', '/api/v1/incident-types')).items;
  }
  /** How near and how recent an open incident of a related type is a likely duplicate. */
  duplicateRule(): Promise<DuplicateRule> {
    return this.request('GET', '/api/v1/duplicate-rule');
  }
  async units(): Promise<Unit[]> {
    return (await this.request<Items<Unit>>('GET', '/api/v1/units')).items;
  }
  /** One unit, as the board shows it (after it was added or changed live). */
  unit(id: string): Promise<Unit> {
    return this.request('GET', `/api/v1/units/${encodeURIComponent(id)}`);
  }

  /** Every incident of `status` (open, all, or a status code), page by page. */
  async incidents(status: 'open' | 'all' | IncidentStatus = 'open', maxPages = 50): Promise<IncidentSummary[]> {
    const out: IncidentSummary[] = [];
    let after: number | null = null;
    for (let page = 0; page < maxPages; page++) {
      const q = new URLSearchParams({ status, limit: '500' });
      if (after !== null) q.set('after', String(after));
      const res: IncidentPage = await this.request('GET', `/api/v1/incidents?${q.toString()}`);
      out.push(...res.items);
      if (res.next_after === null || res.next_after === undefined || res.items.length === 0) break;
      after = res.next_after;
    }
    return out;
  }

  incident(id: number): Promise<IncidentDetail> {
    return this.request('GET', `/api/v1/incidents/${id}`);
  }
  recommendation(id: number): Promise<Recommendation> {
    return this.request('GET', `/api/v1/incidents/${id}/recommendation`);
  }
  async duplicates(id: number): Promise<DuplicateCandidate[]> {
    return (await this.request<Items<DuplicateCandidate>>('GET', `/api/v1/incidents/${id}/duplicates`)).items;
  }
  coverage(type: UnitType, minutes: number): Promise<Coverage> {
    return this.request('GET', `/api/v1/coverage?type=${encodeURIComponent(type)}&minutes=${minutes}`);
  }
  routes(id: number): Promise<RoutesResponse> {
    return this.request('GET', `/api/v1/incidents/${id}/routes`);
  }
  createIncident(body: CreateIncidentBody): Promise<CreateIncidentResponse> {
    return this.request('POST', '/api/v1/incidents', body);
  }
  dispatch(id: number, units: string[]): Promise<CommandResponse> {
    return this.request('POST', `/api/v1/incidents/${id}/dispatch`, { units });
  }
  incidentStatus(id: number, to: IncidentStatus, reason?: string): Promise<CommandResponse> {
    return this.request('POST', `/api/v1/incidents/${id}/status`, reason ? { to, reason } : { to });
  }
  incidentLevel(id: number, to: Level, reason: string): Promise<CommandResponse> {
    return this.request('POST', `/api/v1/incidents/${id}/level`, { to, reason });
  }
  addNote(id: number, body: IncidentNoteBody): Promise<CommandResponse> {
    return this.request('POST', `/api/v1/incidents/${id}/notes`, body);
  }
  merge(id: number, into: number): Promise<CommandResponse> {
    return this.request('POST', `/api/v1/incidents/${id}/merge`, { into });
  }
  task(id: number, task: number, to: 'acknowledged' | 'done', note = ''): Promise<CommandResponse> {
    return this.request('POST', `/api/v1/incidents/${id}/tasks/${task}`, { to, note });
  }
  unitStatus(unit: string, to: UnitStatus, reason?: string): Promise<CommandResponse> {
    return this.request(
      'POST',
      `/api/v1/units/${encodeURIComponent(unit)}/status`,
      reason ? { to, reason } : { to },
    );
  }
  async places(q: string, limit = 8): Promise<Place[]> {
    const qs = new URLSearchParams({ q, limit: String(limit) });
    return (await this.request<Items<Place>>('GET', `/api/v1/places?${qs.toString()}`)).items;
  }
  /** The public warnings in force (not cancelled, not expired), newest first. */
  async activeAlerts(): Promise<AlertItem[]> {
    return (await this.request<Items<AlertItem>>('GET', '/api/v1/alerts?active=true')).items;
  }
  /** The monitoring sensors (监测预警) with their levels and last readings. */
  async sensors(): Promise<SensorItem[]> {
    return (await this.request<Items<SensorItem>>('GET', '/api/v1/sensors')).items;
  }
  roads(): Promise<RoadCollection> {
    return this.request('GET', '/api/v1/map/roads');
  }
}
