/**
 * field.Error texts (k8s.io/apimachinery/pkg/util/validation/field) and the Invalid status the
 * API server returns for them. Messages are built already in the form kubectl prints:
 * `The Service "x" is invalid: spec.ports: Required value`, or for several causes
 * `The X "n" is invalid: \n* a\n* b` (kubectl's MultilineError).
 */
import { type ApiResult, fail } from '../errors';

/** A value already in Go `%#v` syntax (`[]string{"a"}`, `map[string]string{...}`). */
export class GoLiteral {
  constructor(readonly text: string) {}
}

export type BadValue = string | number | boolean | null | GoLiteral;

/** How field.Error prints a bad value: %q for strings, %v for numbers and bools, %#v otherwise. */
export function goValue(v: BadValue): string {
  if (v instanceof GoLiteral) return v.text;
  if (typeof v === 'string') return JSON.stringify(v);
  if (v === null) return '<nil>';
  return String(v);
}

export function goStrings(vals: readonly string[]): GoLiteral {
  return new GoLiteral(`[]string{${vals.map((v) => JSON.stringify(v)).join(', ')}}`);
}

export function goMap(m: Readonly<Record<string, string>> | undefined): GoLiteral {
  const keys = Object.keys(m ?? {}).sort();
  return new GoLiteral(`map[string]string{${keys.map((k) => `${JSON.stringify(k)}:${JSON.stringify(m![k])}`).join(', ')}}`);
}

export const field = {
  required: (path: string, detail = '') => `${path}: Required value${detail ? `: ${detail}` : ''}`,
  invalid: (path: string, value: BadValue, detail: string) => `${path}: Invalid value: ${goValue(value)}${detail ? `: ${detail}` : ''}`,
  notSupported: (path: string, value: BadValue, supported: readonly (string | number)[]) =>
    `${path}: Unsupported value: ${goValue(value)}: supported values: ${supported.map((s) => (typeof s === 'string' ? JSON.stringify(s) : String(s))).join(', ')}`,
  duplicate: (path: string, value: BadValue) => `${path}: Duplicate value: ${goValue(value)}`,
  forbidden: (path: string, detail: string) => `${path}: Forbidden: ${detail}`,
  notFound: (path: string, value: BadValue) => `${path}: Not found: ${goValue(value)}`,
  tooMany: (path: string, actual: number, max: number) => `${path}: Too many: ${actual}: must have at most ${max} items`,
  tooLong: (path: string, max: number) => `${path}: Too long: may not be longer than ${max}`
};

/** The kubectl text of an Invalid status: `The <Kind> "<name>" is invalid: <causes>`. */
export function invalidMessage(kind: string, name: string, causes: readonly string[]): string {
  const head = `The ${kind} "${name}" is invalid`;
  if (causes.length === 1) return `${head}: ${causes[0]}`;
  return `${head}: \n${causes.map((c) => `* ${c}`).join('\n')}`;
}

/** 422 Invalid with the message kubectl prints (no "Error from server" prefix for Invalid). */
export function invalidResult<T>(kind: string, name: string, causes: readonly string[]): ApiResult<T> {
  return fail(422, 'Invalid', invalidMessage(kind, name, causes));
}

export const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
export const DNS1123_LABEL_MSG =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

/** validation.IsDNS1123Label: error details for a bad label ([] when valid). */
export function dns1123LabelErrors(v: string): string[] {
  const errs: string[] = [];
  if (v.length > 63) errs.push('must be no more than 63 characters');
  if (!DNS1123_LABEL.test(v)) errs.push(DNS1123_LABEL_MSG);
  return errs;
}

/** validation.IsValidPortName (IANA_SVC_NAME) details ([] when valid). */
export function portNameErrors(v: string): string[] {
  const errs: string[] = [];
  if (v.length > 15) errs.push('must be no more than 15 characters');
  if (!/^[-a-z0-9]+$/.test(v)) errs.push("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)");
  if (v.includes('--')) errs.push("must not contain consecutive hyphens");
  if (!/[a-z]/.test(v)) errs.push("must contain at least one letter (a-z)");
  if (v.startsWith('-') || v.endsWith('-')) errs.push("must not begin or end with a hyphen");
  return errs;
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** JSON with object keys sorted, for comparisons and hashing that must not depend on key order. */
export function stableStringify(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableStringify).join(',')}]`;
  if (isRecord(v)) {
    const keys = Object.keys(v)
      .filter((k) => v[k] !== undefined)
      .sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${stableStringify(v[k])}`).join(',')}}`;
  }
  return v === undefined ? 'null' : JSON.stringify(v);
}
