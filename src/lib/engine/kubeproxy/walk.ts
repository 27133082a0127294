/**
 * The netfilter data path of one network namespace: what the kernel does with a packet between
 * the wire and a socket, using the rules in the namespace's Netfilter.
 *
 * Incoming (from eth0, a pod's veth): conntrack; for a new connection nat PREROUTING (kube-proxy's
 * KUBE-SERVICES → KUBE-EXT/SVC → KUBE-SEP DNAT, KUBE-MARK-MASQ); the routing decision; filter
 * INPUT or FORWARD (REJECT answers ICMP port unreachable, DROP drops); nat POSTROUTING
 * (KUBE-POSTROUTING MASQUERADE --random-fully when marked, kindnet's KIND-MASQ-AGENT); then a
 * conntrack entry, so replies are translated back (un-SNAT, un-DNAT) without the nat table.
 * Locally generated packets take OUTPUT instead of PREROUTING.
 *
 * Hooks: an input filter on the NetHost (it runs before every handler, as PREROUTING runs before
 * any socket) and a wrapper around the namespace's sendIpv4 (the OUTPUT path; NetHost has no
 * output hook). A translated packet that must be forwarded is taken over (NF_STOLEN: the filter
 * says 'drop') and sent on with `forward(p, {why})`, so the frame carries the reason; one that
 * stays local is rewritten in place and handed back to the kernel path.
 *
 * This file holds the DataPath (installing the hooks) and its installation on a namespace; the
 * walk itself is in ingress.ts (PREROUTING side), local-output.ts (OUTPUT side), nat-decision.ts
 * (a new connection's nat and filter walk), hook-walk.ts (what each hook is given),
 * related-icmp.ts, reject.ts, source-address.ts and explain.ts.
 */
import type { Cidr } from '../net/addr';
import type { NetHost } from '../net/host';
import type { OutgoingIpv4, SendOptions } from '../net/host-types';
import type { Ipv4Packet } from '../net/ipv4';
import type { Sim } from '../sim';
import type { Rng } from '../sim/prng';
import { type Tables, kindNodeTables } from './base';
import type { ConnEntry, Direction } from './conntrack';
import { type Explanation, explainPacket } from './explain';
import { ingress } from './ingress';
import { type SendFn, localOutput } from './local-output';
import { type MachineKind, type Netfilter, ensureNetfilter } from './netfilter';
import { l4Info, tupleOf } from './packet';

export type { Explanation } from './explain';
export { selectAddress, selectSource } from './source-address';

export interface DataPathOptions {
  /** Put a note in the trace for each new connection NAT translated (default true). */
  traceNat?: boolean;
}

export class DataPath {
  readonly nf: Netfilter;
  readonly netns: NetHost;
  traceNat: boolean;
  private origSend: SendFn | null = null;
  private removeFilter: (() => void) | null = null;

  constructor(nf: Netfilter, opts: DataPathOptions = {}) {
    this.nf = nf;
    this.netns = nf.netns;
    this.traceNat = opts.traceNat ?? true;
  }

  installed(): boolean {
    return this.removeFilter !== null;
  }

  install(): void {
    if (this.removeFilter) return;
    this.removeFilter = this.netns.addInputFilter((p, ctx) => ingress(this, p, ctx));
    const orig: SendFn = this.netns.sendIpv4.bind(this.netns);
    this.origSend = orig;
    this.netns.sendIpv4 = (input: OutgoingIpv4 | Uint8Array, opts: SendOptions = {}) => localOutput(this, orig, input, opts);
  }

  uninstall(): void {
    this.removeFilter?.();
    this.removeFilter = null;
    if (this.origSend) {
      // drop our wrapper: the instance falls back to the class method
      Reflect.deleteProperty(this.netns, 'sendIpv4');
      this.origSend = null;
    }
  }

  // ------------------------------------------------------------------ explain

  /**
   * The path one packet would take here, without side effects (no counters, no conntrack entry,
   * statistic matches drawn from a throwaway generator). `from` says whether it arrives from the
   * network (PREROUTING, on interface `inIface`) or is sent by a local process (OUTPUT).
   */
  explain(p: Ipv4Packet, opts: { from?: 'network' | 'local'; inIface?: string } = {}): Explanation {
    return explainPacket(this, p, opts);
  }

  /** The recorded decision of the connection a packet belongs to (null if untracked). */
  connectionOf(p: Ipv4Packet): { entry: ConnEntry; dir: Direction } | null {
    const l4 = l4Info(p);
    return l4 ? this.nf.conntrack.lookup(tupleOf(p, l4)) : null;
  }
}

// ------------------------------------------------------------------ installing

const paths = new WeakMap<NetHost, DataPath>();

export function dataPathOf(netns: NetHost): DataPath | undefined {
  return paths.get(netns);
}

export interface InstallOptions extends DataPathOptions {
  kind?: MachineKind;
  /** Initial tables when the namespace has no netfilter state yet. */
  init?: (rng: Rng) => Tables;
}

/** Hook the namespace's netfilter into its packet path (idempotent). */
export function installDataPath(netns: NetHost, sim: Sim, opts: InstallOptions = {}): DataPath {
  let dp = paths.get(netns);
  if (!dp) {
    const nf = ensureNetfilter(netns, sim, opts.kind ?? 'container', opts.init);
    dp = new DataPath(nf, opts);
    paths.set(netns, dp);
  }
  dp.install();
  return dp;
}

/** The gateway of a namespace's default route (Docker's network gateway). */
export function defaultGateway(netns: NetHost): number | null {
  const r = netns.routes.list().find((x) => x.dst.prefix === 0 && x.via !== undefined);
  return r?.via ?? null;
}

/** The netfilter state of a kind node: created with kind's, kubelet's and kindnet's rules. */
export function ensureKindNodeNetfilter(netns: NetHost, sim: Sim, opts: { podSubnet?: Cidr | null; gateway?: number | null } = {}): Netfilter {
  return ensureNetfilter(netns, sim, 'kind-node', (rng) =>
    kindNodeTables({
      gateway: opts.gateway ?? defaultGateway(netns) ?? 0xac120001,
      podSubnet: opts.podSubnet ? { net: opts.podSubnet.network, prefix: opts.podSubnet.prefix } : null,
      dnsTcpPort: rng.range(32768, 60999),
      dnsUdpPort: rng.range(32768, 60999)
    })
  );
}

/** Install the data path on a kind node's namespace, with the node's base rules. */
export function installKindNodeDataPath(netns: NetHost, sim: Sim, opts: { podSubnet?: Cidr | null; gateway?: number | null; traceNat?: boolean } = {}): DataPath {
  ensureKindNodeNetfilter(netns, sim, opts);
  return installDataPath(netns, sim, { kind: 'kind-node', traceNat: opts.traceNat });
}
