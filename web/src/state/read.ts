// Reading payloads defensively: a newer server may send more or other fields, and anything that
// is not what we expect reads as null rather than throwing. Shared by the reducer and the
// warnings reader.

export type Obj = Record<string, unknown>;

export function obj(v: unknown): Obj | null {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : null;
}
export function num(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}
export function str(v: unknown): string | null {
  return typeof v === 'string' ? v : null;
}
