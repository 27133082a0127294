import { type ApiResult, fail } from '../../engine/k8s/errors';
import { findUnknownFields } from '../../engine/k8s/admission';
import type { KObject } from '../../engine/k8s/types';
import type { Session } from './context';
import { builtinDecodeError, jsonType } from './go-decode';

/**
 * Writes to the API server. Before the engine sees an object, the JSON decoding the real server
 * does is checked for the metadata fields every kind shares (a number as a name, a string as
 * labels), with the server's BadRequest wording, and, under kubectl's default
 * `--validate=strict` (the request's fieldValidation=Strict), a custom object's fields its schema
 * does not know fail the decoding instead of being pruned with a warning. An exception from the
 * engine is turned into a BadRequest too: kubectl must never crash on what a learner typed.
 */


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

/** The request's field validation, from kubectl's --validate (strict/true, warn, ignore/false). */
export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';

const GO_TRUE = ['1', 't', 'T', 'TRUE', 'true', 'True'];
const GO_FALSE = ['0', 'f', 'F', 'FALSE', 'false', 'False'];

/** cmdutil.GetValidationDirective: a Go boolean, or strict/warn/ignore; null for anything else. */
export function validationDirective(validate: string): FieldValidation | null {
  if (GO_TRUE.includes(validate) || validate === 'strict') return 'Strict';
  if (GO_FALSE.includes(validate) || validate === 'ignore') return 'Ignore';
  return validate === 'warn' ? 'Warn' : null;
}

export const badValidateMessage = (validate: string) => `invalid - validate option ${JSON.stringify(validate)}; must be one of: strict (or true), warn, ignore (or false)`;

export function fieldValidationOf(validate: string): FieldValidation {
  return validationDirective(validate) ?? 'Strict';
}

/** The value at a pruning path (`spec.a.b[0].c`), or undefined. */
function valueAt(o: unknown, path: string): unknown {
  let cur = o;
  for (const part of path.split(/\.|(?=\[)/)) {
    const idx = /^\[(\d+)\]$/.exec(part);
    if (idx) cur = Array.isArray(cur) ? cur[Number(idx[1])] : undefined;
    else cur = cur !== null && typeof cur === 'object' && !Array.isArray(cur) ? (cur as Record<string, unknown>)[part] : undefined;
    if (cur === undefined) return undefined;
  }
  return cur;
}

/**
 * The fields strict decoding rejects. On an update the server patches the live object converted
 * to the request's version, where fields only the stored version has are gone; the lab's live
 * object is not converted, so a field the live object carries with the same value is not the
 * patch's and is left out.
 */
function unknownFields(s: Session, o: KObject, live?: KObject): string[] {
  const found = findUnknownFields(s.api, o);
  if (!live || !found.length) return found;
  return found.filter((f) => JSON.stringify(valueAt(o, f)) !== JSON.stringify(valueAt(live, f)));
}

function guarded(s: Session, o: KObject, validation: FieldValidation, call: () => ApiResult<KObject>, live?: KObject): ApiResult<KObject> {
  const bad = metadataDecodeError(o) ?? builtinDecodeError(o);
  if (bad) return cannotHandle(o, bad);
  if (validation === 'Strict') {
    const unknown = unknownFields(s, o, live);
    if (unknown.length) return cannotHandle(o, `strict decoding error: ${unknown.map((f) => `unknown field ${JSON.stringify(f)}`).join(', ')}`);
  }
  try {
    return call();
  } catch (e) {
    return cannotHandle(o, (e as Error).message);
  }
}

/** `validation` is what kubectl asked for; verbs without --validate send none (the server then warns). */
export function createObject(s: Session, o: KObject, opts: { source?: string; dryRun?: boolean; validation?: FieldValidation } = {}): ApiResult<KObject> {
  return guarded(s, o, opts.validation ?? 'Warn', () => s.api.create(o, opts));
}

export function updateObject(s: Session, o: KObject, opts: { source?: string; checkVersion?: boolean; validation?: FieldValidation; live?: KObject } = {}): ApiResult<KObject> {
  return guarded(s, o, opts.validation ?? 'Warn', () => s.api.update(o, opts), opts.live);
}
