/**
 * How the pictures print virtual time: the lab clock as a time of day (UTC, as the simulated
 * nodes print it), the time since the lab started, and durations in seconds.
 */

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** HH:MM:SS of the lab clock: `epochMs + t`, in UTC. */
export function clockTime(epochMs: number, t: number): string {
  const d = new Date(epochMs + Math.floor(t));
  return `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

/** Time since the lab started: "+3:07", "+1:02:03" past an hour (whole seconds, rounded down). */
export function sinceStart(t: number): string {
  const s = Math.max(0, Math.floor(t / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return h ? `+${h}:${pad(m)}:${pad(s % 60)}` : `+${m}:${pad(s % 60)}`;
}

/** Since start with milliseconds, for frame lists: "+3:07.810". */
export function sinceStartMs(t: number): string {
  const ms = Math.max(0, Math.floor(t)) % 1000;
  return `${sinceStart(t)}.${pad(ms, 3)}`;
}

/** A duration in seconds with one decimal ("6.3"), rounded down so a running count never jumps ahead. */
export function seconds(ms: number): string {
  const tenths = Math.floor(Math.max(0, ms) / 100);
  return `${Math.floor(tenths / 10)}.${tenths % 10}`;
}

/** A window length for a label: "15 s", "2 min" (seconds below a minute). */
export function windowLength(ms: number): { value: number; unit: 's' | 'min' } {
  return ms < 60_000 ? { value: Math.round(ms / 1000), unit: 's' } : { value: Math.round(ms / 60_000), unit: 'min' };
}
