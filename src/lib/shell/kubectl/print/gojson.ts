/**
 * encoding/json as kubectl uses it: object keys sorted (objects are Go maps once decoded into
 * unstructured), `<`, `>`, `&`, U+2028 and U+2029 escaped, MarshalIndent with four spaces.
 */

function sortValue(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortValue);
  if (v !== null && typeof v === 'object') {
    const src = v as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(src).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) {
      if (src[k] !== undefined) out[k] = sortValue(src[k]);
    }
    return out;
  }
  return v;
}

function escapeHTML(s: string): string {
  return s.replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** json.Marshal: compact. */
export function goJsonMarshal(v: unknown): string {
  const s = JSON.stringify(sortValue(v === undefined ? null : v));
  return escapeHTML(s ?? 'null');
}

/** json.MarshalIndent(v, "", "    "): no trailing newline. */
export function goJsonMarshalIndent(v: unknown, indent = '    '): string {
  const s = JSON.stringify(sortValue(v === undefined ? null : v), null, indent);
  return escapeHTML(s ?? 'null');
}

/** Go %v of a float64: strconv 'g' with the shortest digits; %e when the exponent is < -4 or >= 6. */
export function goFloatV(f: number): string {
  if (Number.isNaN(f)) return 'NaN';
  if (f === Infinity) return '+Inf';
  if (f === -Infinity) return '-Inf';
  if (f === 0) return Object.is(f, -0) ? '-0' : '0';
  // shortest round-trip digits
  const e = f.toExponential(); // "d.ddde+x"
  const m = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(e);
  if (!m) return String(f);
  const sign = m[1];
  const digits = m[2] + (m[3] ?? '');
  const exp = parseInt(m[4], 10);
  if (exp < -4 || exp >= 6) {
    const mant = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    const ea = Math.abs(exp);
    return `${sign}${mant}e${exp < 0 ? '-' : '+'}${ea < 10 ? '0' + ea : ea}`;
  }
  if (exp >= 0) {
    if (digits.length <= exp + 1) return sign + digits + '0'.repeat(exp + 1 - digits.length);
    return `${sign}${digits.slice(0, exp + 1)}.${digits.slice(exp + 1)}`;
  }
  return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`;
}

/** Go %v of a decoded JSON value (unstructured): maps as map[k:v ...], slices as [a b]. */
export function goSprintV(v: unknown): string {
  if (v === null || v === undefined) return '<nil>';
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : goFloatV(v);
  if (Array.isArray(v)) return `[${v.map(goSprintV).join(' ')}]`;
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    const keys = Object.keys(o).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    return `map[${keys.map((k) => `${k}:${goSprintV(o[k])}`).join(' ')}]`;
  }
  return String(v);
}
