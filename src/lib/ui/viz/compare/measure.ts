/**
 * Lesson 11's closing table, measured: the same failure (an advertising node killed with
 * SIGKILL) in layer 2 and in BGP mode, with requests sent once a second.
 *
 * - Layer 2 comes from a fresh lab built on demand (scenario `l2`, the lesson's seed): kill the
 *   node that announces svc1, curl the VIP from `mypc` once a second, and watch the trace for
 *   the new owner's first announcement.
 * - BGP comes from the learner's own lab: the last node kill in the trace, the router's session
 *   to it going down (the hold timer), and the requests the learner's loop sent since the kill.
 *
 * No UI here: the figure and a Node test both call these.
 */
import { Lab } from '../../../engine/lab';
import type { Service } from '../../../engine/k8s/types';
import { measureFailovers } from '../../../engine/observe/failover';
import { currentOwner } from '../../../engine/metallb/speaker/registry';
import { ROUTER_NAME } from '../../../engine/router/scenario';
import { L2_SETUP_SCRIPT } from '../../../shell/scenarios';
import { LabShell } from '../../../shell/shell';
import { yieldToEventLoop } from '../../../shell/streaming';
import { httpAttempts } from '../../../engine/observe/http-flows';
import { machineIndex } from '../../../engine/observe/machines';
import { firstAtOrAfterTime } from '../../../engine/observe/trace-range';
import { requestOutage } from '../../../engine/observe/outage';
import { parseIpv4 } from '../../../engine/net/addr';
import type { Attempt, OutageSummary } from './attempts';

export type { Attempt, OutageSummary };

export interface FailoverColumn {
  mode: 'l2' | 'bgp';
  seed: number;
  /** The node that was killed, and when (virtual ms). */
  node: string;
  killT: number;
  /**
   * When the cluster's side of the failover happened: in layer 2, another node's first
   * announcement of the IP (gratuitous ARP); in BGP, the router's session to the dead node
   * going down, which withdraws its next hop.
   */
  movedT?: number;
  /** Requests sent since the kill, in order, and what they add up to. */
  attempts: Attempt[];
  outage: OutageSummary;
}

export interface MeasureProgress {
  phase: 'build' | 'measure' | 'done';
  /** Requests sent so far, out of `total` (phase 'measure'). */
  done: number;
  total: number;
  /** The node killed (phases 'measure' and 'done'). */
  node?: string;
}

export interface L2MeasureOptions {
  seed: number;
  /** How many requests, one a second from the kill on (default 60). */
  requests?: number;
  service?: string;
  client?: string;
  onProgress?: (p: MeasureProgress) => void;
  /** Called between steps so a page stays responsive (default: yield to the event loop). */
  pause?: () => Promise<void>;
}

function externalIp(lab: Lab, service: string): string | undefined {
  const svc = lab.cluster()?.api.get<Service>('services', 'default', service);
  const st = svc?.status as { loadBalancer?: { ingress?: { ip?: string }[] } } | undefined;
  return st?.loadBalancer?.ingress?.[0]?.ip;
}

/** Let `ms` of virtual time pass a second at a time, pausing in between. */
async function advanceYielding(lab: Lab, ms: number, pause: () => Promise<void>): Promise<void> {
  let left = ms;
  while (left > 0) {
    const step = Math.min(left, 1_000);
    await lab.advance(step);
    left -= step;
    if (left > 0) await pause();
  }
}

/** `curl` with the lesson's options; true when whoami answered. */
async function request(shell: LabShell, client: string, ip: string): Promise<boolean> {
  const r = await shell.run(`docker exec ${client} curl -s --connect-timeout 1 -m 2 ${ip}`);
  return r.exitCode === 0 && /(?:^|\n)Hostname: /.test(r.stdout);
}

/** Build an `l2` lab, kill svc1's owner, and send a request a second from `mypc`. */
export async function measureL2Failover(opts: L2MeasureOptions): Promise<FailoverColumn> {
  const total = opts.requests ?? 60;
  const service = opts.service ?? 'svc1';
  const client = opts.client ?? 'mypc';
  const pause = opts.pause ?? yieldToEventLoop;
  const progress = (p: MeasureProgress): void => opts.onProgress?.(p);

  progress({ phase: 'build', done: 0, total });
  await pause();
  // scenario l2 as buildLab makes it (the article's commands typed into the learner's shell),
  // built here step by step so that a page gets the event loop back between commands and
  // during their waits, a virtual second at a time
  const lab = await Lab.create({ seed: opts.seed, scenario: 'kind' });
  const shell = new LabShell(lab, { advance: (ms) => advanceYielding(lab, ms, pause) });
  for (const cmd of L2_SETUP_SCRIPT) {
    await pause();
    const r = await shell.run(cmd);
    if (r.exitCode !== 0) throw new Error(`scenario l2: "${cmd.split('\n')[0]}" failed: ${r.stderr.trim()}`);
  }
  const c = lab.cluster();
  const owner = c ? currentOwner(c, `default/${service}`) : null;
  const ip = externalIp(lab, service);
  if (!owner || !ip) throw new Error(`scenario l2: ${service} has no owner or no external IP`);

  // a real client has talked to the service before: its ARP cache holds the owner's MAC
  await request(shell, client, ip);
  await lab.advance(1_000);

  const before = measureFailovers(lab).length;
  const kill = await shell.run(`docker stop ${owner} --signal 9`);
  if (kill.exitCode !== 0) throw new Error(`docker stop ${owner}: ${kill.stderr.trim()}`);
  const lost = measureFailovers(lab).slice(before).find((m) => m.vip === ip && m.lost.machine === owner);
  const killT = lost?.lost.t ?? lab.now();

  const attempts: Attempt[] = [];
  for (let i = 0; i < total; i++) {
    // one request a second from the kill on; a failed one takes its connect timeout out of the second
    const due = killT + i * 1_000;
    if (lab.now() < due) await lab.advance(due - lab.now());
    const t = lab.now();
    attempts.push({ t, ok: await request(shell, client, ip) });
    progress({ phase: 'measure', done: i + 1, total, node: owner });
    await pause();
  }

  const m = measureFailovers(lab).slice(before).find((x) => x.vip === ip && x.lost.machine === owner);
  progress({ phase: 'done', done: total, total, node: owner });
    // the outage as the wire saw it (SYN times); `attempts` keep what each curl reported
  return { mode: 'l2', seed: opts.seed, node: owner, killT, movedT: m?.newOwner?.t, attempts, outage: requestOutage(lab, { since: killT, vip: ip }) };
}

const NEIGHBOR_DOWN = /\bneighbor (\d+\.\d+\.\d+\.\d+) Down\b/;

/** The last kind node that exited in the lab's trace, and when. */
function lastNodeKill(lab: Lab): { node: string; t: number } | undefined {
  const nodes = new Set(lab.docker.containers().filter((x) => x.spec.role === 'kind-node').map((x) => x.name));
  const events = lab.sim.trace.ofType('container');
  for (let i = events.length - 1; i >= 0; i--) {
    const e = events[i];
    if (e.state === 'exited' && nodes.has(e.name)) return { node: e.name, t: e.t };
  }
  return undefined;
}

/** When the router's session to `ip` went down after `since` (bgpd's own log line in the trace). */
function sessionDownAfter(lab: Lab, ip: string, since: number, router = ROUTER_NAME): number | undefined {
  for (const e of lab.sim.trace.ofType('note')) {
    if (e.topic !== 'bgp' || e.t < since || !e.text.startsWith(`${router} `)) continue;
    if (NEIGHBOR_DOWN.exec(e.text)?.[1] === ip) return e.t;
  }
  return undefined;
}

/**
 * The learner's BGP failover, read from their lab: the last node kill, the router dropping
 * that node's session, and every request to the VIP since the kill (one that never got an HTTP
 * answer failed: read it once the requests are over). Undefined before a node was killed.
 */
export function readBgpFailover(lab: Lab, opts: { seed: number; vip: string; port?: number }): FailoverColumn | undefined {
  const kill = lastNodeKill(lab);
  if (!kill) return undefined;
  const ip = lab.cluster()?.nodeIP(kill.node);
  const port = opts.port ?? 80;
  // every client connection from the kill on, seen on whichever bridge it crossed first (the
  // `clients` network for `client`): a request the router sends to a dead next hop may never
  // reach the `kind` network at all once the router's ARP entry for it has failed
  const events = lab.sim.trace.all();
  const vip = parseIpv4(opts.vip);
  const want = vip === null ? '' : `>${vip >>> 0}:${port}`;
  const attempts = httpAttempts(events, firstAtOrAfterTime(events, kill.t), { vips: new Set([opts.vip]), idx: machineIndex(lab) })
    .filter((a) => a.key.endsWith(want))
    .map((a) => ({ t: a.t, ok: a.answered }));
  return {
    mode: 'bgp',
    seed: opts.seed,
    node: kill.node,
    killT: kill.t,
    movedT: ip ? sessionDownAfter(lab, ip, kill.t) : undefined,
    attempts,
    outage: requestOutage(lab, { since: kill.t, vip: opts.vip })
  };
}
