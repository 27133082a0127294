/**
 * A request loop's outcome folded into an outage: the same shape as the engine's
 * `requestOutage` (observe/outage.ts), computed from attempts whose outcome the caller saw
 * directly (the exit status of the `curl` it ran).
 */

export interface Attempt {
  /** Virtual ms the request started at. */
  t: number;
  ok: boolean;
}

export interface OutageSummary {
  total: number;
  failed: number;
  /** Start of the first failed attempt. */
  firstFailT?: number;
  /** Start of the last failed attempt. */
  lastFailT?: number;
  /** Start of the first attempt that succeeded after the last failure. */
  recoveredT?: number;
}

export function summarizeAttempts(attempts: readonly Attempt[]): OutageSummary {
  const sorted = [...attempts].sort((a, b) => a.t - b.t);
  const out: OutageSummary = { total: sorted.length, failed: 0 };
  for (const a of sorted) {
    if (a.ok) {
      if (out.lastFailT !== undefined && out.recoveredT === undefined) out.recoveredT = a.t;
      continue;
    }
    out.failed++;
    out.firstFailT ??= a.t;
    out.lastFailT = a.t;
    out.recoveredT = undefined;
  }
  return out;
}
