/**
 * Small printers shared by the docker commands: go-units HumanDuration, Docker's tabwriter
 * (minwidth 10, padding 3), Go's time and JSON renderings, and stable pseudo-ids.
 */

/** docker/go-units HumanDuration: the words `docker ps` uses in CREATED and STATUS. */
export function humanDuration(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  if (seconds < 1) return 'Less than a second';
  if (seconds === 1) return '1 second';
  if (seconds < 60) return `${seconds} seconds`;
  const minutes = Math.floor(ms / 60_000);
  if (minutes === 1) return 'About a minute';
  if (minutes < 60) return `${minutes} minutes`;
  const hours = Math.round(ms / 3_600_000);
  if (hours === 1) return 'About an hour';
  if (hours < 48) return `${hours} hours`;
  if (hours < 24 * 7 * 2) return `${Math.floor(hours / 24)} days`;
  if (hours < 24 * 30 * 2) return `${Math.floor(hours / 24 / 7)} weeks`;
  if (hours < 24 * 365 * 2) return `${Math.floor(hours / 24 / 30)} months`;
  return `${Math.floor(ms / 3_600_000 / 24 / 365)} years`;
}

/** Columns a string takes in a terminal (go-runewidth: East Asian wide = 2, combining = 0). */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0) ?? 0;
    if ((c >= 0x300 && c <= 0x36f) || (c >= 0x200b && c <= 0x200f) || c === 0xfe0f) continue;
    const wide =
      (c >= 0x1100 && c <= 0x115f) ||
      (c >= 0x2e80 && c <= 0xa4cf) ||
      (c >= 0xac00 && c <= 0xd7a3) ||
      (c >= 0xf900 && c <= 0xfaff) ||
      (c >= 0xfe30 && c <= 0xfe4f) ||
      (c >= 0xff00 && c <= 0xff60) ||
      (c >= 0xffe0 && c <= 0xffe6) ||
      (c >= 0x1f300 && c <= 0x1f64f) ||
      (c >= 0x1f900 && c <= 0x1f9ff) ||
      (c >= 0x20000 && c <= 0x3fffd);
    w += wide ? 2 : 1;
  }
  return w;
}

/**
 * text/tabwriter as docker configures it (minwidth 10, tabwidth 1, padding 3, pad with spaces):
 * every tab-terminated cell is padded to its column's width; the last cell of a line is not.
 */
export function tabwrite(lines: string[], minwidth = 10, padding = 3): string {
  const rows = lines.map((l) => l.split('\t'));
  const widths: number[] = [];
  for (const r of rows)
    for (let j = 0; j < r.length - 1; j++) widths[j] = Math.max(widths[j] ?? minwidth, displayWidth(r[j]) + padding);
  return rows
    .map((r) => r.map((cell, j) => (j < r.length - 1 ? cell + ' '.repeat(widths[j] - displayWidth(cell)) : cell)).join(''))
    .map((l) => l + '\n')
    .join('');
}

/** docker/cli formatter.Ellipsis: cut to `max` columns with a trailing `…`. */
export function ellipsis(s: string, max: number): string {
  if (displayWidth(s) <= max) return s;
  let outStr = '';
  let w = 0;
  for (const ch of s) {
    const cw = displayWidth(ch);
    if (w + cw > max - 1) break;
    outStr += ch;
    w += cw;
  }
  return outStr + '…';
}

/** Go's strconv.Quote for the printable ASCII/UTF-8 text docker puts in COMMAND. */
export function goQuote(s: string): string {
  return JSON.stringify(s).replace(/\\u007f/g, '\\x7f');
}

/** 32-bit FNV-1a, the seed of the stable pseudo-ids below. */
function fnv(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** `n` hex digits derived from a label: ids for things the engine does not model (images, the default networks). */
export function stableHex(label: string, n: number): string {
  let x = fnv(label) || 1;
  let s = '';
  while (s.length < n) {
    // xorshift32: cheap, deterministic, good enough for looking random.
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    s += x.toString(16).padStart(8, '0');
  }
  return s.slice(0, n);
}

/**
 * Go's time.RFC3339Nano in UTC for a wall-clock ms value, with sub-ms digits taken from `salt`
 * so two objects created in the same virtual ms still print distinct, real-looking instants.
 */
export function rfc3339Nano(epochMs: number, salt: string, lo = 0, hi = 1_000_000): string {
  const d = new Date(Math.floor(epochMs));
  const base = d.toISOString().slice(0, 19);
  const ms = String(d.getUTCMilliseconds()).padStart(3, '0');
  // [lo, hi) keeps events of one virtual ms in order (created < started < finished).
  const sub = String(lo + (parseInt(stableHex(salt, 6), 16) % (hi - lo))).padStart(6, '0');
  const frac = (ms + sub).replace(/0+$/, '');
  return `${base}${frac ? '.' + frac : ''}Z`;
}

/** Go's zero time.Time in RFC 3339, what docker prints for "never". */
export const GO_ZERO_TIME = '0001-01-01T00:00:00Z';

/** Go's `time.Time.String()` in UTC: "2024-10-03 09:00:00 +0000 UTC". */
export function goTimeString(epochMs: number): string {
  const d = new Date(epochMs);
  return `${d.toISOString().slice(0, 10)} ${d.toISOString().slice(11, 19)} +0000 UTC`;
}

/** encoding/json escapes <, > and & inside strings; our JSON never has them outside strings. */
function goEscape(json: string): string {
  return json.replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');
}

/** json.MarshalIndent(v, "", "    "), as docker inspect prints. */
export function goJsonIndent(v: unknown): string {
  return goEscape(JSON.stringify(v, null, 4));
}

/** json.Marshal(v) (the template `json` function). */
export function goJson(v: unknown): string {
  return goEscape(JSON.stringify(v) ?? 'null');
}

/** A Go map marshals with its keys sorted. */
export function sortedRecord<T>(r: Record<string, T>): Record<string, T> {
  const o: Record<string, T> = {};
  for (const k of Object.keys(r).sort()) o[k] = r[k];
  return o;
}
