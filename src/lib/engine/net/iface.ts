/** Network interfaces of a host as `ip link` / `ip addr` know them. */
import type { Mac } from './addr';
import type { Ipv4Packet } from './ipv4';

export type AddrScope = 'global' | 'link' | 'host';

export interface IfAddr4 {
  ip: number;
  prefix: number;
  scope: AddrScope;
  /** Directed broadcast shown as `brd`; Docker sets it on eth0, the CNI ptp plugin on nothing. */
  brd?: number;
}

/** IPv6 addresses are shown by `ip addr` only; the lab routes IPv4. */
export interface IfAddr6 {
  addr: string;
  prefix: number;
  scope: AddrScope;
  /** e.g. ['nodad'] for Docker's global address. */
  flags?: string[];
}

export type IfaceKind =
  /** 127.0.0.1/8; packets to local addresses loop back through it. */
  | 'loopback'
  /** A port on a bridge segment (a container's eth0); resolves neighbours with ARP. */
  | 'bridge'
  /** A point-to-point veth to a pod (kindnet's ptp plugin): packets go straight to a handler. */
  | 'ptp'
  /**
   * The Docker host's end of a container's veth, enslaved to a bridge (`master br-…`): it
   * carries the bridge's frames and has no IPv4 address of its own, so it is shown, not routed.
   */
  | 'port';

export interface NetInterface {
  name: string;
  index: number;
  kind: IfaceKind;
  mac: Mac;
  mtu: number;
  /** ifindex of the other end of a veth pair, printed as `eth0@if12`. */
  peerIndex?: number;
  /** `link-netnsid 0`, or the name of a named netns (`link-netns cni-…`). */
  linkNetns?: number | string;
  addrs: IfAddr4[];
  addrs6: IfAddr6[];
  /** For 'bridge' interfaces: the port name on the bridge. */
  port?: string;
  /** The IFLA_INFO_KIND `ip link show type …` filters on; lo has none. */
  linkType?: 'veth' | 'bridge';
  /** The bridge a port is enslaved to, printed as `master br-…`. */
  master?: string;
  /** false after `ip link set DEV down` (no UP flag, state DOWN); default up. */
  adminUp?: boolean;
  /** false without a carrier (a bridge with no port up): NO-CARRIER, state DOWN; default on. */
  carrier?: boolean;
  /**
   * For the host end of a container's veth: is the container's end administratively up? A veth
   * has carrier only while its peer is up; without it the state is LOWERLAYERDOWN.
   */
  peerUp?: () => boolean;
  /** For 'ptp' interfaces: where an outgoing packet goes. */
  deliver?: (p: Ipv4Packet) => void;
}
