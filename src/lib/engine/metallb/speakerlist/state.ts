/**
 * The node table of memberlist (state.go): one entry per known member with its state and
 * incarnation, the probe order, and the helpers that pick random members (util.go).
 */
import type { Rng } from '../../sim/prng';
import type { NodeStateType } from './messages';

export type { NodeStateType } from './messages';

export interface NodeState {
  name: string;
  addr: number;
  port: number;
  meta: Uint8Array;
  vsn: number[];
  incarnation: number;
  state: NodeStateType;
  /** Virtual time of the last state change. */
  stateChange: number;
}

export function deadOrLeft(n: Pick<NodeState, 'state'>): boolean {
  return n.state === 'dead' || n.state === 'left';
}

/** util.go randomOffset: a uniform index in [0, n). */
export function randomOffset(rng: Rng, n: number): number {
  return n === 0 ? 0 : rng.int(n);
}

/**
 * util.go kRandomNodes: up to k distinct nodes not excluded, found by at most 3n random draws
 * (so with few nodes the search is exhaustive, but can still come back short).
 */
export function kRandomNodes(rng: Rng, k: number, nodes: readonly NodeState[], exclude: (n: NodeState) => boolean): NodeState[] {
  const n = nodes.length;
  const out: NodeState[] = [];
  for (let i = 0; i < 3 * n && out.length < k; i++) {
    const s = nodes[randomOffset(rng, n)];
    if (exclude(s)) continue;
    if (out.some((x) => x.name === s.name)) continue;
    out.push(s);
  }
  return out;
}

/** util.go shuffleNodes (Fisher–Yates, in place). */
export function shuffleNodes(rng: Rng, nodes: NodeState[]): void {
  for (let i = nodes.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [nodes[i], nodes[j]] = [nodes[j], nodes[i]];
  }
}

/**
 * util.go moveDeadNodes: move the dead and left nodes whose gossip-to-the-dead time is over to
 * the end; return how many stay.
 */
export function moveDeadNodes(nodes: NodeState[], gossipToTheDeadTime: number, now: number): number {
  let numDead = 0;
  const n = nodes.length;
  for (let i = 0; i < n - numDead; i++) {
    if (!deadOrLeft(nodes[i])) continue;
    if (now - nodes[i].stateChange <= gossipToTheDeadTime) continue;
    [nodes[i], nodes[n - numDead - 1]] = [nodes[n - numDead - 1], nodes[i]];
    numDead++;
    i--;
  }
  return n - numDead;
}

/** util.go pushPullScale: the push/pull interval grows past 32 members. */
export function pushPullScale(intervalMs: number, n: number): number {
  const threshold = 32;
  if (n <= threshold) return intervalMs;
  const multiplier = Math.ceil(Math.log2(n) - Math.log2(threshold)) + 1;
  return multiplier * intervalMs;
}

/** hashicorp/go-multierror's default format. */
export function multiErrorString(errs: readonly string[]): string {
  if (errs.length === 1) return `1 error occurred:\n\t* ${errs[0]}\n\n`;
  return `${errs.length} errors occurred:\n\t${errs.map((e) => `* ${e}`).join('\n\t')}\n\n`;
}
