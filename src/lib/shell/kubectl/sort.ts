import { type KubectlError, plain } from './errors';
import { JsonPath, relaxedJsonPath } from './print';
import type { Info } from './resolve';

/** The first value a relaxed JSONPath finds in an object (undefined if none). */
export function firstValue(expr: string, obj: unknown): { ok: true; value: unknown } | { ok: false; error: string } {
  const rel = relaxedJsonPath(expr);
  if (!rel.ok) return rel;
  let jp: JsonPath;
  try {
    jp = new JsonPath(rel.path);
  } catch (e) {
    return { ok: false, error: `error parsing jsonpath ${rel.path}, ${(e as Error).message}` };
  }
  try {
    const r = jp.results(obj as never);
    return { ok: true, value: r[0]?.[0] };
  } catch {
    return { ok: true, value: undefined };
  }
}

function less(a: unknown, b: unknown): number {
  if (a === undefined && b === undefined) return 0;
  if (a === undefined) return -1;
  if (b === undefined) return 1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const sa = typeof a === 'string' ? a : JSON.stringify(a);
  const sb = typeof b === 'string' ? b : JSON.stringify(b);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

/**
 * `--sort-by=.lastTimestamp`: a stable sort on the value the expression finds (numbers by value,
 * strings and timestamps as text, objects lacking the field first). Fails when no object has it.
 */
export function sortInfos(infos: Info[], expr: string): { ok: true; infos: Info[] } | { ok: false; error: KubectlError } {
  const keyed: { info: Info; v: unknown }[] = [];
  for (const info of infos) {
    const r = firstValue(expr, info.obj);
    if (!r.ok) return { ok: false, error: plain(r.error) };
    keyed.push({ info, v: r.value });
  }
  if (keyed.length && keyed.every((k) => k.v === undefined)) {
    const rel = relaxedJsonPath(expr);
    return { ok: false, error: plain(`couldn't find any field with path ${JSON.stringify(rel.ok ? rel.path : expr)} in the list of objects`) };
  }
  const sorted = keyed.map((k, i) => ({ ...k, i })).sort((a, b) => less(a.v, b.v) || a.i - b.i);
  return { ok: true, infos: sorted.map((k) => k.info) };
}
