/**
 * JSON as Go's encoding/json writes an unstructured object: map keys sorted, `<`, `>` and `&`
 * escaped as \u003c, \u003e, \u0026 (HTML-safe by default), no spaces. kubectl stores this text
 * in the last-applied-configuration annotation, so byte equality matters.
 */
export function goJson(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'string') return escape(v);
  if (typeof v === 'number') return Number.isFinite(v) ? goNumber(v) : 'null';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (Array.isArray(v)) return `[${v.map(goJson).join(',')}]`;
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    const keys = Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${keys.map((k) => `${escape(k)}:${goJson(o[k])}`).join(',')}}`;
  }
  return 'null';
}

function escape(s: string): string {
  return JSON.stringify(s).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** float64 formatting of encoding/json ('f' for moderate exponents, else 'e' with 2-digit exponent). */
function goNumber(n: number): string {
  const abs = Math.abs(n);
  if (abs !== 0 && (abs < 1e-6 || abs >= 1e21)) {
    return n.toExponential().replace(/e([+-])(\d)$/, 'e$10$2');
  }
  return String(n);
}
