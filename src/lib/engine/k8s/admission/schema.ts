/**
 * Structural-schema handling of custom objects, as apiextensions-apiserver does it with a CRD
 * version's openAPIV3Schema: pruning of unknown fields, `default:` values, and validation
 * (type, required, enum, minimum/maximum, lengths, items, pattern, format) with kube-openapi's
 * messages, e.g. `spec.autoAssign: Invalid value: "string": spec.autoAssign in body must be of
 * type boolean: "string"`. CEL rules (x-kubernetes-validations) are not evaluated.
 */
import { deepClone } from '../types';
import { type BadValue, field, isRecord, stableStringify } from './field';

export interface Schema {
  type?: string;
  properties?: Record<string, Schema>;
  items?: Schema;
  additionalProperties?: Schema | boolean;
  required?: string[];
  default?: unknown;
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: boolean;
  exclusiveMaximum?: boolean;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  pattern?: string;
  format?: string;
  nullable?: boolean;
  'x-kubernetes-preserve-unknown-fields'?: boolean;
  'x-kubernetes-int-or-string'?: boolean;
  'x-kubernetes-embedded-resource'?: boolean;
}

export function asSchema(v: unknown): Schema | undefined {
  return isRecord(v) ? (v as Schema) : undefined;
}

function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

function childSchema(s: Schema, key: string): Schema | undefined {
  return asSchema(s.properties?.[key]) ?? (isRecord(s.additionalProperties) ? asSchema(s.additionalProperties) : undefined);
}

/** Drop fields the schema does not know; their paths go to `out` (for the unknown-field warning). */
export function prune(value: unknown, s: Schema | undefined, path: string, out: string[], root = false): void {
  if (!s) return;
  if (Array.isArray(value)) {
    const items = asSchema(s.items);
    if (items) value.forEach((v, i) => prune(v, items, `${path}[${i}]`, out));
    return;
  }
  if (!isRecord(value)) return;
  const keepAll = s['x-kubernetes-preserve-unknown-fields'] === true || s.additionalProperties === true;
  const embedded = s['x-kubernetes-embedded-resource'] === true;
  for (const key of Object.keys(value)) {
    // apiVersion, kind and metadata are the server's own, at the root and in embedded objects.
    if ((root || embedded) && (key === 'apiVersion' || key === 'kind' || key === 'metadata')) continue;
    const cs = childSchema(s, key);
    if (!cs) {
      if (!keepAll) {
        delete value[key];
        out.push(join(path, key));
      }
      continue;
    }
    prune(value[key], cs, join(path, key), out);
  }
}

/**
 * Structural defaulting: missing (or null, if not nullable) fields get their `default`; a null
 * where the schema is not nullable and has no default is dropped first, as the server prunes such
 * nulls before defaulting (so `peerASN: null` is "Required value", not a type error).
 */
export function applyDefaults(value: unknown, s: Schema | undefined): void {
  if (!s) return;
  if (Array.isArray(value)) {
    const items = asSchema(s.items);
    if (items) for (const v of value) applyDefaults(v, items);
    return;
  }
  if (!isRecord(value)) return;
  for (const [key, raw] of Object.entries(s.properties ?? {})) {
    const ps = asSchema(raw);
    if (!ps) continue;
    if (value[key] === null && !ps.nullable && ps.default === undefined) delete value[key];
    if (ps.default !== undefined && (value[key] === undefined || (value[key] === null && !ps.nullable))) value[key] = deepClone(ps.default);
    if (value[key] !== undefined) applyDefaults(value[key], ps);
  }
  if (isRecord(s.additionalProperties)) {
    const as = asSchema(s.additionalProperties);
    for (const key of Object.keys(value)) {
      if (s.properties?.[key]) continue;
      if (value[key] === null && as && !as.nullable) delete value[key];
      else applyDefaults(value[key], as);
    }
  }
}

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

function typeOk(v: unknown, t: string): boolean {
  switch (t) {
    case 'object':
      return isRecord(v);
    case 'array':
      return Array.isArray(v);
    case 'string':
      return typeof v === 'string';
    case 'boolean':
      return typeof v === 'boolean';
    case 'integer':
      return typeof v === 'number' && Number.isInteger(v);
    case 'number':
      return typeof v === 'number';
    default:
      return true;
  }
}

const IPV4 = /^((25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;
const FORMATS: Record<string, (s: string) => boolean> = {
  ipv4: (s) => IPV4.test(s),
  ipv6: (s) => /^[0-9a-fA-F:.]+$/.test(s) && s.includes(':'),
  cidr: (s) => {
    const [ip, bits] = s.split('/');
    return bits !== undefined && /^\d+$/.test(bits) && ((IPV4.test(ip) && Number(bits) <= 32) || (ip.includes(':') && Number(bits) <= 128));
  },
  'date-time': (s) => /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/.test(s),
  uuid: (s) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s)
};

function scalar(v: unknown): BadValue {
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? v : stableStringify(v);
}

/** Validate `value` against `s`; causes in kube-openapi's wording go to `errs`. */
export function validateValue(value: unknown, s: Schema | undefined, path: string, errs: string[]): void {
  if (!s) return;
  if (value === null && s.nullable) return;
  const intOrString = s['x-kubernetes-int-or-string'] === true;
  if (intOrString ? typeof value !== 'string' && !(typeof value === 'number' && Number.isInteger(value)) : s.type && !typeOk(value, s.type)) {
    const want = intOrString ? 'integer,string' : s.type!;
    errs.push(field.invalid(path, typeName(value), `${path} in body must be of type ${want}: ${JSON.stringify(typeName(value))}`));
    return;
  }
  if (s.enum && !s.enum.some((e) => stableStringify(e) === stableStringify(value)))
    errs.push(field.notSupported(path, scalar(value), s.enum.map((e) => (typeof e === 'number' ? e : typeof e === 'string' ? e : stableStringify(e)))));
  if (typeof value === 'number') {
    if (s.minimum !== undefined && (s.exclusiveMinimum ? value <= s.minimum : value < s.minimum))
      errs.push(field.invalid(path, value, `${path} in body should be greater than ${s.exclusiveMinimum ? '' : 'or equal to '}${s.minimum}`));
    if (s.maximum !== undefined && (s.exclusiveMaximum ? value >= s.maximum : value > s.maximum))
      errs.push(field.invalid(path, value, `${path} in body should be less than ${s.exclusiveMaximum ? '' : 'or equal to '}${s.maximum}`));
  }
  if (typeof value === 'string') {
    if (s.maxLength !== undefined && value.length > s.maxLength) errs.push(field.tooLong(path, s.maxLength));
    if (s.minLength !== undefined && value.length < s.minLength) errs.push(field.invalid(path, value, `${path} in body should be at least ${s.minLength} chars long`));
    if (s.pattern !== undefined && !safeRegex(s.pattern).test(value)) errs.push(field.invalid(path, value, `${path} in body should match '${s.pattern}'`));
    const check = s.format ? FORMATS[s.format] : undefined;
    if (check && !check(value)) errs.push(field.invalid(path, value, `${path} in body must be of type ${s.format}: ${JSON.stringify(value)}`));
  }
  if (Array.isArray(value)) {
    if (s.maxItems !== undefined && value.length > s.maxItems) errs.push(field.tooMany(path, value.length, s.maxItems));
    if (s.minItems !== undefined && value.length < s.minItems) errs.push(field.invalid(path, value.length, `${path} in body should have at least ${s.minItems} items`));
    const items = asSchema(s.items);
    value.forEach((v, i) => validateValue(v, items, `${path}[${i}]`, errs));
  }
  if (isRecord(value)) {
    for (const r of s.required ?? []) if (value[r] === undefined) errs.push(field.required(join(path, r)));
    for (const [key, v] of Object.entries(value)) {
      if (!path && (key === 'apiVersion' || key === 'kind' || key === 'metadata')) continue;
      validateValue(v, childSchema(s, key), join(path, key), errs);
    }
  }
}

function safeRegex(p: string): RegExp {
  try {
    return new RegExp(p);
  } catch {
    return /.*/;
  }
}
