/**
 * The election explorer's pure logic: which nodes are candidates (as the lab has them, then with
 * the learner's what-ifs), the election order for one IP, and which VIPs stay or move when the
 * what-ifs are applied. The hash and the order come from the engine (`electionRanking`, Web
 * Crypto); nothing here re-implements them. No DOM, no Svelte: unit-tested in Node.
 */
import { electionRanking } from '../../../engine/metallb/speaker/layer2-controller';

/** Why a node is not a candidate in the lab (the engine's usable-speaker filters, in order). */
export type NotCandidate =
  /** No speaker process runs on the node (container stopped, pod not running). */
  | 'no-speaker'
  /** The live speakers' memberlist does not count it (dead or left). */
  | 'memberlist'
  /** Node condition NetworkUnavailable=True. */
  | 'network-unavailable'
  /** Label node.kubernetes.io/exclude-from-external-load-balancers. */
  | 'excluded'
  /** No L2Advertisement of the IP's pool selects the node. */
  | 'not-advertised'
  /** The service has no ready endpoint anywhere: ShouldAnnounce stops before the election. */
  | 'no-endpoints'
  /** externalTrafficPolicy Local and no ready endpoint of the service on this node. */
  | 'no-local-endpoint';

/** One node as the lab has it. */
export interface LabNode {
  name: string;
  /** null = candidate; else the first filter that drops it. */
  reason: NotCandidate | null;
}

/** One LoadBalancer IP of the lab with the services using it ("namespace/name"). */
export interface LabVip {
  ip: string;
  services: string[];
  /** Nodes the IP's pool does not advertise from (L2Advertisement node selectors). */
  notAdvertised?: string[];
  /** No service on the IP has a ready endpoint: nobody announces it. */
  noEndpoints?: boolean;
  /** externalTrafficPolicy Local: the nodes without a ready endpoint, left out of the election. */
  noLocalEndpoint?: string[];
}

export interface LabFacts {
  nodes: LabNode[];
  vips: LabVip[];
}

/** The learner's hypotheses. They never touch the lab. */
export interface WhatIf {
  /** Node name → forced candidate (true) or forced out (false). */
  overrides: ReadonlyMap<string, boolean>;
  /** Hypothetical nodes, in the order added (each one a candidate unless overridden). */
  added: readonly string[];
}

export const NO_WHAT_IF: WhatIf = { overrides: new Map(), added: [] };

export function hasWhatIf(w: WhatIf): boolean {
  return w.overrides.size > 0 || w.added.length > 0;
}

/** One row of the table. */
export interface Row {
  node: string;
  digestHex: string;
  /** 1-based rank among candidates, or null. */
  rank: number | null;
  candidate: boolean;
  /** The lab's reason when not a candidate in the lab (even if a what-if includes it). */
  labReason: NotCandidate | null;
  /** 'in' / 'out' when a what-if overrides the lab; null otherwise. */
  override: 'in' | 'out' | null;
  hypothetical: boolean;
  owner: boolean;
}

/** The candidate decision for a node, lab facts plus what-ifs, for one VIP. */
function isCandidate(name: string, labReason: NotCandidate | null, hypothetical: boolean, w: WhatIf): boolean {
  const o = w.overrides.get(name);
  if (o !== undefined) return o;
  if (hypothetical) return true;
  return labReason === null;
}

/** The lab's reason for a node and VIP (the pool's advertisement filter is per VIP). */
function labReasonFor(n: LabNode, vip: LabVip | undefined): NotCandidate | null {
  if (n.reason) return n.reason;
  if (vip?.noEndpoints) return 'no-endpoints';
  if (vip?.notAdvertised?.includes(n.name)) return 'not-advertised';
  if (vip?.noLocalEndpoint?.includes(n.name)) return 'no-local-endpoint';
  return null;
}

/** Every node name the table shows: the lab's, then the hypothetical ones. */
export function allNodes(facts: LabFacts, w: WhatIf): string[] {
  const names = facts.nodes.map((n) => n.name);
  for (const a of w.added) if (!names.includes(a)) names.push(a);
  return names;
}

/**
 * The table for one IP: every node sorted by its digest (the election's order), candidates
 * ranked 1…n, the first candidate marked owner.
 */
export async function electionTable(facts: LabFacts, ip: string, w: WhatIf): Promise<Row[]> {
  const vip = facts.vips.find((v) => v.ip === ip);
  const byName = new Map(facts.nodes.map((n) => [n.name, n]));
  const ranked = await electionRanking(allNodes(facts, w), ip);
  let rank = 0;
  return ranked.map(({ node, digestHex }) => {
    const lab = byName.get(node);
    const hypothetical = !lab;
    const labReason = lab ? labReasonFor(lab, vip) : null;
    const candidate = isCandidate(node, labReason, hypothetical, w);
    const labCandidate = hypothetical ? null : labReason === null;
    const o = w.overrides.get(node);
    const override = o === undefined || o === labCandidate ? null : o ? 'in' : 'out';
    if (candidate) rank++;
    return { node, digestHex, rank: candidate ? rank : null, candidate, labReason, override, hypothetical, owner: candidate && rank === 1 };
  });
}

/** The winner for an IP: the first candidate in the election order, or null. */
export async function winner(facts: LabFacts, ip: string, w: WhatIf): Promise<string | null> {
  return (await electionTable(facts, ip, w)).find((r) => r.owner)?.node ?? null;
}

export interface VipOutcome {
  ip: string;
  services: string[];
  /** Owner as the lab stands (no what-ifs). */
  before: string | null;
  /** Owner with the what-ifs applied. */
  after: string | null;
  moves: boolean;
}

/** For every VIP of the lab: its owner now and with the what-ifs, and whether it moves. */
export async function outcomes(facts: LabFacts, w: WhatIf): Promise<VipOutcome[]> {
  return Promise.all(
    facts.vips.map(async (v) => {
      const [before, after] = await Promise.all([winner(facts, v.ip, NO_WHAT_IF), winner(facts, v.ip, w)]);
      return { ip: v.ip, services: v.services, before, after, moves: before !== after };
    })
  );
}
