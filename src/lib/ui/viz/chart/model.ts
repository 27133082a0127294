/**
 * The answer chart's bars, from a request loop's tally: one bar per pod that answered, most
 * answers first (as `sort | uniq -c | sort -nr` prints them), and failed requests last as a bar
 * of their own.
 */
import type { AnswerTally } from '$lib/engine/observe/types';

export interface Bar {
  /** Pod hostname, or null for the failed requests. */
  name: string | null;
  count: number;
  /** Share of all requests, in percent, one decimal at most. */
  percent: number;
}

export interface BarChart {
  bars: Bar[];
  total: number;
}

export function percentOf(count: number, total: number): number {
  return total > 0 ? Math.round((count / total) * 1000) / 10 : 0;
}

export function barsOf(tally: AnswerTally): BarChart {
  const total = tally.counts.reduce((s, c) => s + c.count, 0) + tally.failed;
  const bars: Bar[] = tally.counts
    .map((c, i) => ({ c, i }))
    .sort((a, b) => b.c.count - a.c.count || a.i - b.i)
    .map(({ c }) => ({ name: c.hostname, count: c.count, percent: percentOf(c.count, total) }));
  if (tally.failed > 0) bars.push({ name: null, count: tally.failed, percent: percentOf(tally.failed, total) });
  return { bars, total };
}

/** The article's loop, offered when no loop has run yet. */
export const EXAMPLE_LOOP = 'docker exec -it mypc zsh -c "for i in {1..100}; do curl -s $SVC1EXIP | grep Hostname; done | sort | uniq -c | sort -nr"';
