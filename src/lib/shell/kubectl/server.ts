import { type ApiResult, fail } from '../../engine/k8s/errors';
import type { KObject } from '../../engine/k8s/types';
import type { Session } from './context';

/**
 * Writes to the API server. Before the engine sees an object, the JSON decoding the real server
 * does is checked for the metadata fields every kind shares (a number as a name, a string as
 * labels), with the server's BadRequest wording. An exception from the engine is turned into a
 * BadRequest too: kubectl must never crash on what a learner typed.
 */

function jsonType(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (v === null) return 'null';
  if (typeof v === 'object') return 'object';
  if (typeof v === 'boolean') return 'bool';
  return typeof v;
}

function cannotHandle(o: KObject, detail: string): ApiResult<KObject> {
  const kind = String(o.kind);
  const version = String(o.apiVersion);
  return fail(400, 'BadRequest', `${kind} in version ${JSON.stringify(version.includes('/') ? version.split('/')[1] : version)} cannot be handled as a ${kind}: ${detail}`);
}

/** The decode error the API server would give for malformed common metadata, if any. */
export function metadataDecodeError(o: KObject): string | null {
  const m: unknown = o.metadata;
  if (m === undefined || m === null) return null;
  if (jsonType(m) !== 'object') return `json: cannot unmarshal ${jsonType(m)} into Go struct field ${o.kind}.metadata of type v1.ObjectMeta`;
  const meta = m as Record<string, unknown>;
  for (const f of ['name', 'namespace', 'generateName']) {
    const v = meta[f];
    if (v !== undefined && v !== null && typeof v !== 'string') return `json: cannot unmarshal ${jsonType(v)} into Go struct field ObjectMeta.metadata.${f} of type string`;
  }
  for (const f of ['labels', 'annotations']) {
    const v = meta[f];
    if (v === undefined || v === null) continue;
    if (jsonType(v) !== 'object') return `json: cannot unmarshal ${jsonType(v)} into Go struct field ObjectMeta.metadata.${f} of type map[string]string`;
    for (const x of Object.values(v as Record<string, unknown>))
      if (x !== null && typeof x !== 'string') return `json: cannot unmarshal ${jsonType(x)} into Go struct field ObjectMeta.metadata.${f} of type string`;
  }
  return null;
}

function guarded(o: KObject, call: () => ApiResult<KObject>): ApiResult<KObject> {
  const bad = metadataDecodeError(o);
  if (bad) return cannotHandle(o, bad);
  try {
    return call();
  } catch (e) {
    return cannotHandle(o, (e as Error).message);
  }
}

export function createObject(s: Session, o: KObject, opts: { source?: string; dryRun?: boolean } = {}): ApiResult<KObject> {
  return guarded(o, () => s.api.create(o, opts));
}

export function updateObject(s: Session, o: KObject, opts: { source?: string; checkVersion?: boolean } = {}): ApiResult<KObject> {
  return guarded(o, () => s.api.update(o, opts));
}
