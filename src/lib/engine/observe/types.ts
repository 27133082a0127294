/**
 * What the pictures show, as plain data read off a running Lab: the topology (nodes, their
 * state, pods, speakers' memberlist views, VIP owners), the timeline (events on one time axis),
 * the frames on the wire (kind, endpoints, decoded fields, bytes, why), the failover stopwatch
 * and the request-loop tally. The UI (src/lib/ui/viz/) draws these; it never reaches into the
 * engine itself, so the views and the tests agree on one reading of the state.
 *
 * Everything here is serialisable data (no class instances, no functions) so fixtures can be
 * written by hand for component tests.
 */

// ------------------------------------------------------------------ topology

/** A container's or node's state as a learner would name it. */
export type MachineState =
  /** Kubernetes node whose Ready condition is True. */
  | 'Ready'
  /** Kubernetes node whose Ready condition is False or Unknown (container still running). */
  | 'NotReady'
  /** Container exited (docker stop / kill). */
  | 'stopped'
  /** Container paused (docker pause). */
  | 'paused'
  /** Container running but not a node, or a node not registered yet. */
  | 'running';

export type MachineRole = 'control-plane' | 'worker' | 'client' | 'router';

/** How a speaker sees one member of the memberlist cluster. */
export type MemberState = 'alive' | 'suspect' | 'dead' | 'left';

export interface ViewPod {
  namespace: string;
  name: string;
  /** Pod IP, or '' before one is assigned. */
  ip: string;
  /** Kubectl's STATUS column (Running, ContainerCreating, Terminating, …). */
  phase: string;
  ready: boolean;
  /** The `app` label, if any (webpod, speaker, controller, …): used for colours. */
  app?: string;
  hostNetwork: boolean;
}

export interface ViewSpeaker {
  /** The speaker pod's name. */
  pod: string;
  running: boolean;
  /** This speaker's memberlist view of every member it knows, sorted by name. */
  members: { name: string; state: MemberState }[];
}

export interface ViewMachine {
  /** Docker container name (myk8s-worker, mypc, router). Unique: used as the key everywhere. */
  name: string;
  role: MachineRole;
  state: MachineState;
  /** IPv4 on the `kind` network ('' when not attached), and its MAC (aa:bb:… lower case). */
  ip: string;
  mac: string;
  /** Pods scheduled to this node (Kubernetes nodes only), sorted by namespace then name. */
  pods: ViewPod[];
  /** MetalLB's speaker on this node, if one runs or ran. */
  speaker?: ViewSpeaker;
  /** VIPs this machine answers ARP for right now (it is their layer-2 owner). */
  owns: string[];
  /** Carries `node.kubernetes.io/exclude-from-external-load-balancers`. */
  excluded: boolean;
}

export interface ViewVip {
  ip: string;
  /** Services using the IP, "namespace/name", sorted. */
  services: string[];
  /** Machine answering ARP for it, or null (none yet, or after the owner died). */
  owner: string | null;
  /** Every machine answering for it (more than one only in a split brain). */
  announcers: string[];
  /** Gratuitous ARP burst running right now. */
  bursting: boolean;
}

export interface WorldView {
  /** Virtual time of the reading, ms. */
  now: number;
  network: { name: string; subnet: string; gateway: string } | null;
  /** Docker containers on the `kind` network, control-plane first, then workers, then others. */
  machines: ViewMachine[];
  vips: ViewVip[];
}

// ------------------------------------------------------------------ frames

export type FrameKind =
  | 'arp-request'
  | 'arp-reply'
  /** Gratuitous ARP (request or reply with sender IP = target IP). */
  | 'garp'
  /** UDP or TCP to/from port 7946. */
  | 'memberlist'
  /** TCP carrying HTTP (port 80 / NodePorts / 8080), including the handshake. */
  | 'http'
  /** TCP/179. */
  | 'bgp'
  | 'icmp'
  | 'tcp'
  | 'udp'
  | 'other';

export interface FrameEnd {
  mac: string;
  ip?: string;
  port?: number;
  /** The machine owning that MAC, when one does (broadcast: undefined). */
  machine?: string;
}

/** One decoded field of a frame, for the inspector. Offsets index into FrameRecord.bytes. */
export interface FrameField {
  name: string;
  value: string;
  offset: number;
  length: number;
}

export interface FrameLayer {
  /** 'Ethernet II', 'ARP', 'IPv4', 'TCP', 'UDP', 'ICMP', 'HTTP', 'BGP', 'Data'. */
  name: string;
  /** One-line description of this layer, as Wireshark's tree heading would give it. */
  summary: string;
  fields: FrameField[];
}

export interface FrameRecord {
  /** Trace sequence number (unique, increasing). */
  seq: number;
  /** Virtual time, ms. */
  t: number;
  /** Bridge the frame crossed ('kind', …). */
  segment: string;
  kind: FrameKind;
  src: FrameEnd;
  dst: FrameEnd;
  /** tcpdump-style one-liner (the trace's summary). */
  summary: string;
  /** Why the frame was sent, when the engine knows (gratuitous ARP after an election, …). */
  why?: string;
  bytes: Uint8Array;
}

// ------------------------------------------------------------------ timeline

export type TimelineKind =
  /** A command the learner ran (or a topology action, which runs one). */
  | 'command'
  | 'k8s-event'
  /** Memberlist joins, suspicions, deaths, leaves. */
  | 'memberlist'
  /** Layer-2 election results (a node starts or stops announcing a VIP). */
  | 'election'
  /** A burst of gratuitous ARPs for one VIP (one entry per burst, not per frame). */
  | 'arp-burst'
  /** Node conditions (Ready/NotReady) and container lifecycle (stopped/started/paused). */
  | 'node'
  /** BGP sessions up and down (with why), UPDATE bursts, the router's next-hop set per prefix. */
  | 'bgp';

export interface TimelineEntry {
  seq: number;
  t: number;
  kind: TimelineKind;
  /** One line for a learner ("myk8s-worker2 now announces 172.18.255.200 (default/svc1)"). */
  text: string;
  /** The machine it is about, when there is one (for highlighting in the topology). */
  machine?: string;
  /** The VIP it is about, when there is one. */
  vip?: string;
}

// ------------------------------------------------------------------ stopwatch

/**
 * The failover stopwatch, in virtual time: from a VIP owner's death (the container killed,
 * stopped or paused) to the first HTTP answer served to the client through the new owner.
 */
export interface FailoverMeasure {
  vip: string;
  /** The owner that went away and when. */
  lost: { machine: string; t: number; how: 'killed' | 'stopped' | 'paused' };
  /** When another machine started announcing the VIP, and which. */
  newOwner?: { machine: string; t: number };
  /** First HTTP response that reached the client through the new owner. */
  firstAnswer?: { t: number };
  /** firstAnswer.t - lost.t when both are known. */
  durationMs?: number;
  /** newOwner.t - lost.t (memberlist's share). */
  ownerMovedMs?: number;
  /**
   * What was timed: 'l2' (the VIP's ARP owner moved: newOwner, firstAnswer) or 'bgp' (the router
   * stopped routing the VIP through the lost node: sessionDown, routeDropped). Absent means 'l2'.
   */
  mode?: 'l2' | 'bgp';
  /** BGP: the router's session with the lost node went down: when, on which machine, and why (FRR's reset reason). */
  sessionDown?: { t: number; by: string; reason: string };
  /** sessionDown.t - lost.t. */
  sessionDownMs?: number;
  /** BGP: the router's route to the VIP stopped using the lost node: when, and the next hops left (none: no route). */
  routeDropped?: { t: number; via: string[] };
  /** routeDropped.t - lost.t. */
  routeDroppedMs?: number;
}

// ------------------------------------------------------------------ charts

/** Who answered a request loop: whoami's `Hostname:` lines counted per pod, in order seen. */
export interface AnswerTally {
  /** The command line the tally came from. */
  command: string;
  counts: { hostname: string; count: number }[];
  /** Requests without an answer (timeouts, refused). */
  failed: number;
}

// ------------------------------------------------------------------ BGP mode, other networks

/** RFC 4271 §8.2.2 session states, as `show ip bgp summary` names them. */
export type ViewBgpState = 'Idle' | 'Connect' | 'Active' | 'OpenSent' | 'OpenConfirm' | 'Established';

/** One neighbour of a router's BGP instance. */
export interface ViewBgpSession {
  /** The neighbour's IP as configured. */
  peer: string;
  /** The container holding that IP, or null (a configured neighbour nobody has). */
  node: string | null;
  state: ViewBgpState;
  /** `neighbor … shutdown` (FRR shows "Idle (Admin)"). */
  adminDown: boolean;
  /** Virtual ms: when it came up (Established), else when it last went down; null = never up. */
  since: number | null;
}

/** A route bgpd selected and zebra installed: where the router sends a prefix. */
export interface ViewBgpRoute {
  /** "172.18.255.200/32". */
  prefix: string;
  /** The prefix's address ("172.18.255.200"): the VIP for a /32. */
  ip: string;
  /** Next hops by address, sorted as zebra sorts them. */
  nextHops: string[];
  /** The machine of each next hop (the address itself when no container holds it), same order. */
  nodes: string[];
}

/** An FRR router container and its BGP view. */
export interface ViewRouter {
  name: string;
  /** `router bgp ASN`, or null when no instance is configured. */
  asn: number | null;
  /** Container up and its daemons running. */
  running: boolean;
  /** Configured neighbours, by address. */
  sessions: ViewBgpSession[];
  /** Installed BGP routes, by prefix address. */
  routes: ViewBgpRoute[];
}

/** A docker network other than `kind` and who is on it. */
export interface ViewNetwork {
  name: string;
  subnet: string;
  gateway: string;
  /** Containers on this network and not on `kind` (their ip/mac are this network's). */
  machines: ViewMachine[];
  /** Containers on both this network and `kind` (the router), with their address here. */
  bridges: { name: string; ip: string; mac: string }[];
}

export interface BgpWorldView {
  routers: ViewRouter[];
  networks: ViewNetwork[];
}

// Declaration merging: the BGP part is present only when a router or another network exists,
// so worlds without them read exactly as before.
export interface WorldView {
  bgp?: BgpWorldView;
}
