// The incident type catalogue and the duplicate rule, as the server serves them
// (GET /api/v1/incident-types, GET /api/v1/duplicate-rule) and the store keeps them after sign-in:
// the types' names and categories, which types one emergency is often reported as (the related
// types of duplicate detection), and how near and how recent a duplicate is. Nothing of it is
// copied here, so a type the server adds shows with its name, and the warning before saving
// follows the server's own rule.

import type { Category, DuplicateRule, IncidentType } from '../api/types';

export interface Catalogue {
  /** The types, in the server's order. */
  readonly types: readonly IncidentType[];
  readonly byCode: ReadonlyMap<string, IncidentType>;
  /** The duplicate rule; null while not loaded (no warning before saving then). */
  readonly rule: DuplicateRule | null;
}

export function makeCatalogue(types: readonly IncidentType[], rule: DuplicateRule | null): Catalogue {
  return { types, byCode: new Map(types.map((t) => [t.code, t])), rule };
}

/** What the dashboard knows before the reference data is read: nothing. */
export const EMPTY_CATALOGUE: Catalogue = makeCatalogue([], null);

export function findIncidentType(catalogue: Catalogue, code: string): IncidentType | undefined {
  return catalogue.byCode.get(code);
}

/** The category of a type; an unknown type (not loaded yet, or a newer server) counts as an accident. */
export function categoryOf(catalogue: Catalogue, code: string): Category {
  return catalogue.byCode.get(code)?.category ?? 'accident';
}

/**
 * Whether two incident types may be one emergency reported twice: one lists the other among its
 * related types (the server's relation is symmetric, and each type is related to itself).
 */
export function relatedTypes(catalogue: Catalogue, a: string, b: string): boolean {
  if (a === b) return true;
  return (
    (catalogue.byCode.get(a)?.related.includes(b) ?? false) || (catalogue.byCode.get(b)?.related.includes(a) ?? false)
  );
}
