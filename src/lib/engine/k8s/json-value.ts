/**
 * Copying and comparing the API server's objects, which are plain JSON-like data (from YAML,
 * JSON or literals). Both walk plain objects and arrays in JavaScript, which is several times
 * cheaper than `structuredClone` and `JSON.stringify` for the many small writes controllers make
 * while a lab settles; anything else (a Date, a class instance, a value with toJSON) goes to the
 * built-in so the result is the same as theirs.
 */

function isPlainObject(v: object): v is Record<string, unknown> {
  const p = Object.getPrototypeOf(v);
  return p === Object.prototype || p === null;
}

/** Same result as `structuredClone(v)` for plain data (objects, arrays, primitives). */
export function cloneJson<T>(v: T): T {
  return cloneValue(v) as T;
}

function cloneValue(v: unknown): unknown {
  if (typeof v !== 'object' || v === null) {
    // functions and symbols make structuredClone throw: let it say so
    return typeof v === 'function' || typeof v === 'symbol' ? structuredClone(v) : v;
  }
  if (Array.isArray(v)) {
    if (Object.getPrototypeOf(v) !== Array.prototype) return structuredClone(v);
    const out = new Array<unknown>(v.length);
    for (let i = 0; i < v.length; i++) if (i in v) out[i] = cloneValue(v[i]);
    return out;
  }
  if (!isPlainObject(v)) return structuredClone(v);
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(v)) {
    const c = cloneValue(v[k]);
    // a "__proto__" key read from a manifest is an own property, not the prototype
    if (k === '__proto__') Object.defineProperty(out, k, { value: c, enumerable: true, writable: true, configurable: true });
    else out[k] = c;
  }
  return out;
}

/** How JSON.stringify treats a value. */
type Shape = 'absent' | 'null' | 'prim' | 'array' | 'object' | 'other';

function shapeOf(v: unknown): Shape {
  switch (typeof v) {
    case 'undefined':
    case 'function':
    case 'symbol':
      return 'absent';
    case 'number':
      return Number.isFinite(v) ? 'prim' : 'null';
    case 'string':
    case 'boolean':
      return 'prim';
    case 'object':
      if (v === null) return 'null';
      if (Array.isArray(v)) return Object.getPrototypeOf(v) === Array.prototype ? 'array' : 'other';
      return isPlainObject(v) && typeof (v as { toJSON?: unknown }).toJSON !== 'function' ? 'object' : 'other';
    default:
      return 'other'; // bigint: JSON.stringify decides (it throws)
  }
}

/** Exactly `JSON.stringify(a) === JSON.stringify(b)`, without building the strings. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  return sameValue(a, b, false);
}

/** Array elements that JSON leaves out are written as null. */
function sameValue(a: unknown, b: unknown, inArray: boolean): boolean {
  let sa = shapeOf(a);
  let sb = shapeOf(b);
  if (sa === 'other' || sb === 'other') return JSON.stringify(a) === JSON.stringify(b);
  if (inArray) {
    if (sa === 'absent') sa = 'null';
    if (sb === 'absent') sb = 'null';
  }
  if (sa !== sb) return false;
  switch (sa) {
    case 'absent':
    case 'null':
      return true;
    case 'prim':
      // 0 and -0 both print "0"; a number never equals a string or a boolean
      return a === b;
    case 'array': {
      const x = a as unknown[];
      const y = b as unknown[];
      if (x.length !== y.length) return false;
      for (let i = 0; i < x.length; i++) if (!sameValue(x[i], y[i], true)) return false;
      return true;
    }
    default:
      return sameObject(a as Record<string, unknown>, b as Record<string, unknown>);
  }
}

/** Same keys in the same order once absent values are left out, with equal values. */
function sameObject(x: Record<string, unknown>, y: Record<string, unknown>): boolean {
  const kx = Object.keys(x);
  const ky = Object.keys(y);
  let i = 0;
  let j = 0;
  for (;;) {
    while (i < kx.length && shapeOf(x[kx[i]]) === 'absent') i++;
    while (j < ky.length && shapeOf(y[ky[j]]) === 'absent') j++;
    if (i === kx.length || j === ky.length) return i === kx.length && j === ky.length;
    if (kx[i] !== ky[j] || !sameValue(x[kx[i]], y[ky[j]], false)) return false;
    i++;
    j++;
  }
}
