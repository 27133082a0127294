/**
 * The layer-2 protocol handler, mirroring MetalLB v0.14.8 `speaker/layer2_controller.go`
 * (layer2Controller: ShouldAnnounce, SetBalancer, DeleteBalancer, SetNode, SetConfig;
 * usableNodes/speakersForPool, nodesWithEndpoint, activeEndpointExists, poolMatchesNodeL2,
 * ipAdvertisementFor).
 *
 * The election needs no protocol traffic: every speaker sorts the same candidate nodes by
 * SHA-256(node + "#" + firstIP) (raw bytes ascending) and the first one announces. Digests come
 * from Web Crypto (`crypto.subtle.digest`, async) and are cached per (node, ip).
 */
import type { GoKitLogger } from '../logging';
import type { EndpointSlice, Node, Service } from '../../k8s/types';
import type { Pool } from '../config/types';
import { activeEndpointExists, nodesWithServingEndpoint } from './epslices';
import { IsNetworkUnavailable, IsNodeExcludedFromBalancers } from './nodes';
import { IPAdvertisement, type Announce } from './layer2/announcer';

// ------------------------------------------------------------------ the hash

// Large enough for 1,000 nodes x 1,000 IPs: digests only change when a node or an IP does.
const DIGEST_CACHE_MAX = 1_100_000;
const digestCache = new Map<string, Uint8Array>();
const encoder = new TextEncoder();

/** SHA-256 of `node + "#" + ip` (Web Crypto), cached: it only changes when a node or an IP does. */
export async function electionDigest(node: string, ip: string): Promise<Uint8Array> {
  const key = `${node}#${ip}`;
  const hit = digestCache.get(key);
  if (hit) return hit;
  const buf = await crypto.subtle.digest('SHA-256', encoder.encode(key));
  const d = new Uint8Array(buf);
  if (digestCache.size >= DIGEST_CACHE_MAX) digestCache.clear();
  digestCache.set(key, d);
  return d;
}

/** bytes.Compare. */
export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}

export function toHex(b: Uint8Array): string {
  let s = '';
  for (const x of b) s += x.toString(16).padStart(2, '0');
  return s;
}

export interface RankedNode {
  node: string;
  /** SHA-256(node + "#" + ip), lower-case hex. */
  digestHex: string;
}

/** The election order for one IP: candidates sorted by digest, first = owner. */
export async function electionRanking(nodes: Iterable<string>, ip: string): Promise<RankedNode[]> {
  const uniq = [...new Set(nodes)];
  const digests = await Promise.all(uniq.map((n) => electionDigest(n, ip)));
  const pairs = uniq.map((node, i) => ({ node, d: digests[i] }));
  pairs.sort((a, b) => compareBytes(a.d, b.d));
  return pairs.map((p) => ({ node: p.node, digestHex: toHex(p.d) }));
}

// ------------------------------------------------------------------ inputs

/** What SpeakerList.UsableSpeakers() returns, in whichever shape it comes. */
export type UsableSpeakers = ReadonlyMap<string, boolean> | ReadonlySet<string> | readonly string[] | Readonly<Record<string, boolean>> | null | undefined;

export function usableSpeakerNames(u: UsableSpeakers): string[] {
  if (!u) return [];
  if (u instanceof Map) return [...u.entries()].filter(([, ok]) => ok).map(([n]) => n);
  if (u instanceof Set) return [...u];
  if (Array.isArray(u)) return [...u];
  return Object.entries(u as Record<string, boolean>)
    .filter(([, ok]) => ok)
    .map(([n]) => n);
}

export type NodeMap = ReadonlyMap<string, Node> | Readonly<Record<string, Node>>;

function nodeFrom(nodes: NodeMap, name: string): Node | undefined {
  if (nodes instanceof Map) return nodes.get(name);
  return (nodes as Record<string, Node>)[name];
}

export interface ElectionInput {
  /** This speaker's node. */
  myNode: string;
  /** Service key "namespace/name" (debug logs only). */
  name: string;
  /** The service's LB IPs as strings; the first one is hashed. */
  toAnnounce: readonly string[];
  pool: Pick<Pool, 'l2Advertisements'>;
  svc: Pick<Service, 'spec'>;
  eps: readonly EndpointSlice[];
  /** Node objects known to the speaker (SetNode), for conditions and labels. */
  nodes: NodeMap;
  /** Memberlist members alive or suspect. */
  usableSpeakers: UsableSpeakers;
  /** --ignore-exclude-lb */
  ignoreExcludeLB?: boolean;
  logger?: GoKitLogger;
}

export interface ElectionResult {
  /** "" = announce, else the withdraw reason ("notOwner"). */
  reason: '' | 'notOwner';
  /** Why, in words (the upstream debug reason). */
  detail: string;
  /** Candidates before sorting (sorted by name here for display). */
  candidates: string[];
  /** Candidates in election order (empty when the election was not reached). */
  ranking: RankedNode[];
  owner: string | null;
}

/** poolMatchesNodeL2: some L2Advertisement of the pool selects the node. */
export function poolMatchesNodeL2(pool: Pick<Pool, 'l2Advertisements'>, node: string): boolean {
  return pool.l2Advertisements.some((adv) => adv.nodes.has(node));
}

/**
 * speakersForPool: usable speakers minus NetworkUnavailable nodes, minus nodes labelled
 * exclude-from-external-load-balancers (unless --ignore-exclude-lb), minus nodes no
 * L2Advertisement of the pool selects.
 */
export function speakersForPool(input: Pick<ElectionInput, 'name' | 'pool' | 'nodes' | 'usableSpeakers' | 'ignoreExcludeLB' | 'logger'>): Set<string> {
  const res = new Set<string>();
  for (const s of usableSpeakerNames(input.usableSpeakers)) {
    const n = nodeFrom(input.nodes, s);
    if (IsNetworkUnavailable(n)) {
      input.logger?.debug('layer2_controller.go:141', { event: 'skipping should announce l2', service: input.name, reason: "speaker's node has NodeNetworkUnavailable condition" });
      continue;
    }
    if (!input.ignoreExcludeLB && IsNodeExcludedFromBalancers(n)) {
      input.logger?.debug('layer2_controller.go:146', {
        event: 'skipping should announce l2',
        service: input.name,
        reason: "speaker's node has labeled 'node.kubernetes.io/exclude-from-external-load-balancers'"
      });
      continue;
    }
    if (poolMatchesNodeL2(input.pool, s)) res.add(s);
  }
  return res;
}

/**
 * The candidate set of ShouldAnnounce, up to (not including) the hash sort. Synchronous, for the
 * UI and lessons; `shouldAnnounce` finishes the job.
 */
export function layer2Candidates(input: ElectionInput): { ok: true; candidates: string[] } | { ok: false; detail: string } {
  const l = input.logger;
  if (!activeEndpointExists(input.eps)) {
    l?.debug('layer2_controller.go:88', { event: 'shouldannounce', protocol: 'l2', message: 'failed no active endpoints', service: input.name });
    return { ok: false, detail: 'no serving endpoint' };
  }
  if (!poolMatchesNodeL2(input.pool, input.myNode)) {
    l?.debug('layer2_controller.go:93', { event: 'skipping should announce l2', service: input.name, reason: 'pool not matching my node' });
    return { ok: false, detail: 'pool not matching my node' };
  }
  const speakers = speakersForPool(input);
  let available: string[];
  if (input.svc.spec.externalTrafficPolicy === 'Local') {
    const withEp = nodesWithServingEndpoint(input.eps);
    available = [...withEp].filter((n) => speakers.has(n));
  } else {
    available = [...speakers];
  }
  if (available.length === 0) {
    l?.debug('layer2_controller.go:104', { event: 'skipping should announce l2', service: input.name, reason: 'no available nodes' });
    return { ok: false, detail: 'no available nodes' };
  }
  available.sort();
  l?.debug('layer2_controller.go:108', { event: 'shouldannounce', protocol: 'l2', nodes: available, service: input.name });
  return { ok: true, candidates: available };
}

/** The full election with its intermediate results. */
export async function layer2Election(input: ElectionInput): Promise<ElectionResult> {
  const c = layer2Candidates(input);
  if (!c.ok) return { reason: 'notOwner', detail: c.detail, candidates: [], ranking: [], owner: null };
  const ip = input.toAnnounce[0];
  if (ip === undefined) return { reason: 'notOwner', detail: 'no IP', candidates: c.candidates, ranking: [], owner: null };
  const ranking = await electionRanking(c.candidates, ip);
  const owner = ranking[0]?.node ?? null;
  if (owner === input.myNode) return { reason: '', detail: 'first in the hash order', candidates: c.candidates, ranking, owner };
  return { reason: 'notOwner', detail: `${owner} is first in the hash order`, candidates: c.candidates, ranking, owner };
}

/** ShouldAnnounce (layer2): "" when this node wins the election for the service's first IP. */
export async function shouldAnnounce(input: ElectionInput): Promise<'' | 'notOwner'> {
  return (await layer2Election(input)).reason;
}

/**
 * ipAdvertisementFor: the interfaces the L2Advertisements that select my node allow; one with
 * no interfaces means all of them.
 */
export function ipAdvertisementFor(ip: string, localNode: string, pool: Pick<Pool, 'l2Advertisements'>): IPAdvertisement {
  const ifs = new Set<string>();
  for (const l2 of pool.l2Advertisements) {
    if (!l2.nodes.has(localNode)) continue;
    if (l2.allInterfaces) return new IPAdvertisement(ip, true, []);
    for (const i of l2.interfaces) ifs.add(i);
  }
  return new IPAdvertisement(ip, false, ifs);
}

// ------------------------------------------------------------------ the handler

/** The speakerlist as the protocol handlers see it (speaker/main.go SpeakerList). */
export interface SpeakerListPort {
  UsableSpeakers(): UsableSpeakers;
  Rejoin(): void;
}

/** Events on the service (speaker/main.go `service` interface: Infof / Errorf). */
export interface ServiceEventClient {
  Infof(svc: Service, reason: string, message: string): void;
  Errorf(svc: Service, reason: string, message: string): void;
}

/** What the layer-2 handler reports to the lab's trace when its verdict for a service changes. */
export type ElectionObserver = (e: { service: string; ip: string; node: string; result: ElectionResult }) => void;

export class Layer2Controller {
  readonly announcer: Announce;
  private readonly myNode: string;
  private readonly sList: SpeakerListPort;
  private readonly onStatusChange: (key: { namespace: string; name: string }) => void;
  private readonly ignoreExcludeLB: boolean;
  private readonly observe: ElectionObserver | null;
  /** Last verdict per service, so the observer sees changes only. */
  private lastVerdict = new Map<string, string>();
  /** Last election per service (for introspection). */
  readonly elections = new Map<string, ElectionResult>();
  /** Why this node became owner of a service, for the gratuitous ARPs' `why` (not MetalLB). */
  private announceCause = new Map<string, string>();

  constructor(opts: {
    announcer: Announce;
    myNode: string;
    sList: SpeakerListPort;
    onStatusChange: (key: { namespace: string; name: string }) => void;
    ignoreExcludeLB?: boolean;
    observe?: ElectionObserver;
  }) {
    this.announcer = opts.announcer;
    this.myNode = opts.myNode;
    this.sList = opts.sList;
    this.onStatusChange = opts.onStatusChange;
    this.ignoreExcludeLB = opts.ignoreExcludeLB ?? false;
    this.observe = opts.observe ?? null;
  }

  SetConfig(): string | null {
    return null;
  }

  async ShouldAnnounce(
    l: GoKitLogger,
    name: string,
    toAnnounce: readonly string[],
    pool: Pool,
    svc: Service,
    eps: readonly EndpointSlice[],
    nodes: NodeMap
  ): Promise<string> {
    const usable = this.sList.UsableSpeakers();
    const result = await layer2Election({
      myNode: this.myNode,
      name,
      toAnnounce,
      pool,
      svc,
      eps,
      nodes,
      usableSpeakers: usable,
      ignoreExcludeLB: this.ignoreExcludeLB,
      logger: l
    });
    const prevOwner = this.elections.get(name)?.owner ?? null;
    if (result.reason === '' && prevOwner !== this.myNode) {
      const gone = prevOwner !== null && !usableSpeakerNames(usable).includes(prevOwner);
      this.announceCause.set(name, gone ? `after ${prevOwner} left memberlist` : 'after an election');
    }
    this.elections.set(name, result);
    const verdict = `${result.reason}|${result.owner ?? ''}|${toAnnounce[0] ?? ''}`;
    if (this.lastVerdict.get(name) !== verdict) {
      this.lastVerdict.set(name, verdict);
      this.observe?.({ service: name, ip: toAnnounce[0] ?? '', node: this.myNode, result });
    }
    return result.reason;
  }

  SetBalancer(l: GoKitLogger, name: string, lbIPs: readonly string[], pool: Pool, client: ServiceEventClient, svc: Service): string | null {
    const ifs = this.announcer.GetInterfaces();
    let updateStatus = false;
    for (const lbIP of lbIPs) {
      const ipAdv = ipAdvertisementFor(lbIP, this.myNode, pool);
      if (!ipAdv.MatchInterfaces(...ifs)) {
        l.warn('layer2_controller.go:183', {
          op: 'SetBalancer',
          protocol: 'layer2',
          service: name,
          IPAdvertisement: { ip: ipAdv.ip, interfaces: ipAdv.GetInterfaces(), allInterfaces: ipAdv.allInterfaces },
          localIfs: ifs,
          msg: "the specified interfaces used to announce LB IP don't exist"
        });
        client.Errorf(svc, 'announceFailed', `the interfaces specified by LB IP "${lbIP}" doesn't exist in assigned node "${this.myNode}" with protocol "layer2"`);
        continue;
      }
      this.announcer.SetBalancer(name, ipAdv, this.announceCause.get(name));
      updateStatus = true;
    }
    if (updateStatus) this.onStatusChange({ namespace: svc.metadata.namespace ?? 'default', name: svc.metadata.name });
    return null;
  }

  DeleteBalancer(_l: GoKitLogger, name: string, _reason: string): string | null {
    if (!this.announcer.AnnounceName(name)) return null;
    this.announcer.DeleteBalancer(name);
    const slash = name.indexOf('/');
    const ns = slash < 0 ? '' : name.slice(0, slash);
    const svcName = slash < 0 ? name : name.slice(slash + 1);
    this.onStatusChange({ namespace: ns, name: svcName });
    return null;
  }

  /** The service is gone: drop what the handler remembers about it. */
  forget(name: string): void {
    this.lastVerdict.delete(name);
    this.elections.delete(name);
    this.announceCause.delete(name);
  }

  /** SetNode: this speaker's own Node object was reconciled → memberlist rejoin. */
  SetNode(_l: GoKitLogger, n: Node): string | null {
    if (n.metadata.name !== this.myNode) return null;
    this.sList.Rejoin();
    return null;
  }
}
