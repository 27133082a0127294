/**
 * The interfaces of a network namespace as a registry (ifindex order, the next free index) and
 * what is only link state, not packet handling: the host ends of Docker's veths, a bridge with no
 * port yet, carrier. NetHost (host.ts) adds the packet paths on top.
 */
import { type Mac, ipv6LinkLocalFromMac } from './addr';
import { hasCarrier } from './format';
import type { PortAttachSpec } from './host-types';
import type { NetInterface } from './iface';

export class LinkSet {
  /** Show ::1 on lo and link-local addresses (IPv6 enabled in the namespace). */
  readonly ipv6: boolean;
  protected ifaces = new Map<string, NetInterface>();
  /** Indexes only grow, as the kernel's per-namespace ifindex counter does. */
  protected nextIndex = 2;

  constructor(ipv6: boolean) {
    this.ipv6 = ipv6;
  }

  interfaces(): NetInterface[] {
    return [...this.ifaces.values()].sort((a, b) => a.index - b.index);
  }

  iface(name: string): NetInterface | undefined {
    return this.ifaces.get(name);
  }

  /** The host end of a container's veth, enslaved to a bridge: shown by `ip`, carries no IPv4. */
  addPort(spec: PortAttachSpec): NetInterface {
    const iface: NetInterface = {
      name: spec.ifname,
      index: this.nextIndex++,
      kind: 'port',
      linkType: 'veth',
      mac: spec.mac,
      mtu: 1500,
      addrs: [],
      addrs6: this.ipv6 ? [{ addr: ipv6LinkLocalFromMac(spec.mac), prefix: 64, scope: 'link' }] : [],
      peerIndex: spec.peerIndex,
      linkNetns: spec.linkNetns,
      master: spec.master,
      peerUp: spec.peerUp
    };
    this.ifaces.set(spec.ifname, iface);
    return iface;
  }

  /**
   * A bridge device with no segment behind it yet (docker0 before any container uses it): it has
   * its address and routes, no carrier, and no neighbour table, so nothing leaves through it.
   */
  addIdleBridge(ifname: string, mac: Mac): NetInterface {
    const iface: NetInterface = { name: ifname, index: this.nextIndex++, kind: 'bridge', linkType: 'bridge', mac, mtu: 1500, addrs: [], addrs6: [], carrier: false };
    this.ifaces.set(ifname, iface);
    return iface;
  }

  /**
   * Carrier on or off (a bridge whose last port went, or its first came). Routes through a
   * device without carrier stay and count for lookups (ignore_routes_with_linkdown=0); `ip route`
   * flags them `linkdown`. addrconf gives the device its link-local address once it has carrier.
   */
  setCarrier(ifname: string, on: boolean): void {
    const iface = this.ifaces.get(ifname);
    if (!iface) return;
    if (on) delete iface.carrier;
    else iface.carrier = false;
    if (on && this.ipv6 && !iface.addrs6.some((a) => a.scope === 'link')) iface.addrs6.push({ addr: ipv6LinkLocalFromMac(iface.mac), prefix: 64, scope: 'link' });
  }

  /** Devices without carrier (or administratively down): what `ip route` flags `linkdown`. */
  linkDownDevs(): Set<string> {
    return new Set([...this.ifaces.values()].filter((i) => !hasCarrier(i) || i.adminUp === false).map((i) => i.name));
  }
}
