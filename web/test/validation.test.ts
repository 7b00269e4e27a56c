import { describe, expect, it } from 'vitest';

import type { IncidentSummary } from '../src/api/types';
import {
  emptyForm,
  hasControlChars,
  nearbyDuplicates,
  parseCoordinates,
  utf8Bytes,
  validateIncidentForm,
  type IncidentFormInput,
} from '../src/forms/validation';
import { makeCatalogue, relatedTypes } from '../src/state/catalogue';
import { formFieldOf } from '../src/views/newIncident';
import { CATALOGUE, TYPES } from './catalogue';

const form = (over: Partial<IncidentFormInput>): IncidentFormInput => ({ ...emptyForm(), ...over });

describe('parseCoordinates', () => {
  it.each([
    ['37.8003,-122.4372', 37.8003, -122.4372],
    [' 37.8003, -122.4372 ', 37.8003, -122.4372],
    ['37.8003 -122.4372', 37.8003, -122.4372],
    ['37.8003，-122.4372', 37.8003, -122.4372], // full-width comma from a Chinese IME
    ['-33.9;18.4', -33.9, 18.4],
    ['90,180', 90, 180],
    ['.5, -.25', 0.5, -0.25],
  ])('reads %j', (text, lat, lon) => {
    expect(parseCoordinates(text)).toEqual({ ok: true, value: { lat, lon } });
  });

  it.each([
    ['', 'err.locationRequired'],
    ['   ', 'err.locationRequired'],
    ['abc', 'err.coordsFormat'],
    ['37.8', 'err.coordsFormat'],
    ['37.8,-122.4,5', 'err.coordsFormat'],
    ['1e3, 5', 'err.coordsFormat'],
    ['90.0001, 0', 'err.latRange'],
    ['-91, 0', 'err.latRange'],
    ['0, 180.5', 'err.lonRange'],
  ])('refuses %j with %s', (text, key) => {
    const r = parseCoordinates(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.key).toBe(key);
  });
});

describe('validateIncidentForm', () => {
  it('builds the request body from a good form, leaving out what is empty', () => {
    const r = validateIncidentForm(
      form({
        type: 'fire.residential',
        level: 'III',
        coords: '37.8003, -122.4372',
        address: '  2100 Chestnut St ',
        reporterPhone: '+1 (415) 555-0100',
        trapped: '2',
        injured: '0',
      }),
      CATALOGUE,
    );
    expect(r).toEqual({
      ok: true,
      body: {
        type: 'fire.residential',
        level: 'III',
        source: 'call',
        location: { lat: 37.8003, lon: -122.4372 },
        address: '2100 Chestnut St',
        reporter_phone: '+1 (415) 555-0100',
        casualties: { trapped: 2 },
      },
    });
  });

  it('names every bad field at once', () => {
    const r = validateIncidentForm(
      form({
        type: '',
        level: 'V',
        source: 'pigeon',
        coords: 'somewhere',
        reporterPhone: 'call me',
        injured: '-1',
        dead: '2.5',
        trapped: '1000001',
        description: 'a\u0007b',
      }),
      CATALOGUE,
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(Object.fromEntries(Object.entries(r.errors).map(([k, v]) => [k, v!.key]))).toEqual({
      type: 'err.typeRequired',
      level: 'err.level',
      source: 'err.source',
      coords: 'err.coordsFormat',
      reporterPhone: 'err.phone',
      injured: 'err.count',
      dead: 'err.count',
      trapped: 'err.count',
      description: 'err.controlChars',
    });
  });

  it('refuses a type the catalogue does not have', () => {
    const r = validateIncidentForm(form({ type: 'fire.imaginary', coords: '1,1' }), CATALOGUE);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.type?.key).toBe('err.typeUnknown');
  });

  it('counts text limits in UTF-8 bytes as the server does', () => {
    expect(utf8Bytes('火')).toBe(3);
    const name67 = '火'.repeat(67); // 201 bytes
    const name66 = '火'.repeat(66); // 198 bytes
    const bad = validateIncidentForm(form({ type: 'fire.residential', coords: '1,1', reporterName: name67 }), CATALOGUE);
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.errors.reporterName).toEqual({ key: 'err.tooLong', params: { max: 200 } });
    expect(validateIncidentForm(form({ type: 'fire.residential', coords: '1,1', reporterName: name66 }), CATALOGUE).ok).toBe(true);
    const desc = 'a'.repeat(4001);
    const r = validateIncidentForm(form({ type: 'fire.residential', coords: '1,1', description: desc }), CATALOGUE);
    expect(r.ok).toBe(false);
  });

  it('allows tabs and newlines, and turns CRLF into LF', () => {
    expect(hasControlChars('a\tb\nc')).toBe(false);
    expect(hasControlChars('a\rb')).toBe(true);
    expect(hasControlChars('\u007f')).toBe(true);
    const r = validateIncidentForm(form({ type: 'fire.residential', coords: '1,1', description: 'line 1\r\nline 2' }), CATALOGUE);
    expect(r.ok && r.body.description).toBe('line 1\nline 2');
  });

  it('maps server field paths to the form', () => {
    expect(formFieldOf('location.lat')).toBe('coords');
    expect(formFieldOf('casualties.injured')).toBe('injured');
    expect(formFieldOf('reporter_phone')).toBe('reporterPhone');
    expect(formFieldOf('nonsense')).toBeNull();
    expect(formFieldOf(undefined)).toBeNull();
  });
});

describe('duplicates before saving', () => {
  const now = Date.parse('2026-03-01T08:00:00.000Z');
  const inc = (id: number, type: string, lat: number, lon: number, minutesAgo: number, status: IncidentSummary['status'] = 'reported'): IncidentSummary => ({
    id,
    type,
    category: 'accident',
    level: 'IV',
    status,
    source: 'call',
    location: { lat, lon },
    address: '',
    grid: null,
    jurisdiction: null,
    exercise: false,
    reported_at: new Date(now - minutesAgo * 60_000).toISOString(),
    units: 0,
    merged_into: null,
  });

  it('finds related open incidents within 300 m and 30 minutes, nearest first', () => {
    const here = { lat: 37.8004, lon: -122.4371 };
    const list = [
      inc(1, 'fire.residential', 37.8003, -122.4372, 2), // 14.17 m (the server measured 14.171764 m)
      inc(2, 'utility.gas_leak', 37.8012, -122.4371, 10), // ≈ 89 m, related family
      inc(3, 'medical.emergency', 37.8004, -122.4371, 1), // same place, unrelated type
      inc(4, 'fire.vehicle', 37.8004, -122.4371, 31), // too old
      inc(5, 'fire.high_rise', 37.8032, -122.4371, 1), // ≈ 311 m: too far
      inc(6, 'fire.residential', 37.8004, -122.4371, 1, 'closed'), // finished
      inc(7, 'hazmat.leak', 37.8004, -122.4380, 29), // ≈ 79 m
    ];
    const found = nearbyDuplicates(CATALOGUE, 'fire.residential', here, now, list);
    expect(found.map((c) => c.id)).toEqual([1, 7, 2]);
    expect(found[0]!.distanceM).toBeCloseTo(14.1718, 3);
    expect(found[0]!.ageS).toBe(120);
  });

  it('follows the rule the server sent', () => {
    const here = { lat: 37.8004, lon: -122.4371 };
    const list = [
      inc(1, 'fire.residential', 37.8003, -122.4372, 2), // 14 m, 2 minutes
      inc(2, 'utility.gas_leak', 37.8012, -122.4371, 10), // 89 m, 10 minutes
    ];
    const near = makeCatalogue(TYPES, { max_distance_m: 50, max_age_s: 300 });
    expect(nearbyDuplicates(near, 'fire.residential', here, now, list).map((c) => c.id)).toEqual([1]);
    // Not loaded (yet): no warning rather than a guess.
    expect(nearbyDuplicates(makeCatalogue(TYPES, null), 'fire.residential', here, now, list)).toEqual([]);
  });

  it('relates types by the related lists the server sent', () => {
    expect(relatedTypes(CATALOGUE, 'fire.residential', 'fire.high_rise')).toBe(true);
    expect(relatedTypes(CATALOGUE, 'fire.vehicle', 'traffic.accident')).toBe(true);
    expect(relatedTypes(CATALOGUE, 'traffic.accident', 'fire.vehicle')).toBe(true);
    expect(relatedTypes(CATALOGUE, 'fire.residential', 'traffic.accident')).toBe(false);
    expect(relatedTypes(CATALOGUE, 'flood.river', 'rescue.water')).toBe(true);
    expect(relatedTypes(CATALOGUE, 'flood.river', 'rescue.technical')).toBe(false);
    expect(relatedTypes(CATALOGUE, 'geo.earthquake', 'building.collapse')).toBe(true);
    expect(relatedTypes(CATALOGUE, 'social.crowd', 'medical.mass_casualty')).toBe(true);
    expect(relatedTypes(CATALOGUE, 'social.crowd', 'medical.emergency')).toBe(false);
    // A type the catalogue does not have is related to itself only.
    expect(relatedTypes(CATALOGUE, 'fire.imaginary', 'fire.imaginary')).toBe(true);
    expect(relatedTypes(CATALOGUE, 'fire.imaginary', 'fire.residential')).toBe(false);
  });
});
