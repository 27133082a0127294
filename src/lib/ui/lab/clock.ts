/**
 * The virtual clock as the time controls print it: a time of day in UTC (as the lab's nodes
 * print their timestamps) and the time elapsed since virtual time 0.
 */

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** HH:MM:SS (UTC) of the wall-clock instant `epochMs + t`. */
export function clockText(epochMs: number, t: number): string {
  const d = new Date(epochMs + Math.max(0, t));
  return `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

/** Elapsed virtual time, whole seconds: "+2m05s", "+1h02m03s". */
export function elapsedText(t: number): string {
  const s = Math.floor(Math.max(0, t) / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return h ? `+${h}h${pad(m)}m${pad(s % 60)}s` : `+${m}m${pad(s % 60)}s`;
}

/** "0.25×", "10×". */
export function speedText(speed: number): string {
  return `${speed}×`;
}
