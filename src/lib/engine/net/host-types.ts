/** The contract of NetHost: what callers send, the hooks they register, how they attach it. */
import type { Mac } from './addr';
import type { ArpPacket } from './arp';
import type { Bridge } from './bridge';
import type { NetHost } from './host';
import type { Ipv4Packet } from './ipv4';
import type { NeighbourParams } from './neighbour';

export type SendError = 'ENETDOWN' | 'ENETUNREACH' | 'EINVAL';
export type SendResult = { ok: true; src: number } | { ok: false; error: SendError };
export type NetResult = { ok: true } | { ok: false; error: string };

/** A packet to send; src 0 or missing means "pick from the route", id missing means "next id". */
export type OutgoingIpv4 = Pick<Ipv4Packet, 'dst' | 'protocol' | 'payload'> & Partial<Omit<Ipv4Packet, 'dst' | 'protocol' | 'payload'>>;

export interface SendOptions {
  /** Why the frame was sent, shown in the trace and the packet list. */
  why?: string;
  /** Called later if the next hop cannot be resolved (the socket's EHOSTUNREACH). */
  onError?: (error: 'EHOSTUNREACH') => void;
}

export interface Ipv4RxContext {
  host: NetHost;
  /** Interface the packet came in on ('lo' for local traffic). */
  iface: string;
  /** The destination is one of this host's addresses. */
  local: boolean;
  /** Ethernet source, when it came over a bridge. */
  srcMac?: Mac;
}

/** Return true when the packet was consumed. */
export type Ipv4Handler = (p: Ipv4Packet, ctx: Ipv4RxContext) => boolean;
export type InputFilter = (p: Ipv4Packet, ctx: Ipv4RxContext) => 'accept' | 'drop';

export interface ArpRequestContext {
  host: NetHost;
  iface: string;
  /** Ethernet destination of the request (broadcast, or this interface's MAC). */
  ethDst: Mac;
}
/** A user-space ARP answerer (MetalLB's speaker): the MAC to answer with, or null. */
export type ArpResponder = (targetIp: number, request: ArpPacket, ctx: ArpRequestContext) => Mac | null;
export interface ArpResponderOptions {
  /** Pad the reply to 60 bytes as user-space senders do (default true; false: the kernel's 42). */
  padded?: boolean;
  /** Why the reply is sent, for the trace; a function gets the requested (target) IP. */
  why?: string | ((targetIp: number) => string);
}

export interface NetHostOptions {
  /** Linux ip_forward (kind nodes: 1). */
  ipForward?: boolean;
  neigh?: Partial<NeighbourParams>;
  /** Show ::1 on lo and link-local addresses (the kind network has IPv6 enabled). */
  ipv6?: boolean;
  /** Emit neighbour state changes to the trace as notes (topic "neigh"). Default true. */
  traceNeigh?: boolean;
}

export interface BridgeAttachSpec {
  bridge: Bridge;
  ifname?: string;
  mac: Mac;
  ip: number;
  prefix: number;
  /** Adds `default via gateway dev ifname`. */
  gateway?: number;
  index?: number;
  peerIndex?: number;
  /** Port name on the bridge (the host-side veth); default "<host>/<ifname>". */
  portName?: string;
  mtu?: number;
  /** 'bridge' for the Docker host's own bridge device; default 'veth' (a container's eth0). */
  linkType?: 'veth' | 'bridge';
  /** false: a bridge with no port up yet (NO-CARRIER, and no IPv6 link-local address until one comes). */
  carrier?: boolean;
}

/** The Docker host's end of a container's veth (`vethXXXXXXX@ifN master br-…`). */
export interface PortAttachSpec {
  ifname: string;
  mac: Mac;
  /** The bridge device it is enslaved to. */
  master: string;
  /** ifindex of the container's end, in the container's namespace. */
  peerIndex: number;
  /** The container's namespace id as the host numbers it (`link-netnsid N`). */
  linkNetns: number;
  /** Whether the container's end is administratively up (this end's carrier). */
  peerUp: () => boolean;
}

export interface PtpAttachSpec {
  ifname: string;
  mac: Mac;
  index?: number;
  peerIndex?: number;
  linkNetns?: number | string;
  /** Where packets routed out of this interface go (the pod's namespace). */
  deliver: (p: Ipv4Packet) => void;
}
