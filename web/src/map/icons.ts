// Map symbols drawn in SVG (no icon fonts or images from outside): units by type, coloured by
// status; incidents by category, coloured by level (I red, II orange, III yellow, IV blue, the
// national colour scale of emergency levels).

import type { AlertLevel, Category, Level, UnitStatus, UnitType } from '../api/types';

export const LEVEL_COLORS: Record<Level, string> = {
  I: '#e0202e',
  II: '#f27a00',
  III: '#f2c200',
  IV: '#2f7fe0',
};

/** Public warnings by level: 蓝 黄 橙 红 (blue, yellow, orange, red), as the warning signals are. */
export const ALERT_LEVEL_COLORS: Record<AlertLevel, string> = {
  blue: '#1f78ff',
  yellow: '#f2c200',
  orange: '#f27a00',
  red: '#e0202e',
};

export const UNIT_STATUS_COLORS: Record<UnitStatus, string> = {
  available: '#2bb673',
  dispatched: '#f2c200',
  acknowledged: '#f59e0b',
  en_route: '#f27a00',
  on_scene: '#e0202e',
  returning: '#22a7c9',
  out_of_service: '#7b8794',
};

// 24×24 glyphs, drawn in white on the coloured badge.
const UNIT_GLYPHS: Record<UnitType, string> = {
  // flame
  engine: '<path d="M12 3c1 3 4 5 4 9a4 4 0 0 1-8 0c0-2 1-3 2-4 0 2 1 3 2 3-1-3 0-5 0-8z"/>',
  // ladder
  ladder: '<path d="M8 3h2v18H8zM14 3h2v18h-2zM10 6h4v2h-4zM10 11h4v2h-4zM10 16h4v2h-4z"/>',
  // drop in a tank
  tanker: '<path d="M12 4c2 3 4 5 4 8a4 4 0 0 1-8 0c0-3 2-5 4-8z"/><path d="M4 19h16v2H4z"/>',
  // wrench
  rescue: '<path d="M15 3a5 5 0 0 0-4.6 6.9L3 17.3 6.7 21l7.4-7.4A5 5 0 0 0 21 9l-3 3-3-3 3-3a5 5 0 0 0-3-3z"/>',
  // hazard diamond
  hazmat: '<path d="M12 2 22 12 12 22 2 12z" fill-opacity=".25"/><path d="M11 7h2v7h-2zM11 16h2v2h-2z"/>',
  // flag
  command: '<path d="M6 3h2v18H6zM8 4h10l-2 4 2 4H8z"/>',
  // cross
  ambulance: '<path d="M10 4h4v6h6v4h-6v6h-4v-6H4v-4h6z"/>',
  // shield
  police: '<path d="M12 2 20 5v6c0 5-3.4 9-8 11-4.6-2-8-6-8-11V5z"/>',
  // boat
  boat: '<path d="M3 14h18l-3 5H6z"/><path d="M11 4h2v9h-2zM13 5l5 6h-5z"/>',
  // drone
  drone: '<circle cx="6" cy="6" r="3"/><circle cx="18" cy="6" r="3"/><circle cx="6" cy="18" r="3"/><circle cx="18" cy="18" r="3"/><path d="M9 9h6v6H9z"/>',
  // pump: drop with arrow
  pump: '<path d="M12 3c2 3 4 5 4 8a4 4 0 0 1-8 0c0-3 2-5 4-8z"/><path d="M5 18h14v3H5z"/>',
  // cross in circle
  medical_team: '<circle cx="12" cy="12" r="9" fill-opacity=".3"/><path d="M10.5 6h3v4.5H18v3h-4.5V18h-3v-4.5H6v-3h4.5z"/>',
  // gear-ish hammer
  engineering_team: '<path d="M4 6l6-3 3 3-2 2 9 9-3 3-9-9-2 2-3-3z"/>',
  // heart
  volunteer_team: '<path d="M12 21 4 13a5 5 0 0 1 8-6 5 5 0 0 1 8 6z"/>',
};

const CATEGORY_GLYPHS: Record<Category, string> = {
  // wave
  natural: '<path d="M3 14c3-3 5-3 6 0s3 3 6 0 5-3 6 0v3c-3-3-5-3-6 0s-3 3-6 0-5-3-6 0z"/><path d="M6 6l3 4H3zM15 5l4 5h-8z"/>',
  // flame
  accident: '<path d="M12 3c1 3 4 5 4 9a4 4 0 0 1-8 0c0-2 1-3 2-4 0 2 1 3 2 3-1-3 0-5 0-8z"/>',
  // cross
  public_health: '<path d="M10 4h4v6h6v4h-6v6h-4v-6H4v-4h6z"/>',
  // people
  social_safety: '<circle cx="8" cy="7" r="3"/><circle cx="16" cy="7" r="3"/><path d="M2 20c0-4 3-7 6-7s6 3 6 7zM12 20c0-2 .5-4 2-5.5A5 5 0 0 1 22 20z"/>',
};

export function unitGlyph(type: string): string {
  return UNIT_GLYPHS[type as UnitType] ?? '<circle cx="12" cy="12" r="5"/>';
}

export function categoryGlyph(category: string): string {
  return CATEGORY_GLYPHS[category as Category] ?? CATEGORY_GLYPHS.accident;
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export type AvlMark = 'fresh' | 'stale' | 'none';

/**
 * The HTML of a unit marker: a badge coloured by status with its type's glyph, and its id as the
 * label. The label is the id alone: a stale AVL position shows as the badge's dashed outline and
 * in the tooltip, not as a character after the id (a " ?" there read as part of the call sign,
 * "RS38 ?"). `labelSide` puts the label away from the units fanned out around the same station:
 * the unit on the left of a fan has its label on its left, not across the station and the badge
 * (and glyph) of the unit on the right.
 */
export function unitMarkerHtml(
  id: string,
  type: string,
  status: UnitStatus,
  avl: AvlMark,
  overdue: boolean,
  labelSide: 'left' | 'right' = 'right',
): string {
  const color = UNIT_STATUS_COLORS[status] ?? '#999';
  const cls = ['unit-marker', `avl-${avl}`, overdue ? 'overdue' : ''].join(' ');
  return (
    `<div class="${cls}" style="--c:${color}" data-unit="${escapeHtml(id)}" data-status="${status}" data-avl="${avl}">` +
    `<svg viewBox="0 0 24 24" aria-hidden="true">${unitGlyph(type)}</svg>` +
    `<span class="unit-label label-${labelSide}">${escapeHtml(id)}</span></div>`
  );
}

/** The HTML of an incident marker: a pin coloured by level with its category's glyph. */
export function incidentMarkerHtml(id: number, category: string, level: Level, status: string, selected: boolean): string {
  const color = LEVEL_COLORS[level] ?? '#999';
  const cls = ['incident-marker', `st-${status}`, selected ? 'selected' : ''].join(' ');
  return (
    `<div class="${cls}" style="--c:${color}" data-incident="${id}" data-level="${level}">` +
    `<svg viewBox="0 0 24 24" aria-hidden="true">${categoryGlyph(category)}</svg>` +
    `<span class="incident-label">${id}</span></div>`
  );
}

export function stationMarkerHtml(kind: string): string {
  const glyph = kind === 'fire_station' ? UNIT_GLYPHS.engine : kind === 'police_station' ? UNIT_GLYPHS.police : UNIT_GLYPHS.ambulance;
  return `<div class="station-marker"><svg viewBox="0 0 24 24" aria-hidden="true">${glyph}</svg></div>`;
}
