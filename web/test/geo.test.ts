import { describe, expect, it } from 'vitest';

import type { Grid, Organisation, RoadCollection } from '../src/api/types';
import {
  ancestorAtTier,
  chain,
  dissolveBorders,
  findGrid,
  gridPolygons,
  haversineMeters,
  isWithin,
  orgIndex,
  roadLayers,
  roadsBounds,
  type LatLngTuple,
} from '../src/map/geo';

const square = (id: string, community: string, w: number, s: number, e: number, n: number): Grid => ({
  id,
  community,
  name: { zh: id, en: id },
  geometry: { type: 'MultiPolygon', coordinates: [[[[w, s], [e, s], [e, n], [w, n], [w, s]]]] },
});

describe('roadLayers', () => {
  const fc: RoadCollection = {
    type: 'FeatureCollection',
    bbox: [-122.5, 37.7, -122.3, 37.9],
    features: [
      { type: 'Feature', properties: { class: 'residential', segments: 3 }, geometry: { type: 'MultiLineString', coordinates: [[[-122.4, 37.8], [-122.41, 37.81], [-122.42, 37.8]]] } },
      { type: 'Feature', properties: { class: 'primary', segments: 2 }, geometry: { type: 'MultiLineString', coordinates: [[[-122.4, 37.8], [-122.5, 37.9]], [[1, 2]]] } },
      { type: 'Feature', properties: { class: 'motorway', segments: 1 }, geometry: { type: 'MultiLineString', coordinates: [[[-122.3, 37.7], [-122.31, 37.71]]] } },
      { type: 'Feature', properties: { class: 'service', segments: 3 }, geometry: { type: 'MultiLineString', coordinates: [[[-122.4, 37.8], [200, 37.8], [-122.41, 37.8], [-122.42, 37.8]]] } },
    ],
  };

  it('turns [lon, lat] into [lat, lon], one layer per class, least important first', () => {
    const layers = roadLayers(fc);
    expect(layers.map((l) => l.cls)).toEqual(['service', 'residential', 'primary', 'motorway']);
    expect(layers[1]!.lines).toEqual([[[37.8, -122.4], [37.81, -122.41], [37.8, -122.42]]]);
    expect(layers[1]!.segments).toBe(3);
    // a one-point line is dropped
    expect(layers[2]!.lines).toEqual([[[37.8, -122.4], [37.9, -122.5]]]);
    expect(layers[3]!.lines).toEqual([[[37.7, -122.3], [37.71, -122.31]]]);
  });

  it('splits a line at an invalid position instead of joining across it', () => {
    const service = roadLayers(fc)[0]!;
    expect(service.lines).toEqual([[[37.8, -122.41], [37.8, -122.42]]]);
  });

  it('survives an empty or broken collection', () => {
    expect(roadLayers(null)).toEqual([]);
    expect(roadLayers({ type: 'FeatureCollection', features: [] })).toEqual([]);
    expect(roadLayers({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { class: 'x' as never, segments: 0 }, geometry: null as never }] })).toEqual([]);
  });

  it('takes the bbox when sound, computes it when not', () => {
    expect(roadsBounds(fc)).toEqual({ west: -122.5, south: 37.7, east: -122.3, north: 37.9 });
    const noBbox = { ...fc, bbox: [1, 2, 3] };
    expect(roadsBounds(noBbox)).toEqual({ south: 37.7, west: -122.5, north: 37.9, east: -122.3 });
    expect(roadsBounds({ type: 'FeatureCollection', features: [] })).toBeNull();
  });
});

describe('grids', () => {
  const grids = [
    square('a1', 'c-a', 0, 0, 1, 1),
    square('a2', 'c-a', 1, 0, 2, 1),
    square('b1', 'c-b', 0, 1, 1, 2),
    square('b2', 'c-b', 1, 1, 2, 2),
  ];

  it('finds the grid a point falls in', () => {
    expect(findGrid({ lat: 0.5, lon: 1.5 }, grids)?.id).toBe('a2');
    expect(findGrid({ lat: 1.5, lon: 0.2 }, grids)?.id).toBe('b1');
    expect(findGrid({ lat: 3, lon: 3 }, grids)).toBeNull();
  });

  it('respects holes', () => {
    const donut: Grid = {
      id: 'd',
      community: 'c',
      name: { zh: 'd', en: 'd' },
      geometry: {
        type: 'MultiPolygon',
        coordinates: [[[[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]], [[4, 4], [6, 4], [6, 6], [4, 6], [4, 4]]]],
      },
    };
    expect(gridPolygons(donut)[0]).toHaveLength(2);
    expect(findGrid({ lat: 2, lon: 2 }, [donut])?.id).toBe('d');
    expect(findGrid({ lat: 5, lon: 5 }, [donut])).toBeNull();
  });

  it('dissolves the borders of groups: inner edges go, the edge between groups and the outline stay', () => {
    const borders = dissolveBorders(grids, (g) => g.community);
    // Between c-a and c-b: the line lat = 1 from lon 0 to 2, chained into one line.
    const between = borders.filter((b) => b.other !== null);
    expect(between).toHaveLength(1);
    expect(between[0]!.group).toBe('c-a');
    expect(between[0]!.other).toBe('c-b');
    const pts = between[0]!.line.map(([lat, lon]) => `${lat},${lon}`).sort();
    expect(pts).toEqual(['1,0', '1,1', '1,2']);
    // The outline: the 2×2 square's 8 unit edges (4 per group); the two inner edges on lon = 1
    // (each inside one group) are dropped.
    const outer = borders.filter((b) => b.other === null);
    const edges = outer.reduce((n, b) => n + b.line.length - 1, 0);
    expect(edges).toBe(8);
    expect(outer.filter((b) => b.group === 'c-a').reduce((n, b) => n + b.line.length - 1, 0)).toBe(4);
    for (const b of outer) {
      for (let i = 1; i < b.line.length; i++) {
        const [lat1, lon1] = b.line[i - 1]!;
        const [lat2, lon2] = b.line[i]!;
        const insideA = lon1 === 1 && lon2 === 1 && Math.max(lat1, lat2) <= 1;
        const insideB = lon1 === 1 && lon2 === 1 && Math.min(lat1, lat2) >= 1;
        expect(insideA || insideB).toBe(false);
      }
    }
  });

  it('leaves out grids of no group', () => {
    expect(dissolveBorders(grids, () => null)).toEqual([]);
  });
});

describe('chain', () => {
  it('joins segments end to end whichever way round they are', () => {
    const p = (a: number, b: number): LatLngTuple => [a, b];
    const lines = chain([
      [p(0, 1), p(0, 2)],
      [p(0, 0), p(0, 1)],
      [p(0, 3), p(0, 2)],
      [p(5, 5), p(6, 6)],
    ]);
    expect(lines).toHaveLength(2);
    const long = lines.find((l) => l.length === 4)!;
    const asText = long.map((x) => x.join(',')).join(' ');
    expect(['0,0 0,1 0,2 0,3', '0,3 0,2 0,1 0,0']).toContain(asText);
  });
});

describe('haversineMeters', () => {
  it('matches the server (14.171764 m between two Marina reports) and a degree of latitude', () => {
    expect(haversineMeters({ lat: 37.8003, lon: -122.4372 }, { lat: 37.8004, lon: -122.4371 })).toBeCloseTo(14.171764, 5);
    // one degree of latitude on a sphere of radius 6 371 008.8 m: 2πR/360
    expect(haversineMeters({ lat: 10, lon: 5 }, { lat: 11, lon: 5 })).toBeCloseTo((2 * Math.PI * 6371008.8) / 360, 3);
    expect(haversineMeters({ lat: 1, lon: 1 }, { lat: 1, lon: 1 })).toBe(0);
  });
});

describe('organisation tree', () => {
  const org = (id: string, parent: string | null, tier: Organisation['tier']): Organisation => ({
    id,
    parent,
    tier,
    name: { zh: id, en: id },
    departments: [],
    mutual_aid: [],
    aid_without_agreement: null,
  });
  const idx = orgIndex([org('r', null, 'region'), org('c', 'r', 'city'), org('d', 'c', 'district'), org('t', 'd', 'town'), org('m', 't', 'community')]);

  it('walks up to a tier and answers who is within whom', () => {
    expect(ancestorAtTier(idx, 'm', 'district')?.id).toBe('d');
    expect(ancestorAtTier(idx, 'c', 'district')).toBeNull();
    expect(isWithin(idx, 'm', 'c')).toBe(true);
    expect(isWithin(idx, 'c', 'm')).toBe(false);
    expect(isWithin(idx, 'unknown', 'r')).toBe(false);
  });
});
