/**
 * The bits of Go's fmt/strconv/time behaviour that MetalLB's error texts depend on.
 * MetalLB builds its messages with fmt.Errorf("%q", …), so to print them character for
 * character we need Go's quoting rules (strconv.Quote / QuoteRune), Go's duration syntax
 * (time.ParseDuration / Duration.String) and strconv.ParseUint's error texts.
 */

/** strconv.IsPrint: Unicode letters, marks, numbers, punctuation, symbols and ASCII space. */
function isPrint(cp: number): boolean {
  if (cp === 0x20) return true;
  return /[\p{L}\p{M}\p{N}\p{P}\p{S}]/u.test(String.fromCodePoint(cp));
}

function hex(n: number, width: number): string {
  return n.toString(16).padStart(width, '0');
}

/** Escape one code point the way strconv.appendEscapedRune does. */
function escapeRune(cp: number, quote: '"' | "'"): string {
  const ch = String.fromCodePoint(cp);
  if (ch === quote || ch === '\\') return '\\' + ch;
  if (isPrint(cp)) return ch;
  switch (cp) {
    case 7: return '\\a';
    case 8: return '\\b';
    case 12: return '\\f';
    case 10: return '\\n';
    case 13: return '\\r';
    case 9: return '\\t';
    case 11: return '\\v';
  }
  if (cp < 0x20 || cp === 0x7f) return '\\x' + hex(cp, 2);
  if (cp < 0x10000) return '\\u' + hex(cp, 4);
  return '\\U' + hex(cp, 8);
}

/** Go's %q of a string (strconv.Quote). */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0) ?? 0xfffd;
    // A lone UTF-16 surrogate cannot exist in a Go string; Go would see U+FFFD.
    out += escapeRune(cp >= 0xd800 && cp <= 0xdfff ? 0xfffd : cp, '"');
  }
  return out + '"';
}

/**
 * Go's %q of an integer: a single-quoted character literal (strconv.QuoteRune).
 * MetalLB formats the aggregation length with %q, so 33 prints as '!'.
 */
export function goQuoteRune(n: number): string {
  let cp = Math.trunc(n);
  // utf8.ValidRune: negatives, surrogates and values past U+10FFFF become U+FFFD.
  if (!Number.isFinite(cp) || cp < 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) cp = 0xfffd;
  return "'" + escapeRune(cp, "'") + "'";
}

/** Go's %q of a []string or []net.IP: `["a" "b"]`. */
export function goQuoteList(items: readonly string[]): string {
  return '[' + items.map(goQuote).join(' ') + ']';
}

// ------------------------------------------------------------------ durations

const UNITS: Record<string, bigint> = {
  ns: 1n,
  us: 1_000n,
  'µs': 1_000n, // U+00B5
  'μs': 1_000n, // U+03BC
  ms: 1_000_000n,
  s: 1_000_000_000n,
  m: 60_000_000_000n,
  h: 3_600_000_000_000n
};
const MAX_DURATION = (1n << 63n) - 1n;

export type DurationResult = { ok: true; ns: bigint } | { ok: false; error: string };

/** time.ParseDuration, returning nanoseconds or Go's exact error text. */
export function parseGoDuration(input: string): DurationResult {
  const bad = (): DurationResult => ({ ok: false, error: `time: invalid duration ${goQuote(input)}` });
  let s = input;
  let neg = false;
  if (s !== '' && (s[0] === '-' || s[0] === '+')) {
    neg = s[0] === '-';
    s = s.slice(1);
  }
  if (s === '0') return { ok: true, ns: 0n };
  if (s === '') return bad();
  let total = 0n;
  while (s !== '') {
    const m = /^(\d*)(?:\.(\d*))?/.exec(s);
    const intPart = m?.[1] ?? '';
    const fracPart = m?.[2];
    if (!m || (intPart === '' && (fracPart === undefined || fracPart === ''))) return bad();
    s = s.slice(m[0].length);
    const unitMatch = /^[^\d.]+/.exec(s);
    if (!unitMatch) return { ok: false, error: `time: missing unit in duration ${goQuote(input)}` };
    const unitName = unitMatch[0];
    const unit = UNITS[unitName];
    if (unit === undefined) {
      return { ok: false, error: `time: unknown unit ${goQuote(unitName)} in duration ${goQuote(input)}` };
    }
    s = s.slice(unitName.length);
    let v = intPart === '' ? 0n : BigInt(intPart);
    if (v > MAX_DURATION / unit) return bad();
    v *= unit;
    if (fracPart) {
      // Go accumulates the fraction as f/scale and truncates f*unit/scale.
      const f = BigInt(fracPart);
      const scale = 10n ** BigInt(fracPart.length);
      v += (f * unit) / scale;
    }
    total += v;
    if (total > MAX_DURATION) return bad();
  }
  return { ok: true, ns: neg ? -total : total };
}

/** fmtFrac: the fraction digits of v/10^prec without trailing zeros. */
function frac(v: bigint, prec: number): { text: string; rest: bigint } {
  let digits = '';
  let print = false;
  for (let i = 0; i < prec; i++) {
    const d = v % 10n;
    print = print || d !== 0n;
    if (print) digits = d.toString() + digits;
    v /= 10n;
  }
  return { text: print ? '.' + digits : '', rest: v };
}

/** time.Duration.String: `2s`, `1m30s`, `1.5s`, `500ms`, `1h0m0s`. */
export function goDurationString(ns: bigint): string {
  if (ns === 0n) return '0s';
  const neg = ns < 0n;
  let u = neg ? -ns : ns;
  let out: string;
  if (u < 1_000_000_000n) {
    let prec: number;
    let unit: string;
    if (u < 1_000n) {
      prec = 0;
      unit = 'ns';
    } else if (u < 1_000_000n) {
      prec = 3;
      unit = 'µs';
    } else {
      prec = 6;
      unit = 'ms';
    }
    const f = frac(u, prec);
    out = f.rest.toString() + f.text + unit;
  } else {
    const f = frac(u, 9);
    u = f.rest;
    out = (u % 60n).toString() + f.text + 's';
    u /= 60n;
    if (u > 0n) {
      out = (u % 60n).toString() + 'm' + out;
      u /= 60n;
      if (u > 0n) out = u.toString() + 'h' + out;
    }
  }
  return (neg ? '-' : '') + out;
}

// ------------------------------------------------------------------ strconv.ParseUint

export type UintResult = { ok: true; value: number } | { ok: false; error: string };

/** strconv.ParseUint(s, 10, bits) with Go's error texts (bits ≤ 32 here). */
export function parseGoUint(s: string, bits: 16 | 32): UintResult {
  const max = bits === 16 ? 0xffff : 0xffffffff;
  const syntax = (): UintResult => ({ ok: false, error: `strconv.ParseUint: parsing ${goQuote(s)}: invalid syntax` });
  if (s === '') return syntax();
  let n = 0;
  for (const ch of s) {
    if (ch < '0' || ch > '9') return syntax();
    n = n * 10 + (ch.charCodeAt(0) - 48);
    // Go stops at the first overflow, before looking at later characters.
    if (n > max) return { ok: false, error: `strconv.ParseUint: parsing ${goQuote(s)}: value out of range` };
  }
  return { ok: true, value: n };
}
