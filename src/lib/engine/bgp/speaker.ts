/**
 * A BGP speaker: one local AS and router ID, a neighbour table, a listener on TCP 179 that
 * hands incoming connections to the matching neighbour's session, each neighbour's Adj-RIB-In
 * (what it sent us) and Adj-RIB-Out (what we advertise to it). FRR's bgpd and MetalLB's native
 * speaker are both built on it; what they do with the routes is theirs.
 */
import { listen, type Listener, type TcpSim } from '../apps/tcp';
import { formatIpv4 } from '../net/addr';
import type { NetHost } from '../net/host';
import type { Timer } from '../sim/scheduler';
import type { Trace } from '../sim/trace';
import { BgpSession } from './fsm/session';
import type { SessionConfig, SessionHooks } from './fsm/types';
import { AS_SEQUENCE, BGP_PORT, CEASE_PEER_UNCONFIG, ORIGIN_IGP, encodeEndOfRib, encodeUpdate, type AsPathSegment, type PathAttributes, type UpdateMessage } from './messages';
import { type BgpRoute, type ReceivedRoute, prefixKey, sameAttrs } from './rib-types';

export interface SpeakerOptions {
  asn: number;
  routerId: number;
  /** Accept incoming connections on 179 (FRR yes, MetalLB native no). */
  listen: boolean;
  owner: string;
  /** Defaults for every neighbour's session. */
  session: Omit<SessionConfig, 'localAs' | 'peerAs' | 'localId' | 'peerIp'>;
  /**
   * How the first advertisements go out after a session comes up. Unset (MetalLB native): at
   * once, one prefix per UPDATE, no End-of-RIB. FRR: the table after the update-group's
   * coalesce delay, prefixes with equal attributes packed into one UPDATE, then End-of-RIB.
   */
  advertise?: AdvertiseStyle;
  /** Keep what peers send in their Adj-RIB-In (default). MetalLB's native speaker reads UPDATEs and drops them. */
  acceptRoutes?: boolean;
}

export interface AdvertiseStyle {
  /** The delay between Established and the first run of advertisements, ms. */
  initialDelayMs: () => number;
  endOfRib: boolean;
  /** Prefixes that share their attributes travel in one UPDATE. */
  pack: boolean;
}

export interface Neighbor {
  ip: number;
  remoteAs: number | 'external';
  session: BgpSession;
  adjIn: Map<string, ReceivedRoute>;
  /** What we want the peer to have, and what it was last sent. */
  adjOut: Map<string, BgpRoute>;
  sentOut: Map<string, BgpRoute>;
  /** The first run of advertisements since the session came up has happened. */
  announced: boolean;
  announceTimer: Timer | null;
}

export type RibListener = (peer: number, changed: string[]) => void;
/** A session came up, or went down (with the reason), for logs. */
export type SessionListener = (n: Neighbor, event: 'up' | 'down', reason: string) => void;

export class BgpSpeaker {
  readonly host: NetHost;
  private readonly sim: TcpSim & { trace?: Trace };
  readonly opts: SpeakerOptions;
  readonly neighbors = new Map<number, Neighbor>();
  private listener: Listener | null = null;
  private ribListeners: RibListener[] = [];
  private stateListeners: (() => void)[] = [];
  private sessionListeners: SessionListener[] = [];

  constructor(host: NetHost, sim: TcpSim & { trace?: Trace }, opts: SpeakerOptions) {
    this.host = host;
    this.sim = sim;
    this.opts = opts;
  }

  note(text: string): void {
    this.sim.trace?.emit(this.sim.scheduler.now(), { type: 'note', topic: 'bgp', text: `${this.host.name} ${this.opts.owner}: ${text}` });
  }

  /** Open the listener (if any) and start every neighbour's session. */
  start(): void {
    if (this.opts.listen && !this.listener) {
      const r = listen(this.host, BGP_PORT, (socket) => this.incoming(socket), { sim: this.sim, owner: this.opts.owner });
      if (r.ok) this.listener = r.listener;
      else this.note(`cannot listen on ${BGP_PORT}: ${r.error}`);
    }
    for (const n of this.neighbors.values()) n.session.start();
  }

  /**
   * true: Cease to every peer (bgpd's shutdown). 'close': the process exits and the kernel
   * closes its sockets (FIN, no NOTIFICATION). false: killed, nothing is sent at all.
   */
  shutdown(graceful: boolean | 'close'): void {
    this.listener?.close();
    this.listener = null;
    for (const n of this.neighbors.values()) {
      if (graceful === 'close') n.session.close();
      else if (graceful) n.session.stop();
      else n.session.kill();
    }
  }

  onRibChange(fn: RibListener): void {
    this.ribListeners.push(fn);
  }

  onStateChange(fn: () => void): void {
    this.stateListeners.push(fn);
  }

  onSession(fn: SessionListener): void {
    this.sessionListeners.push(fn);
  }

  addNeighbor(ip: number, remoteAs: number | 'external', overrides: Partial<SessionConfig> = {}, startNow = true): Neighbor {
    const existing = this.neighbors.get(ip >>> 0);
    if (existing) return existing;
    const n: Neighbor = { ip: ip >>> 0, remoteAs, session: null as unknown as BgpSession, adjIn: new Map(), adjOut: new Map(), sentOut: new Map(), announced: false, announceTimer: null };
    const cfg: SessionConfig = { ...this.opts.session, localAs: this.opts.asn, peerAs: remoteAs, localId: this.opts.routerId, peerIp: ip >>> 0, ...overrides };
    const hooks: SessionHooks = {
      established: () => {
        this.note(`neighbor ${formatIpv4(ip)} Up`);
        n.sentOut.clear();
        for (const l of this.sessionListeners) l(n, 'up', '');
        this.firstAnnounce(n);
        this.fireState();
      },
      update: (u) => this.receiveUpdate(n, u),
      down: (reason, was) => {
        if (was) {
          this.note(`neighbor ${formatIpv4(ip)} Down ${reason}`);
          for (const l of this.sessionListeners) l(n, 'down', reason);
        }
        n.sentOut.clear();
        n.announced = false;
        n.announceTimer?.cancel();
        n.announceTimer = null;
        this.clearAdjIn(n);
        this.fireState();
      },
      stateChange: () => this.fireState()
    };
    n.session = new BgpSession(this.host, this.sim, cfg, hooks, (t) => this.note(`${formatIpv4(ip)} ${t}`));
    this.neighbors.set(n.ip, n);
    if (startNow) n.session.start();
    return n;
  }

  /** `no neighbor X`: Cease/Peer De-configured, and its routes go. */
  removeNeighbor(ip: number): void {
    const n = this.neighbors.get(ip >>> 0);
    if (!n) return;
    n.session.stop(CEASE_PEER_UNCONFIG);
    this.clearAdjIn(n);
    this.neighbors.delete(ip >>> 0);
    this.fireState();
  }

  /** Replace what one neighbour should receive; the difference goes out as UPDATEs. */
  setAdvertisements(ip: number, routes: readonly BgpRoute[]): void {
    const n = this.neighbors.get(ip >>> 0);
    if (!n) return;
    n.adjOut = new Map(routes.map((r) => [prefixKey(r.prefix), r]));
    this.flush(n);
  }

  /**
   * The attributes a route gets on the way to this neighbour (§5.1): eBGP prepends our AS to
   * the path; a route without a next hop goes out with our address on the session.
   */
  exportAttrs(n: Neighbor, attrs: PathAttributes): PathAttributes {
    // the session's own AS (MetalLB sets myASN per peer)
    const localAs = n.session.cfg.localAs;
    const ebgp = n.remoteAs !== localAs;
    const path = attrs.asPath ?? [];
    const out: PathAttributes = { origin: attrs.origin ?? ORIGIN_IGP, asPath: ebgp ? prependAs(path, localAs) : path.map((x) => ({ ...x, asns: [...x.asns] })), nextHop: attrs.nextHop ?? n.session.localIp };
    if (attrs.med !== undefined) out.med = attrs.med;
    // LOCAL_PREF is only ever sent to internal peers (§5.1.5)
    if (!ebgp && attrs.localPref !== undefined) out.localPref = attrs.localPref;
    if (attrs.communities?.length) out.communities = [...attrs.communities].sort((a, b) => a - b);
    return out;
  }

  /** Established: the first advertisements, at once or after the style's delay (then End-of-RIB). */
  private firstAnnounce(n: Neighbor): void {
    const style = this.opts.advertise;
    if (!style) {
      n.announced = true;
      this.flush(n);
      return;
    }
    n.announced = false;
    n.announceTimer?.cancel();
    n.announceTimer = this.sim.scheduler.after(style.initialDelayMs(), `${this.host.name} bgp announce ${formatIpv4(n.ip)}`, () => {
      n.announceTimer = null;
      if (n.session.state !== 'Established') return;
      n.announced = true;
      this.flush(n);
      if (style.endOfRib) n.session.sendUpdate(encodeEndOfRib());
    });
  }

  private flush(n: Neighbor): void {
    if (n.session.state !== 'Established' || !n.announced) return;
    // withdrawals first, all in one UPDATE
    const withdrawn = [...n.sentOut.keys()].filter((k) => !n.adjOut.has(k));
    if (withdrawn.length) {
      n.session.sendUpdate(encodeUpdate({ withdrawn: withdrawn.map((k) => n.sentOut.get(k)!.prefix), attrs: {}, nlri: [] }, n.session.as4));
      for (const k of withdrawn) n.sentOut.delete(k);
    }
    const pending: BgpRoute[] = [];
    for (const [k, r] of n.adjOut) {
      const attrs = this.exportAttrs(n, r.attrs);
      const prev = n.sentOut.get(k);
      if (prev && sameAttrs(prev.attrs, attrs)) continue;
      pending.push({ prefix: r.prefix, attrs });
      n.sentOut.set(k, { prefix: r.prefix, attrs });
    }
    // MetalLB's native speaker sends one prefix per UPDATE; FRR packs prefixes sharing attributes
    const groups = new Map<string, BgpRoute[]>();
    for (const r of pending) {
      const key = this.opts.advertise?.pack ? JSON.stringify(r.attrs) : prefixKey(r.prefix);
      groups.set(key, [...(groups.get(key) ?? []), r]);
    }
    for (const g of groups.values()) n.session.sendUpdate(encodeUpdate({ withdrawn: [], attrs: g[0].attrs, nlri: g.map((r) => r.prefix) }, n.session.as4));
  }

  private incoming(socket: Parameters<BgpSession['accept']>[0]): void {
    const n = this.neighbors.get(socket.remoteIp >>> 0);
    if (!n) {
      // bgpd closes connections from addresses that are not configured neighbours
      this.note(`connection from unknown peer ${formatIpv4(socket.remoteIp)} closed`);
      socket.close();
      return;
    }
    n.session.accept(socket);
  }

  private receiveUpdate(n: Neighbor, u: UpdateMessage): void {
    if (this.opts.acceptRoutes === false) return;
    const changed: string[] = [];
    for (const w of u.withdrawn) {
      const k = prefixKey(w);
      if (n.adjIn.delete(k)) changed.push(k);
    }
    for (const p of u.nlri) {
      const k = prefixKey(p);
      n.adjIn.set(k, { prefix: p, attrs: u.attrs, peer: n.ip, receivedAt: this.sim.scheduler.now() });
      changed.push(k);
    }
    if (changed.length) for (const l of this.ribListeners) l(n.ip, changed);
  }

  private clearAdjIn(n: Neighbor): void {
    const keys = [...n.adjIn.keys()];
    n.adjIn.clear();
    if (keys.length) for (const l of this.ribListeners) l(n.ip, keys);
  }

  private fireState(): void {
    for (const l of this.stateListeners) l();
  }
}

/** The path with our AS in front (§5.1.2): into a leading AS_SEQUENCE, else a new one. */
function prependAs(path: readonly AsPathSegment[], asn: number): AsPathSegment[] {
  const copy = path.map((x) => ({ ...x, asns: [...x.asns] }));
  // an AS_SEQUENCE holds at most 255 ASes
  if (copy.length && copy[0].type === AS_SEQUENCE && copy[0].asns.length < 255) copy[0].asns.unshift(asn);
  else copy.unshift({ type: AS_SEQUENCE, asns: [asn] });
  return copy;
}
