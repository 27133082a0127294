/**
 * The links dockerd leaves in the host's namespace besides each network's bridge: `docker0`
 * (there from the daemon's start, NO-CARRIER while no container uses it) and, per running
 * container and network, the host end of the container's veth: `veth` + 7 random hex digits,
 * enslaved to the bridge, `@ifN` naming the container's interface, `link-netnsid` numbering the
 * container's namespace. A stopped container's namespace is gone with its veths; a start makes
 * new ones, with new names and indexes. A bridge has carrier while one of its ports is up.
 */
import { randomLocalMac } from '../net/addr';
import type { NetHost } from '../net/host';
import type { NetInterface } from '../net/iface';
import { Rng } from '../sim/prng';

/** The default bridge's device, and its network before `docker run` first needs it. */
export const DOCKER0 = 'docker0';
const DOCKER0_IP = ((172 << 24) | (17 << 16) | 1) >>> 0;
const DOCKER0_BRD = ((172 << 24) | (17 << 16) | 0xffff) >>> 0;

/**
 * A generator for names and MACs the kernel or libnetwork draw at random. It is seeded from
 * values that already came from the lab's seed (a container id, a network id), so the lab replays
 * the same names without taking draws from the engine's shared streams.
 */
export function derivedRng(text: string): Rng {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return new Rng(h);
}

interface Veth {
  ifname: string;
  master: string;
  containerId: string;
}

export class HostLinks {
  /** By `<container id>/<network>`. */
  private veths = new Map<string, Veth>();
  /** The host's id for each container namespace (peernet2id_alloc: the lowest free one). */
  private nsids = new Map<string, number>();

  constructor(private readonly host: NetHost) {}

  /**
   * docker0 as dockerd creates it at start: 172.17.0.1/16, no port, so no carrier. Seeded from
   * the first network's id, the first random value the lab's Docker has.
   */
  ensureDocker0(seedText: string): void {
    if (this.host.iface(DOCKER0)) return;
    // no neighbour table (the host's random streams stay as they were without it)
    this.host.addIdleBridge(DOCKER0, randomLocalMac(derivedRng(`docker0/${seedText}`)));
    this.host.addAddress(DOCKER0, { ip: DOCKER0_IP, prefix: 16, brd: DOCKER0_BRD });
  }

  /** The placeholder docker0 making way for the real default network: its index and MAC. */
  takeDocker0(): { index: number; mac: string } | null {
    const i = this.host.iface(DOCKER0);
    if (!i) return null;
    this.host.detach(DOCKER0);
    return { index: i.index, mac: i.mac };
  }

  /** A running container's endpoint: the host end of its veth. Returns the host ifindex. */
  plug(containerId: string, starts: number, network: string, master: string, peer: NetInterface): number {
    const key = `${containerId}/${network}`;
    this.unplug(containerId, network);
    const rng = derivedRng(`veth/${containerId}/${starts}/${network}`);
    let ifname = `veth${rng.hex(7)}`;
    while (this.host.iface(ifname)) ifname = `veth${rng.hex(7)}`;
    const mac = randomLocalMac(rng);
    const i = this.host.addPort({ ifname, mac, master, peerIndex: peer.index, linkNetns: this.nsidOf(containerId), peerUp: () => peer.adminUp !== false });
    this.veths.set(key, { ifname, master, containerId });
    this.syncCarrier(master);
    return i.index;
  }

  unplug(containerId: string, network: string): void {
    const key = `${containerId}/${network}`;
    const v = this.veths.get(key);
    if (!v) return;
    this.host.detach(v.ifname);
    this.veths.delete(key);
    if (![...this.veths.values()].some((x) => x.containerId === containerId)) this.nsids.delete(containerId);
    this.syncCarrier(v.master);
  }

  /** The container's namespace is gone (stop, remove): every veth of it goes. */
  unplugAll(containerId: string): void {
    for (const key of [...this.veths.keys()]) if (key.startsWith(`${containerId}/`)) this.unplug(containerId, key.slice(containerId.length + 1));
  }

  /** A bridge has carrier while a port is enslaved to it. */
  syncCarrier(bridge: string): void {
    this.host.setCarrier(bridge, [...this.veths.values()].some((v) => v.master === bridge));
  }

  private nsidOf(containerId: string): number {
    const have = this.nsids.get(containerId);
    if (have !== undefined) return have;
    const used = new Set(this.nsids.values());
    let id = 0;
    while (used.has(id)) id++;
    this.nsids.set(containerId, id);
    return id;
  }
}
