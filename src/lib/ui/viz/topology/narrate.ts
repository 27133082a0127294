/**
 * The picture told in words for screen readers: what changed between two readings of the world
 * (a machine's state, a VIP's owner, a gratuitous-ARP burst starting), and a throttle that
 * gathers those changes into at most one announcement every NARRATE_EVERY_MS.
 */
import type { MachineState, WorldView } from '$lib/engine/observe/types';

export type Change =
  | { type: 'state'; machine: string; from: MachineState; to: MachineState }
  | { type: 'added'; machine: string; state: MachineState }
  | { type: 'removed'; machine: string }
  | { type: 'owner'; vip: string; from: string | null; to: string | null }
  | { type: 'burst'; vip: string; owner: string | null };

/** Changes from `prev` to `next` (none for the first reading). */
export function changes(prev: WorldView | null, next: WorldView): Change[] {
  if (!prev) return [];
  const out: Change[] = [];
  const before = new Map(prev.machines.map((m) => [m.name, m]));
  const after = new Set(next.machines.map((m) => m.name));
  for (const m of next.machines) {
    const p = before.get(m.name);
    if (!p) out.push({ type: 'added', machine: m.name, state: m.state });
    else if (p.state !== m.state) out.push({ type: 'state', machine: m.name, from: p.state, to: m.state });
  }
  for (const p of prev.machines) if (!after.has(p.name)) out.push({ type: 'removed', machine: p.name });
  const vips = new Map(prev.vips.map((v) => [v.ip, v]));
  for (const v of next.vips) {
    const p = vips.get(v.ip);
    const from = p?.owner ?? null;
    if (from !== v.owner && (p || v.owner)) out.push({ type: 'owner', vip: v.ip, from, to: v.owner });
    if (v.bursting && !p?.bursting) out.push({ type: 'burst', vip: v.ip, owner: v.owner });
  }
  return out;
}

export interface NarrationText {
  state: string;
  added: string;
  removed: string;
  ownerMoved: string;
  ownerGained: string;
  ownerLost: string;
  burst: string;
  more: string;
  states: Record<MachineState, string>;
}

/** One sentence for a change, from the dictionary's templates. */
export function phrase(c: Change, t: NarrationText): string {
  const f = (s: string, v: Record<string, string>) => s.replace(/\{(\w+)\}/g, (m, k: string) => v[k] ?? m);
  switch (c.type) {
    case 'state':
      return f(t.state, { machine: c.machine, state: t.states[c.to] });
    case 'added':
      return f(t.added, { machine: c.machine, state: t.states[c.state] });
    case 'removed':
      return f(t.removed, { machine: c.machine });
    case 'owner':
      if (c.from && c.to) return f(t.ownerMoved, { vip: c.vip, from: c.from, to: c.to });
      if (c.to) return f(t.ownerGained, { vip: c.vip, to: c.to });
      return f(t.ownerLost, { vip: c.vip, from: c.from ?? '' });
    case 'burst':
      return f(t.burst, { vip: c.vip, owner: c.owner ?? '' });
  }
}

export const NARRATE_EVERY_MS = 2000;
/** Sentences per announcement; the rest is counted. */
export const NARRATE_MAX = 4;

/**
 * Gathers sentences and lets them out at most every NARRATE_EVERY_MS (real time, given by the
 * caller), so a burst of changes makes one announcement, not one per packet or per change.
 */
export class Narrator {
  private pending: string[] = [];
  private last = -Infinity;

  constructor(
    private readonly more: string,
    private readonly every = NARRATE_EVERY_MS,
    private readonly max = NARRATE_MAX
  ) {}

  push(sentences: readonly string[]): void {
    for (const s of sentences) if (!this.pending.includes(s)) this.pending.push(s);
  }

  /** Real ms until the next announcement may go out (0: now), or null when nothing waits. */
  due(now: number): number | null {
    if (!this.pending.length) return null;
    return Math.max(0, this.last + this.every - now);
  }

  /** The announcement to make at `now`, or null (nothing waiting, or too soon). */
  flush(now: number): string | null {
    if (!this.pending.length || now - this.last < this.every) return null;
    const shown = this.pending.slice(0, this.max);
    const rest = this.pending.length - shown.length;
    this.pending = [];
    this.last = now;
    return shown.join(' ') + (rest > 0 ? ' ' + this.more.replace('{n}', String(rest)) : '');
  }
}
