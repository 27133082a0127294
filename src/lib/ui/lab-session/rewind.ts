import type { LogEntry } from '../terminal/share';
import { copyEntry } from './state';

/**
 * Where a rewind to `t` lands, clamped to what the lab has lived through ([start, now]), and
 * the commands replayed to get there: those that started before it.
 */
export function planRewind(log: readonly LogEntry[], t: number, start: number, now: number): { to: number; keep: LogEntry[] } {
  const to = Math.min(Math.max(t, start), now);
  return { to, keep: log.filter((e) => e.at < to).map(copyEntry) };
}
