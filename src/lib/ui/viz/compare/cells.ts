/**
 * The comparison table's cells for one measured column, as text (backticks mark inline code),
 * with the raw milliseconds kept for the page's tests (data attributes).
 */
import type { Messages } from '$lib/i18n';
import { fill } from '../../terminal/text';
import { summarizeAttempts } from './attempts';
import type { FailoverColumn } from './measure';

export interface Cell {
  text: string;
  /** Milliseconds after the kill the cell is about, when it is about one instant. */
  ms?: number;
}

export interface ColumnCells {
  lab: Cell;
  killed: Cell;
  moved: Cell;
  outage: Cell;
  failed: Cell;
}

/** Seconds after the kill, one decimal. */
function secs(ms: number): string {
  return (Math.round(ms / 100) / 10).toFixed(1);
}

function percent(n: number, of: number): number {
  return Math.round((100 * n) / of);
}

/** All requests since the kill, and those sent before the recovery (the outage's share). */
function failedCell(col: FailoverColumn, m: Messages['failoverCompare']): Cell {
  const o = col.outage;
  if (o.total === 0) return { text: m.noRequests };
  const all = { failed: o.failed, total: o.total, percent: percent(o.failed, o.total) };
  // the boundary from the attempts' own clock (a curl starts a moment before its SYN)
  const back = summarizeAttempts(col.attempts).recoveredT;
  if (back === undefined || o.failed === 0) return { text: fill(m.failed, all) };
  const until = col.attempts.filter((a) => a.t < back);
  if (until.length === 0) return { text: fill(m.failed, all) };
  const failedIn = until.filter((a) => !a.ok).length;
  return { text: fill(m.failedWindow, { ...all, failedIn, totalIn: until.length, percentIn: percent(failedIn, until.length) }) };
}

export function columnCells(col: FailoverColumn, m: Messages['failoverCompare']): ColumnCells {
  const rel = (t: number) => t - col.killT;
  const o = col.outage;
  let outage: Cell;
  if (o.firstFailT === undefined) outage = { text: o.total === 0 ? m.noRequests : m.outageNone };
  else if (o.recoveredT === undefined) outage = { text: fill(m.outageOngoing, { from: secs(rel(o.firstFailT)) }) };
  else outage = { text: fill(m.outage, { from: secs(rel(o.firstFailT)), to: secs(rel(o.recoveredT)) }), ms: rel(o.recoveredT) };
  const moved: Cell =
    col.movedT === undefined
      ? { text: m.movedNotYet }
      : { text: fill(col.mode === 'l2' ? m.movedL2 : m.movedBgp, { s: secs(rel(col.movedT)) }), ms: rel(col.movedT) };
  return {
    lab: { text: fill(col.mode === 'l2' ? m.labL2 : m.labBgp, { seed: col.seed }) },
    killed: { text: `\`${col.node}\`` },
    moved,
    outage,
    failed: failedCell(col, m)
  };
}
