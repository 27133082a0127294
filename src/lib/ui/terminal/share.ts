/**
 * A lab session as data: the scenario, the seed and the timed command log. The engine is
 * deterministic, so replaying the log on a fresh lab of the same scenario and seed rebuilds the
 * same state: that is what share links, Export/Import and reloads rely on.
 *
 * Two encodings: the readable JSON of Export ({@link SessionState}) and the compact form in a
 * share link's `#log=` (arrays instead of objects, deflate-raw when the browser has
 * CompressionStream, then base64url).
 */

export type ScenarioName = 'empty' | 'kind' | 'l2' | 'bgp';
export const SCENARIO_NAMES: readonly ScenarioName[] = ['empty', 'kind', 'l2', 'bgp'];

/** Where a Ctrl-C landed in a command, so a replay interrupts it at the same point. */
export interface AbortPoint {
  /** Count of the command's interruption points (before each lab command, each wait) reached. */
  checkpoint: number;
  /** Virtual time the interrupted wait had reached (absolute ms), null when not in a wait. */
  until: number | null;
  /**
   * The Ctrl-C found no interruption point in time (a loop of shell builtins) and was forced
   * somewhere after `checkpoint`; a replay stops at the next interruption point.
   */
  forced?: boolean;
}

export interface LogEntry {
  /** The command as typed (several lines for a heredoc). */
  line: string;
  /** Virtual time (ms) at which it started. */
  at: number;
  abort?: AbortPoint;
}

export interface SessionState {
  v: 1;
  scenario: ScenarioName;
  seed: number;
  workers: number;
  /**
   * Virtual time of the snapshot (the session's final time): the replay lets time run up to
   * here after the last command, so idle time, jumps and steps after it come back too.
   */
  now: number;
  log: LogEntry[];
}

export const MAX_LOG_ENTRIES = 20_000;
export const MAX_LINE_LENGTH = 100_000;
export const MAX_SEED = 2 ** 31 - 1;
/**
 * Worker nodes a session may ask for (the playground's `?workers=` takes 1–97; 0 is a lone
 * control-plane). 97 workers make a 98-node cluster on 172.18.0.2–.99: one more node would take
 * 172.18.0.100, the address the article gives mypc, and the lab could not be built.
 */
export const MAX_WORKERS = 97;
export const DEFAULT_WORKERS = 3;
const MAX_DECODED_BYTES = 4 * 1024 * 1024;

function isFiniteNonNeg(x: unknown): x is number {
  return typeof x === 'number' && Number.isFinite(x) && x >= 0;
}

export function isSeed(x: unknown): x is number {
  return typeof x === 'number' && Number.isInteger(x) && x >= 0 && x <= MAX_SEED;
}

export function isWorkers(x: unknown): x is number {
  return typeof x === 'number' && Number.isInteger(x) && x >= 0 && x <= MAX_WORKERS;
}

/** The playground's `?workers=N` (1–97, digits only); null when absent or invalid. */
export function workersParam(value: string | null): number | null {
  if (value === null || !/^\d{1,2}$/.test(value)) return null;
  const n = Number(value);
  return n >= 1 && n <= MAX_WORKERS ? n : null;
}

/** Validate untrusted data (an imported file, a link) as a session; null when it is not one. */
export function parseState(x: unknown): SessionState | null {
  if (!x || typeof x !== 'object') return null;
  const o = x as Record<string, unknown>;
  if (o.v !== 1) return null;
  if (typeof o.scenario !== 'string' || !(SCENARIO_NAMES as readonly string[]).includes(o.scenario)) return null;
  if (!isSeed(o.seed)) return null;
  const workers = o.workers === undefined ? DEFAULT_WORKERS : o.workers;
  if (!isWorkers(workers)) return null;
  if (!isFiniteNonNeg(o.now)) return null;
  if (!Array.isArray(o.log) || o.log.length > MAX_LOG_ENTRIES) return null;
  const log: LogEntry[] = [];
  let last = 0;
  for (const e of o.log as unknown[]) {
    if (!e || typeof e !== 'object') return null;
    const r = e as Record<string, unknown>;
    if (typeof r.line !== 'string' || r.line.length > MAX_LINE_LENGTH || !isFiniteNonNeg(r.at) || r.at < last) return null;
    last = r.at;
    const entry: LogEntry = { line: r.line, at: r.at };
    if (r.abort !== undefined) {
      const a = r.abort as Record<string, unknown> | null;
      if (!a || typeof a !== 'object' || typeof a.checkpoint !== 'number' || !Number.isInteger(a.checkpoint)) return null;
      if (a.until !== null && !isFiniteNonNeg(a.until)) return null;
      if (a.forced !== undefined && typeof a.forced !== 'boolean') return null;
      entry.abort = { checkpoint: a.checkpoint, until: a.until as number | null, ...(a.forced ? { forced: true } : {}) };
    }
    log.push(entry);
  }
  if (o.now < last) return null;
  return { v: 1, scenario: o.scenario as ScenarioName, seed: o.seed, workers, now: o.now, log };
}

// ---------------------------------------------------------------- compact form

type CompactEntry = [string, number] | [string, number, number, number | null] | [string, number, number, number | null, 1];
interface Compact {
  v: 1;
  s: ScenarioName;
  r: number;
  w: number;
  t: number;
  l: CompactEntry[];
}

export function toCompact(s: SessionState): Compact {
  return {
    v: 1,
    s: s.scenario,
    r: s.seed,
    w: s.workers,
    t: s.now,
    l: s.log.map((e): CompactEntry => {
      if (!e.abort) return [e.line, e.at];
      return e.abort.forced ? [e.line, e.at, e.abort.checkpoint, e.abort.until, 1] : [e.line, e.at, e.abort.checkpoint, e.abort.until];
    })
  };
}

export function fromCompact(x: unknown): SessionState | null {
  if (!x || typeof x !== 'object') return null;
  const c = x as Record<string, unknown>;
  if (!Array.isArray(c.l)) return null;
  const log = (c.l as unknown[]).map((e) => {
    if (!Array.isArray(e)) return null;
    const [line, at, checkpoint, until, forced] = e as unknown[];
    if (e.length <= 2) return { line, at };
    return { line, at, abort: { checkpoint, until, ...(forced === 1 ? { forced: true } : {}) } };
  });
  return parseState({ v: c.v, scenario: c.s, seed: c.r, workers: c.w, now: c.t, log });
}

// ---------------------------------------------------------------- base64url

export function base64urlEncode(bytes: Uint8Array): string {
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function base64urlDecode(s: string): Uint8Array | null {
  if (!/^[A-Za-z0-9_-]*$/.test(s)) return null;
  try {
    const bin = atob(s.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (s.length % 4)) % 4));
    return Uint8Array.from(bin, (c) => c.charCodeAt(0));
  } catch {
    return null;
  }
}

const hasCompression = () => typeof CompressionStream === 'function' && typeof DecompressionStream === 'function';

async function pipeBytes(bytes: Uint8Array, stream: { readable: ReadableStream<Uint8Array>; writable: WritableStream<BufferSource> }, limit = Infinity): Promise<Uint8Array | null> {
  const reader = new Blob([bytes as BlobPart]).stream().pipeThrough(stream as unknown as TransformStream<Uint8Array, Uint8Array>).getReader();
  const parts: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.length;
      if (size > limit) {
        await reader.cancel();
        return null;
      }
      parts.push(value);
    }
  } catch {
    return null;
  }
  const out = new Uint8Array(size);
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.length;
  }
  return out;
}

/**
 * The `#log=` value of a share link: "z" + base64url(deflate-raw(JSON)) where the browser can
 * compress, else "j" + base64url(JSON).
 */
export async function encodeShare(state: SessionState): Promise<string> {
  const json = new TextEncoder().encode(JSON.stringify(toCompact(state)));
  if (hasCompression()) {
    const z = await pipeBytes(json, new CompressionStream('deflate-raw'));
    if (z) return 'z' + base64urlEncode(z);
  }
  return 'j' + base64urlEncode(json);
}

/** Read a `#log=` value back; null when it is not a valid session. */
export async function decodeShare(value: string): Promise<SessionState | null> {
  const bytes = base64urlDecode(value.slice(1));
  if (!bytes) return null;
  let json: Uint8Array | null = null;
  if (value[0] === 'j') json = bytes;
  else if (value[0] === 'z' && hasCompression()) json = await pipeBytes(bytes, new DecompressionStream('deflate-raw'), MAX_DECODED_BYTES);
  if (!json) return null;
  try {
    return fromCompact(JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(json)));
  } catch {
    return null;
  }
}

/** The `#log=…` value from a URL hash ("#log=z…"), if any. */
export function shareFromHash(hash: string): string | null {
  const m = /(?:^#|&)log=([A-Za-z0-9_-]+)/.exec(hash);
  return m ? m[1] : null;
}
