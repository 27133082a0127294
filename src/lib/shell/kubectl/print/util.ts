import type { KObject } from '../../../engine/k8s/types';

/** Read-only access to the parts of objects the engine types leave open (extra user fields). */
export type Loose = Record<string, unknown>;

export function rec(v: unknown): Loose | undefined {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Loose) : undefined;
}

export function arr(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

export function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

export function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

export function path(v: unknown, ...keys: string[]): unknown {
  let cur: unknown = v;
  for (const k of keys) {
    const r = rec(cur);
    if (!r) return undefined;
    cur = r[k];
  }
  return cur;
}

/** The object's own fields as a loose record. */
export function loose(o: KObject | object): Loose {
  return o as unknown as Loose;
}

/** The lookups printers need from the API server (ApiServer satisfies this). */
export interface ApiLookup {
  list<T extends KObject = KObject>(resource: string, namespace?: string): T[];
  get<T extends KObject = KObject>(resource: string, namespace: string | undefined, name: string): T | undefined;
}

/** IntOrString.String(): numbers as decimal, strings as they are. */
export function intOrString(v: unknown): string {
  if (typeof v === 'number') return String(v);
  return str(v);
}

/** The controller owner reference of an object, if any. */
export function controllerRef(o: KObject): { kind: string; name: string; uid: string } | undefined {
  return o.metadata.ownerReferences?.find((r) => r.controller === true);
}
