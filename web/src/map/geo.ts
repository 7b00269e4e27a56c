// GeoJSON and geometry for a map without tiles: the server's road layer turned into polylines by
// class, grid polygons, jurisdiction borders dissolved from the grids, point-in-grid lookup and
// distances. Pure functions; positions out are [lat, lon] as Leaflet takes them.

import type { Grid, LatLon, Organisation, RoadCollection } from '../api/types';

export type LatLngTuple = [number, number];

/** Road classes from the most to the least important; the map draws them in reverse. */
export const ROAD_CLASSES = [
  'motorway',
  'trunk',
  'primary',
  'secondary',
  'tertiary',
  'unclassified',
  'residential',
  'living_street',
  'service',
  'track',
  'other',
  'unknown',
] as const;

export interface RoadLayer {
  cls: string;
  rank: number;
  lines: LatLngTuple[][];
  segments: number;
}

function validLonLat(p: unknown): p is [number, number] {
  return (
    Array.isArray(p) &&
    p.length >= 2 &&
    typeof p[0] === 'number' &&
    typeof p[1] === 'number' &&
    Number.isFinite(p[0]) &&
    Number.isFinite(p[1]) &&
    Math.abs(p[0]) <= 180 &&
    Math.abs(p[1]) <= 90
  );
}

/** One line of [lon, lat] positions as [lat, lon]; invalid positions split it (never joined over). */
function convertLine(coords: unknown): LatLngTuple[][] {
  const out: LatLngTuple[][] = [];
  if (!Array.isArray(coords)) return out;
  let cur: LatLngTuple[] = [];
  for (const p of coords) {
    if (validLonLat(p)) {
      cur.push([p[1], p[0]]);
    } else {
      if (cur.length >= 2) out.push(cur);
      cur = [];
    }
  }
  if (cur.length >= 2) out.push(cur);
  return out;
}

/**
 * The road collection as one layer per class, the least important first (drawn first, under the
 * rest). Features of one class are joined; unknown geometry types are skipped.
 */
export function roadLayers(fc: RoadCollection | null | undefined): RoadLayer[] {
  if (!fc || !Array.isArray(fc.features)) return [];
  const byClass = new Map<string, RoadLayer>();
  for (const f of fc.features) {
    if (!f || !f.geometry) continue;
    const raw = f.properties?.class;
    const cls = typeof raw === 'string' && raw ? raw : 'unknown';
    let layer = byClass.get(cls);
    if (!layer) {
      const idx = (ROAD_CLASSES as readonly string[]).indexOf(cls);
      layer = { cls, rank: idx < 0 ? ROAD_CLASSES.length : idx, lines: [], segments: 0 };
      byClass.set(cls, layer);
    }
    const g = f.geometry;
    if (g.type === 'MultiLineString' && Array.isArray(g.coordinates)) {
      for (const line of g.coordinates) layer.lines.push(...convertLine(line));
    }
    layer.segments += typeof f.properties?.segments === 'number' ? f.properties.segments : 0;
  }
  return [...byClass.values()]
    .filter((l) => l.lines.length > 0)
    .sort((a, b) => b.rank - a.rank || a.cls.localeCompare(b.cls));
}

export interface Bounds {
  south: number;
  west: number;
  north: number;
  east: number;
}

export function extend(b: Bounds | null, lat: number, lon: number): Bounds {
  if (!b) return { south: lat, west: lon, north: lat, east: lon };
  return {
    south: Math.min(b.south, lat),
    west: Math.min(b.west, lon),
    north: Math.max(b.north, lat),
    east: Math.max(b.east, lon),
  };
}

/** The roads' extent: the collection's own bbox when it is sound, else computed from the lines. */
export function roadsBounds(fc: RoadCollection | null | undefined, layers?: RoadLayer[]): Bounds | null {
  const bb = fc?.bbox;
  if (
    Array.isArray(bb) &&
    bb.length === 4 &&
    bb.every((v) => typeof v === 'number' && Number.isFinite(v)) &&
    bb[0]! <= bb[2]! &&
    bb[1]! <= bb[3]! &&
    Math.abs(bb[1]!) <= 90 &&
    Math.abs(bb[3]!) <= 90
  ) {
    return { west: bb[0]!, south: bb[1]!, east: bb[2]!, north: bb[3]! };
  }
  let b: Bounds | null = null;
  for (const layer of layers ?? roadLayers(fc)) {
    for (const line of layer.lines) for (const [lat, lon] of line) b = extend(b, lat, lon);
  }
  return b;
}

/** The rings of a grid's MultiPolygon as [lat, lon]: polygons of rings (outer first, then holes). */
export function gridPolygons(grid: Pick<Grid, 'geometry'>): LatLngTuple[][][] {
  const polys: LatLngTuple[][][] = [];
  const coords = grid.geometry?.coordinates;
  if (!Array.isArray(coords)) return polys;
  for (const poly of coords) {
    if (!Array.isArray(poly)) continue;
    const rings: LatLngTuple[][] = [];
    for (const ring of poly) {
      if (!Array.isArray(ring)) continue;
      const pts = ring.filter(validLonLat).map((p) => [p[1], p[0]] as LatLngTuple);
      if (pts.length >= 3) rings.push(pts);
    }
    if (rings.length > 0) polys.push(rings);
  }
  return polys;
}

export function gridsBounds(grids: Pick<Grid, 'geometry'>[]): Bounds | null {
  let b: Bounds | null = null;
  for (const g of grids) {
    for (const poly of gridPolygons(g)) for (const [lat, lon] of poly[0] ?? []) b = extend(b, lat, lon);
  }
  return b;
}

/** Ray casting; points on an edge may fall either way. */
export function pointInRing(lat: number, lon: number, ring: LatLngTuple[]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [yi, xi] = ring[i]!;
    const [yj, xj] = ring[j]!;
    if (yi > lat !== yj > lat && lon < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

export function pointInGrid(p: LatLon, grid: Pick<Grid, 'geometry'>): boolean {
  for (const rings of gridPolygons(grid)) {
    const [outer, ...holes] = rings;
    if (outer && pointInRing(p.lat, p.lon, outer) && !holes.some((h) => pointInRing(p.lat, p.lon, h))) {
      return true;
    }
  }
  return false;
}

export function findGrid<G extends Pick<Grid, 'geometry'>>(p: LatLon, grids: G[]): G | null {
  for (const g of grids) if (pointInGrid(p, g)) return g;
  return null;
}

/** Great-circle distance in metres (the server's HaversineMeters, R = 6 371 008.8 m). */
export function haversineMeters(a: LatLon, b: LatLon): number {
  const R = 6371008.8;
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const s =
    Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * R * Math.asin(Math.min(1, Math.sqrt(s)));
}

// ---- the organisation tree ---------------------------------------------------------------------

export function orgIndex(orgs: Organisation[]): Map<string, Organisation> {
  return new Map(orgs.map((o) => [o.id, o]));
}

/** The organisation and its ancestors, itself first (stops on a cycle or an unknown parent). */
export function ancestors(index: Map<string, Organisation>, id: string): Organisation[] {
  const out: Organisation[] = [];
  const seen = new Set<string>();
  let cur = index.get(id);
  while (cur && !seen.has(cur.id)) {
    out.push(cur);
    seen.add(cur.id);
    cur = cur.parent ? index.get(cur.parent) : undefined;
  }
  return out;
}

/** The nearest organisation of `tier` at or above `id`. */
export function ancestorAtTier(
  index: Map<string, Organisation>,
  id: string,
  tier: Organisation['tier'],
): Organisation | null {
  return ancestors(index, id).find((o) => o.tier === tier) ?? null;
}

/** Whether `id` is `root` or below it. */
export function isWithin(index: Map<string, Organisation>, id: string, root: string): boolean {
  return ancestors(index, id).some((o) => o.id === root);
}

// ---- jurisdiction borders ----------------------------------------------------------------------

export interface Border {
  /** The group on one side; `other` is the group on the other side, or null at the outer edge. */
  group: string;
  other: string | null;
  line: LatLngTuple[];
}

function keyOf(p: LatLngTuple): string {
  return `${p[0].toFixed(7)},${p[1].toFixed(7)}`;
}

/**
 * The borders between groups of grids (districts, say), dissolved: an edge that two grids of the
 * same group share is inside the group and dropped; an edge between two groups, or on the outside,
 * is kept once. Grids that meet along identical vertices dissolve exactly; where one grid's edge
 * runs along several of its neighbour's, those pieces stay (drawn as a border, which is where the
 * shapes disagree anyway). Kept edges are chained into lines end to end.
 */
export function dissolveBorders<G extends Pick<Grid, 'geometry'>>(
  grids: G[],
  groupOf: (grid: G) => string | null,
): Border[] {
  interface EdgeUse {
    a: LatLngTuple;
    b: LatLngTuple;
    groups: string[];
  }
  const edges = new Map<string, EdgeUse>();
  for (const g of grids) {
    const group = groupOf(g);
    if (group === null) continue;
    for (const rings of gridPolygons(g)) {
      for (const ring of rings) {
        for (let i = 0; i < ring.length; i++) {
          const a = ring[i]!;
          const b = ring[(i + 1) % ring.length]!;
          const ka = keyOf(a);
          const kb = keyOf(b);
          if (ka === kb) continue; // closing point repeated, or a zero-length edge
          const key = ka < kb ? `${ka}|${kb}` : `${kb}|${ka}`;
          const use = edges.get(key);
          if (use) use.groups.push(group);
          else edges.set(key, { a, b, groups: [group] });
        }
      }
    }
  }
  // Kept edges by the pair of groups they separate.
  const byPair = new Map<string, { group: string; other: string | null; segs: [LatLngTuple, LatLngTuple][] }>();
  for (const e of edges.values()) {
    const distinct = [...new Set(e.groups)].sort();
    if (distinct.length === 1 && e.groups.length > 1) continue; // interior of one group
    const group = distinct[0]!;
    const other = distinct.length > 1 ? distinct[1]! : null;
    const k = `${group}\u0000${other ?? ''}`;
    let entry = byPair.get(k);
    if (!entry) {
      entry = { group, other, segs: [] };
      byPair.set(k, entry);
    }
    entry.segs.push([e.a, e.b]);
  }
  const out: Border[] = [];
  for (const { group, other, segs } of byPair.values()) {
    for (const line of chain(segs)) out.push({ group, other, line });
  }
  return out;
}

/** Joins segments that share end points into as few lines as it simply can. */
export function chain(segs: [LatLngTuple, LatLngTuple][]): LatLngTuple[][] {
  const unused = new Set(segs.map((_, i) => i));
  const at = new Map<string, number[]>();
  segs.forEach(([a, b], i) => {
    for (const p of [a, b]) {
      const k = keyOf(p);
      const list = at.get(k);
      if (list) list.push(i);
      else at.set(k, [i]);
    }
  });
  const next = (p: LatLngTuple): number | undefined =>
    (at.get(keyOf(p)) ?? []).find((i) => unused.has(i));
  const lines: LatLngTuple[][] = [];
  for (let i = 0; i < segs.length; i++) {
    if (!unused.has(i)) continue;
    unused.delete(i);
    const [a, b] = segs[i]!;
    const line: LatLngTuple[] = [a, b];
    // Extend forward from the tail, then backward from the head.
    for (let j = next(line[line.length - 1]!); j !== undefined; j = next(line[line.length - 1]!)) {
      unused.delete(j);
      const [c, d] = segs[j]!;
      line.push(keyOf(c) === keyOf(line[line.length - 1]!) ? d : c);
    }
    for (let j = next(line[0]!); j !== undefined; j = next(line[0]!)) {
      unused.delete(j);
      const [c, d] = segs[j]!;
      line.unshift(keyOf(c) === keyOf(line[0]!) ? d : c);
    }
    lines.push(line);
  }
  return lines;
}
