/**
 * MetalLB v0.14.8 custom resources (api/v1beta1/*_types.go, api/v1beta2/bgppeer_types.go) and
 * the parsed configuration (internal/config/config.go: Config, Pools, Pool, Peer, …).
 * Field names of the CRs follow their JSON names so stored objects can be read as they are.
 */
import type { KObject, LabelSelector, ObjectMeta } from '../../k8s/types';
import type { BGPCommunity } from './community';
import type { IPNet } from './cidr';
import type { IPAddr } from './ip';

export const METALLB_NAMESPACE = 'metallb-system';
export const METALLB_GROUP = 'metallb.io';

// ------------------------------------------------------------------ custom resources

export interface ServiceAllocationSpec {
  priority?: number;
  namespaces?: string[];
  namespaceSelectors?: LabelSelector[];
  serviceSelectors?: LabelSelector[];
}

/** Fields the schema calls required may still be absent in a stored object: all optional here. */
export interface IPAddressPool extends KObject {
  kind: 'IPAddressPool';
  spec?: {
    addresses?: string[];
    autoAssign?: boolean;
    avoidBuggyIPs?: boolean;
    serviceAllocation?: ServiceAllocationSpec;
  };
}

export interface L2Advertisement extends KObject {
  kind: 'L2Advertisement';
  spec?: {
    ipAddressPools?: string[];
    ipAddressPoolSelectors?: LabelSelector[];
    nodeSelectors?: LabelSelector[];
    interfaces?: string[];
  };
}

export interface BGPAdvertisement extends KObject {
  kind: 'BGPAdvertisement';
  spec?: {
    aggregationLength?: number;
    aggregationLengthV6?: number;
    localPref?: number;
    communities?: string[];
    ipAddressPools?: string[];
    ipAddressPoolSelectors?: LabelSelector[];
    nodeSelectors?: LabelSelector[];
    peers?: string[];
  };
}

/** BGPPeer in its storage version, metallb.io/v1beta2. Durations are Go duration strings. */
export interface BGPPeer extends KObject {
  kind: 'BGPPeer';
  spec?: {
    myASN?: number;
    peerASN?: number;
    peerAddress?: string;
    sourceAddress?: string;
    peerPort?: number;
    holdTime?: string;
    keepaliveTime?: string;
    connectTime?: string;
    routerID?: string;
    nodeSelectors?: LabelSelector[];
    password?: string;
    passwordSecret?: { name?: string; namespace?: string };
    bfdProfile?: string;
    enableGracefulRestart?: boolean;
    ebgpMultiHop?: boolean;
    vrf?: string;
    disableMP?: boolean;
  };
}

export interface Community extends KObject {
  kind: 'Community';
  spec?: { communities?: { name: string; value: string }[] };
}

export interface BFDProfile extends KObject {
  kind: 'BFDProfile';
  spec?: {
    receiveInterval?: number;
    transmitInterval?: number;
    detectMultiplier?: number;
    echoInterval?: number;
    echoMode?: boolean;
    passiveMode?: boolean;
    minimumTtl?: number;
  };
}

/** What config.For needs from nodes, namespaces and secrets. */
export interface LabelledObject {
  metadata: Pick<ObjectMeta, 'name'> & Partial<Pick<ObjectMeta, 'namespace' | 'labels'>>;
}
export interface SecretLike extends LabelledObject {
  type?: string;
  data?: Record<string, string>;
}

/** config.ClusterResources: the lists the parser reads (all optional, missing = empty). */
export interface ClusterResources {
  pools?: readonly IPAddressPool[];
  peers?: readonly BGPPeer[];
  bfdProfiles?: readonly BFDProfile[];
  bgpAdvs?: readonly BGPAdvertisement[];
  l2Advs?: readonly L2Advertisement[];
  communities?: readonly Community[];
  /** Secrets by name, for peers' passwordSecret. */
  passwordSecrets?: Readonly<Record<string, SecretLike>>;
  nodes?: readonly LabelledObject[];
  namespaces?: readonly LabelledObject[];
}

// ------------------------------------------------------------------ parsed configuration

export interface ServiceAllocation {
  priority: number;
  /** Listed namespaces plus those matched by namespaceSelectors at parse time. */
  namespaces: Set<string>;
  serviceSelectors: LabelSelector[];
}

export interface L2AdvertisementCfg {
  /** Node names selected when the config was built. */
  nodes: Set<string>;
  interfaces: string[];
  allInterfaces: boolean;
}

export interface BGPAdvertisementCfg {
  name: string;
  aggregationLength: number;
  aggregationLengthV6: number;
  localPref: number;
  /** Keyed by the community's String() form. */
  communities: Map<string, BGPCommunity>;
  nodes: Set<string>;
  /** Empty = all peers. */
  peers: string[];
}

export interface Pool {
  name: string;
  /** In spec order; each range summarised ascending. */
  cidrs: IPNet[];
  avoidBuggyIPs: boolean;
  autoAssign: boolean;
  bgpAdvertisements: BGPAdvertisementCfg[];
  l2Advertisements: L2AdvertisementCfg[];
  /** addresses entry → its CIDRs. */
  cidrsPerAddresses: Map<string, IPNet[]>;
  serviceAllocations: ServiceAllocation | null;
}

export interface Pools {
  /** A Go map upstream: callers that iterate it where MetalLB does must pick order with an Rng. */
  byName: Map<string, Pool>;
  byNamespace: Map<string, string[]>;
  /** Sorted names of pools with serviceSelectors. */
  byServiceSelector: string[];
}

export interface Peer {
  name: string;
  myASN: number;
  asn: number;
  addr: IPAddr;
  srcAddr: IPAddr | null;
  port: number;
  /** Nanoseconds. */
  holdTime: number;
  keepaliveTime: number;
  connectTime: number | null;
  routerID: IPAddr | null;
  /** Empty = every node (labels.Everything()). */
  nodeSelectors: LabelSelector[];
  password: string;
  bfdProfile: string;
  enableGracefulRestart: boolean;
  ebgpMultiHop: boolean;
  vrf: string;
  disableMP: boolean;
}

export interface BFDProfileCfg {
  name: string;
  receiveInterval: number | null;
  transmitInterval: number | null;
  detectMultiplier: number | null;
  echoInterval: number | null;
  echoMode: boolean;
  passiveMode: boolean;
  minimumTtl: number | null;
}

export interface Config {
  peers: Map<string, Peer>;
  pools: Pools;
  bfdProfiles: Map<string, BFDProfileCfg>;
}

export function emptyPools(): Pools {
  return { byName: new Map(), byNamespace: new Map(), byServiceSelector: [] };
}

// ------------------------------------------------------------------ errors

/**
 * A config error. `transient` marks config.TransientError (a reference to something that may
 * simply not exist yet), which errors.As would still find inside a joined error.
 */
export interface ConfigError {
  message: string;
  transient: boolean;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; err: ConfigError };

export function fail<T>(message: string, transient = false): Parsed<T> {
  return { ok: false, err: { message, transient } };
}

/** errors.Join(err, fmt.Errorf(outer)): the messages on two lines, transient-ness kept. */
export function joinErr<T>(err: ConfigError, outer: string): Parsed<T> {
  return { ok: false, err: { message: `${err.message}\n${outer}`, transient: err.transient } };
}
