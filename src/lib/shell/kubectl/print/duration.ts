/**
 * apimachinery `util/duration`: HumanDuration (AGE columns, describe) and ShortHumanDuration.
 * Go truncates toward zero (`int(d.Seconds())`); more than one second in the future is
 * `<invalid>` (kubectl prints "Terminating (lasts <invalid>)" for a future deletionTimestamp).
 */

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

function trunc(n: number): number {
  return Math.trunc(n);
}

export function humanDuration(ms: number): string {
  if (!Number.isFinite(ms)) return '<unknown>';
  const seconds = trunc(ms / SECOND);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 60 * 2) return `${seconds}s`;
  const minutes = trunc(ms / MINUTE);
  if (minutes < 10) {
    const s = seconds % 60;
    return s === 0 ? `${minutes}m` : `${minutes}m${s}s`;
  }
  if (minutes < 60 * 3) return `${minutes}m`;
  const hours = trunc(ms / HOUR);
  if (hours < 8) {
    const m = minutes % 60;
    return m === 0 ? `${hours}h` : `${hours}h${m}m`;
  }
  if (hours < 48) return `${hours}h`;
  if (hours < 24 * 8) {
    const h = hours % 24;
    return h === 0 ? `${trunc(hours / 24)}d` : `${trunc(hours / 24)}d${h}h`;
  }
  if (hours < 24 * 365 * 2) return `${trunc(hours / 24)}d`;
  if (hours < 24 * 365 * 8) {
    const dy = trunc(hours / 24) % 365;
    return dy === 0 ? `${trunc(hours / 24 / 365)}y` : `${trunc(hours / 24 / 365)}y${dy}d`;
  }
  return `${trunc(hours / 24 / 365)}y`;
}

export function shortHumanDuration(ms: number): string {
  if (!Number.isFinite(ms)) return '<unknown>';
  const seconds = trunc(ms / SECOND);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 60) return `${seconds}s`;
  const minutes = trunc(ms / MINUTE);
  if (minutes < 60) return `${minutes}m`;
  const hours = trunc(ms / HOUR);
  if (hours < 24) return `${hours}h`;
  if (hours < 24 * 365) return `${trunc(hours / 24)}d`;
  return `${trunc(ms / HOUR / 24 / 365)}y`;
}

/** Milliseconds since 1970 for an RFC 3339 timestamp, or null when unset or unparsable. */
export function parseTime(ts: unknown): number | null {
  if (typeof ts !== 'string' || ts === '') return null;
  const t = Date.parse(ts);
  return Number.isNaN(t) ? null : t;
}

/** printers.go translateTimestampSince: `<unknown>` for a zero time, else HumanDuration(now - t). */
export function translateTimestampSince(ts: unknown, nowMs: number): string {
  const t = parseTime(ts);
  if (t === null) return '<unknown>';
  return humanDuration(nowMs - t);
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/**
 * Go's time.RFC1123Z ("Mon, 02 Jan 2006 15:04:05 -0700") in UTC, as kubectl describe prints
 * timestamps on a machine whose zone is UTC. A zero time prints as Go's zero time.
 */
export function formatRFC1123Z(ts: unknown): string {
  const t = parseTime(ts);
  if (t === null) return 'Mon, 01 Jan 0001 00:00:00 +0000';
  const d = new Date(t);
  return `${DAYS[d.getUTCDay()]}, ${pad2(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${pad2(d.getUTCHours())}:${pad2(
    d.getUTCMinutes()
  )}:${pad2(d.getUTCSeconds())} +0000`;
}

/** RFC 3339 with second precision in UTC ("2024-10-03T09:00:00Z"), the "CREATED AT" column. */
export function formatRFC3339(ts: unknown): string {
  const t = parseTime(ts);
  if (t === null) return '0001-01-01T00:00:00Z';
  return new Date(t).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
