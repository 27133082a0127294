/**
 * A VIP's layer-2 election as the picture explains it: every node with a speaker, sorted by
 * SHA-256(node + "#" + ip) (MetalLB's own function, electionRanking, with Web Crypto), the owner
 * marked, and the nodes that cannot win said why (excluded by label, speaker not running, dead
 * or gone in the memberlist, container down, node network unavailable, not selected by any
 * L2Advertisement of the IP's pool).
 *
 * Who may win comes from the election explorer's reading of the lab (its LabFacts: the live
 * speakers' memberlist views together, and each pool's L2Advertisement nodeSelectors), judged by
 * its model, so the two views cannot disagree. Without that reading (a hand-made world, or
 * before the lab was read) it falls back to the world alone: the owner's speaker's memberlist
 * view, no advertisement filter.
 */
import type { ViewMachine, WorldView } from '$lib/engine/observe/types';
import { electionRanking, type RankedNode } from '$lib/engine/metallb/speaker/layer2-controller';
import type { LabFacts, NotCandidate as LabReason } from '../election/model';
import { NO_WHAT_IF, electionTable } from '../election/model';

export type NotCandidate = 'excluded' | 'speaker' | 'member' | 'down' | 'network' | 'advertisement' | 'endpoints' | 'localEndpoint';

const FROM_LAB: Record<LabReason, NotCandidate> = {
  'no-speaker': 'speaker',
  memberlist: 'member',
  'network-unavailable': 'network',
  excluded: 'excluded',
  'not-advertised': 'advertisement',
  'no-endpoints': 'endpoints',
  'no-local-endpoint': 'localEndpoint'
};

export interface RankRow {
  node: string;
  digestHex: string;
  owner: boolean;
  /** Why this node cannot win; absent for candidates. */
  out?: NotCandidate;
}

function isNode(m: ViewMachine): boolean {
  return m.role === 'control-plane' || m.role === 'worker';
}

/** Why `m` is not a candidate in `view`'s eyes, or undefined when it is one. */
export function notCandidate(m: ViewMachine, view: ReadonlyMap<string, string> | null): NotCandidate | undefined {
  if (m.state === 'stopped' || m.state === 'paused') return 'down';
  if (!m.speaker?.running) return 'speaker';
  if (view) {
    const s = view.get(m.name);
    if (s !== 'alive' && s !== 'suspect') return 'member';
  }
  if (m.excluded) return 'excluded';
  return undefined;
}

/** The memberlist view the ranking is read from: the owner's speaker, else the first running one. */
export function referenceView(world: WorldView, owner: string | null): Map<string, string> | null {
  const nodes = world.machines.filter(isNode);
  const ref = nodes.find((m) => m.name === owner && m.speaker?.running) ?? nodes.find((m) => m.speaker?.running && m.state !== 'stopped' && m.state !== 'paused');
  return ref?.speaker ? new Map(ref.speaker.members.map((x) => [x.name, x.state])) : null;
}

const down = (m: ViewMachine) => m.state === 'stopped' || m.state === 'paused';

/**
 * The ranking rows for `ip`: judged by the election explorer's model from `facts` when given,
 * else from the world alone (digests from `rank`, MetalLB's electionRanking by default).
 */
export async function vipRanking(
  world: WorldView,
  ip: string,
  facts: LabFacts | null = null,
  rank: (nodes: string[], ip: string) => Promise<RankedNode[]> = electionRanking
): Promise<RankRow[]> {
  const owner = world.vips.find((v) => v.ip === ip)?.owner ?? null;
  const nodes = world.machines.filter((m) => isNode(m) && m.speaker);
  if (facts) {
    const byName = new Map(nodes.map((m) => [m.name, m]));
    const table = await electionTable(facts, ip, NO_WHAT_IF);
    return table.flatMap((r) => {
      const m = byName.get(r.node);
      if (!m) return [];
      // a stopped or frozen container is what a learner sees first, whatever the speakers think
      const out = down(m) ? 'down' : r.labReason ? FROM_LAB[r.labReason] : undefined;
      return [{ node: r.node, digestHex: r.digestHex, owner: r.node === owner, ...(out ? { out } : {}) }];
    });
  }
  const view = referenceView(world, owner);
  const byName = new Map(nodes.map((m) => [m.name, m]));
  const ranked = await rank(
    nodes.map((m) => m.name),
    ip
  );
  return ranked.map((r) => {
    const out = notCandidate(byName.get(r.node)!, view);
    return { node: r.node, digestHex: r.digestHex, owner: r.node === owner, ...(out ? { out } : {}) };
  });
}
