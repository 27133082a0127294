/**
 * The lesson model. A lesson is content, not code: text in English and Korean, steps, and goals
 * that are plain data checked against the engine's state by `goals.ts`.
 */

/** One text in both languages. Markdown where the field says so. */
export type L10n = { en: string; ko: string };

export type Lang = keyof L10n;

/** The starting points `buildLab` knows (src/lib/shell/scenarios.ts). */
export type LessonScenario = 'empty' | 'kind' | 'l2' | 'bgp';

/** A picture the UI renders next to a step. */
export type StepFigure = 'topology' | 'election' | 'timeline' | 'packets' | 'chart' | 'failover';

/** Which Kubernetes service is meant: "svc1" or "namespace/svc1" style, split. */
export interface ServiceRef {
  service: string;
  /** Default "default". */
  namespace?: string;
}

/**
 * A goal's check: data, evaluated against engine state by `evaluateGoal` (never against what
 * the terminal printed). `commandRan` is the one that looks at what the learner typed.
 */
export type GoalCheck =
  // --- docker and kind
  | { type: 'clusterExists'; name: string }
  | { type: 'nodesReady'; count: number }
  | { type: 'containerState'; name: string; state: 'created' | 'running' | 'paused' | 'exited' | 'absent' }
  | { type: 'containerOnNetwork'; name: string; network: string; ip?: string }
  // --- Kubernetes objects
  | {
      type: 'podRunning';
      namespace?: string;
      /** A pod name, or… */
      name?: string;
      /** …a label selector, "k=v,k2=v2". */
      selector?: string;
      /** At least this many running and Ready pods (default 1). */
      count?: number;
    }
  | { type: 'objectExists'; resource: string; namespace?: string; name: string }
  | { type: 'nodeLabel'; node: string; key: string; present: boolean }
  | { type: 'nodeNotReady'; name: string }
  | ({ type: 'serviceExists'; serviceType?: 'ClusterIP' | 'NodePort' | 'LoadBalancer'; /** LoadBalancer still without an external IP. */ pending?: boolean } & ServiceRef)
  | ({ type: 'serviceHasExternalIP'; ip?: string } & ServiceRef)
  /** No ready endpoint of the service sits on the node (it is gone or marked not ready). */
  | ({ type: 'endpointsExclude'; node: string } & ServiceRef)
  // --- MetalLB
  | { type: 'metallbReady' }
  | { type: 'poolExists'; name: string; namespace?: string }
  | { type: 'l2AdvertisementExists'; name: string; namespace?: string; pool?: string }
  /** Some speaker announces the service's IP in layer 2 right now. */
  | ({ type: 'ownerKnown' } & ServiceRef)
  | ({ type: 'ownerIs'; node: string } & ServiceRef)
  /** The service has an external IP, yet no speaker announces it. */
  | ({ type: 'ownerNone' } & ServiceRef)
  /** Announced right now by a node other than `from`. */
  | ({ type: 'ownerChanged'; from: string } & ServiceRef)
  /** The service's `spec.externalTrafficPolicy` (unset counts as `Cluster`). */
  | ({ type: 'serviceTrafficPolicy'; policy: 'Cluster' | 'Local' } & ServiceRef)
  // --- BGP (the FRR router container of scenario `bgp`)
  /** How many of the router's bgpd neighbours are in state Established (at least `min`, at most `max`). */
  | { type: 'bgpSessionsEstablished'; router?: string; min?: number; max?: number }
  /**
   * The route zebra installed in the router's kernel for `prefix` (what bgpd selected, ECMP
   * included): exactly `count` next hops, and/or exactly the `kind` addresses of these nodes.
   */
  | { type: 'bgpRouteNextHops'; router?: string; prefix: string; count?: number; nodes?: string[] }
  /** The container's kernel hashes ECMP flows with this `net.ipv4.fib_multipath_hash_policy`. */
  | { type: 'multipathHashPolicy'; container: string; policy: number }
  // --- the wire
  /** The container's ARP cache maps the service's IP to the MAC of the node announcing it. */
  | ({ type: 'arpEntryIsOwner'; container: string } & ServiceRef)
  /** A gratuitous ARP for the service's IP crossed the `kind` network since the lesson began. */
  | ({ type: 'gratuitousArpSeen' } & ServiceRef)
  /**
   * HTTP answers to requests a client sent to the service from outside (the frames on the
   * `kind` network), since the lesson began.
   */
  | ({
      type: 'curlAnswered';
      /** How the client addressed it: the external IP (default), a node's IP and nodePort, or either. */
      via?: 'loadBalancer' | 'nodePort' | 'any';
      /** Only answers whose `Hostname:` (whoami) is this pod. */
      pod?: string;
      /** Only requests that entered the cluster at this node (where kube-proxy's DNAT ran). */
      entryNode?: string;
      /** Only requests sent after the first Kubernetes event with this reason (and object). */
      afterEvent?: { reason: string; object?: string };
      /** Only requests sent from this container's addresses (e.g. `client` behind the router). */
      from?: string;
      /** Only answers whose whoami `RemoteAddr:` has this IP (the source address the pod saw). */
      remoteAddr?: string;
      /** At least this many (default 1). */
      minCount?: number;
    } & ServiceRef)
  /** Requests to the service's external IP that were never answered, since the lesson began. */
  | ({ type: 'curlFailed'; minCount?: number } & ServiceRef)
  /**
   * The last `last` answered requests to the service's external IP (from `from`, if given)
   * entered the cluster through at least `min` and at most `max` distinct nodes (the router's
   * ECMP choice). Needs at least `last` such requests.
   */
  | ({ type: 'curlEntryNodes'; from?: string; last: number; min?: number; max?: number } & ServiceRef)
  /**
   * Requests to the service's external IP failed since the lesson began, and at least
   * `minCount` were sent after the last failure, all answered.
   */
  | ({ type: 'curlRecovered'; minCount: number } & ServiceRef)
  // --- combinators (still data)
  /** The inner check is not met (e.g. "the webhook refused the pool": it does not exist). */
  | { type: 'not'; check: GoalCheck }
  // --- what the learner typed
  | {
      type: 'commandRan';
      /** RegExp source, tested against each command line (a heredoc block is one command). */
      pattern: string;
      flags?: string;
      minCount?: number;
    };

export type GoalType = GoalCheck['type'];

export interface Goal {
  id: string;
  text: L10n;
  check: GoalCheck;
}

/**
 * A packet list's first filter: one of its "Show" choices (KIND_FILTERS in
 * src/lib/ui/viz/inspector/model.ts; StepFigure's prop type checks that they stay in step).
 */
export type PacketFilter = 'arp' | 'garp' | 'memberlist' | 'http' | 'icmp' | 'bgp' | 'other' | 'events';

export interface Step {
  id: string;
  title: L10n;
  /** Markdown: paragraphs, lists, inline code, fenced code blocks with the commands. */
  body: L10n;
  /** The command to try; a button puts it into the terminal. */
  command?: string;
  goals: Goal[];
  /** Shown one by one before the solution. */
  hints: L10n[];
  /** Commands typed by "show solution", in order. */
  solution: string[];
  figure?: StepFigure;
  /** With figure 'packets': what the packet list shows first (default everything); the learner can change it. */
  packetFilter?: PacketFilter;
}

export interface LessonSource {
  title: string;
  url?: string;
}

export interface Lesson {
  /** "NN-words", also the folder name. */
  slug: string;
  number: number;
  title: L10n;
  summary: L10n;
  scenario: LessonScenario;
  seed: number;
  /** Markdown. */
  intro: L10n;
  steps: Step[];
  sources?: LessonSource[];
}
