/**
 * memberlist's suspicion timer (suspicion.go, util.go suspicionTimeout).
 *
 * When a node is first suspected, the timer starts at `max` if we expect k ≥ 1 independent
 * confirmations, else at `min`. Each new confirmation (a suspect message from another node)
 * shrinks the total time to
 *
 *     max − (ln(c + 1) / ln(k + 1)) × (max − min)      floored to whole ms, never below min
 *
 * measured from when the suspicion started. k = suspicionMult − 2, or 0 when n − 2 < k.
 */
import type { ProcTimer, TimerSource } from './timers';

/** util.go suspicionTimeout: suspicionMult × max(1, log10(max(1, n))) × interval, in ms. */
export function suspicionTimeout(suspicionMult: number, n: number, intervalMs: number): number {
  const nodeScale = Math.max(1, Math.log10(Math.max(1, n)));
  // memberlist keeps three decimals of the scale: Duration(nodeScale*1000) × interval / 1000
  return Math.floor((suspicionMult * Math.floor(nodeScale * 1000) * intervalMs) / 1000);
}

/** Expected confirmations for a cluster of n (estimated) members. */
export function suspicionK(suspicionMult: number, n: number): number {
  const k = suspicionMult - 2;
  return n - 2 < k ? 0 : k;
}

/** Total suspicion time after c confirmations (before subtracting the elapsed time). */
export function suspicionTotalMs(c: number, k: number, minMs: number, maxMs: number): number {
  if (k < 1) return minMs;
  const frac = Math.log(c + 1) / Math.log(k + 1);
  const raw = maxMs / 1000 - frac * (maxMs / 1000 - minMs / 1000);
  const timeout = Math.floor(1000 * raw);
  return timeout < minMs ? minMs : timeout;
}

/** The timeouts memberlist would use for a cluster of n: min, max, k and the per-c totals. */
export function suspicionTable(n: number, suspicionMult = 4, suspicionMaxTimeoutMult = 6, probeIntervalMs = 1000): { k: number; minMs: number; maxMs: number; totals: number[] } {
  const minMs = suspicionTimeout(suspicionMult, n, probeIntervalMs);
  const maxMs = suspicionMaxTimeoutMult * minMs;
  const k = suspicionK(suspicionMult, n);
  const totals: number[] = [];
  for (let c = 0; c <= Math.max(k, 0); c++) totals.push(c === 0 && k >= 1 ? maxMs : suspicionTotalMs(c, k, minMs, maxMs));
  return { k, minMs, maxMs, totals };
}

export class Suspicion {
  /** Confirmations so far. */
  n = 0;
  readonly k: number;
  readonly minMs: number;
  readonly maxMs: number;
  readonly start: number;
  private readonly confirmations = new Set<string>();
  private timer: ProcTimer | null;
  private fired = false;
  private readonly timers: TimerSource;
  private readonly timeoutFn: (confirmations: number) => void;

  constructor(timers: TimerSource, from: string, k: number, minMs: number, maxMs: number, label: string, fn: (confirmations: number) => void) {
    this.timers = timers;
    this.k = k;
    this.minMs = minMs;
    this.maxMs = maxMs;
    // the accuser itself never counts as a confirmation
    this.confirmations.add(from);
    this.timeoutFn = fn;
    const timeout = k < 1 ? minMs : maxMs;
    this.start = timers.now();
    this.timer = timers.after(timeout, label, () => this.fire());
  }

  /** When the timer will fire (virtual ms), or null once fired or stopped. */
  deadline(): number | null {
    return this.timer && !this.fired ? this.timer.at : null;
  }

  /** A suspect message from `from`: true if it was new information (it is then re-gossiped). */
  confirm(from: string): boolean {
    if (this.n >= this.k) return false;
    if (this.confirmations.has(from)) return false;
    this.confirmations.add(from);
    this.n++;
    const elapsed = this.timers.now() - this.start;
    const remaining = suspicionTotalMs(this.n, this.k, this.minMs, this.maxMs) - elapsed;
    if (this.timer && !this.fired) {
      const label = this.timer.label;
      this.timer.cancel();
      if (remaining > 0) this.timer = this.timers.after(remaining, label, () => this.fire());
      else this.timer = this.timers.after(0, label, () => this.fire());
    }
    return true;
  }

  stop(): void {
    this.timer?.cancel();
    this.timer = null;
  }

  private fire(): void {
    if (this.fired) return;
    this.fired = true;
    this.timeoutFn(this.n);
  }
}
