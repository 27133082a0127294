/**
 * Goal checks against the engine's state. Goals are data (`GoalCheck` in types.ts); this file
 * is the one interpreter. Nothing here reads what the terminal printed: objects come from the
 * API server's store, owners from the running speakers, containers from the Docker engine, and
 * requests and ARP from the frames on the `kind` network (the journal).
 *
 * How a lesson player uses it:
 *
 *   const lab = await buildLab({ scenario: lesson.scenario, seed: lesson.seed });
 *   trackLesson(lab);                                   // journal.ts: follow the trace from now on
 *   …after each command (or on a timer while virtual time runs):
 *   const result = await evaluateLesson(lesson, lab);   // every goal, as the lab is now
 *   reached = latchProgress(reached, result);           // reached goals stay reached (save these keys)
 *   const todo = await missingGoals(lesson, lab, reached);
 */
import type { Lab } from '../lib/engine/lab';
import type { KindCluster } from '../lib/engine/k8s/cluster';
import type { EndpointSlice, KObject, Node, Pod, Service } from '../lib/engine/k8s/types';
import { formatCidr, formatIpv4, parseCidr, parseIpv4 } from '../lib/engine/net/addr';
import { currentOwner } from '../lib/engine/metallb/speaker/registry';
import { routerOf } from '../lib/engine/router/router';
import { ROUTER_NAME } from '../lib/engine/router/scenario';
import { KIND_NETWORK } from '../lib/engine/k8s/cluster';
import { L2_SETUP_SCRIPT } from '../lib/shell/scenarios';
import { type ConnRecord, type Journal, journalOf } from './journal';
import { entryNodesOfLast, recoveredAfterFailures } from './goals-traffic';
import type { GoalCheck, L10n, Lesson, LessonScenario, ServiceRef } from './types';

export const METALLB_NAMESPACE = 'metallb-system';
const ENDPOINTSLICES = 'endpointslices.discovery.k8s.io';
const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';
/** A request with no answer after this long counts as failed. */
export const CURL_FAILED_AFTER_MS = 3_000;

export interface GoalContext {
  /**
   * The scenario the lab was built from. For `l2`, the commands `buildLab` typed to set the
   * scenario up are not the learner's. Unset: recognised by their text.
   */
  scenario?: LessonScenario;
}

// ------------------------------------------------------------------ helpers

function cluster(lab: Lab): KindCluster | undefined {
  return lab.cluster();
}

function ns(r: ServiceRef): string {
  return r.namespace ?? 'default';
}

function serviceOf(lab: Lab, r: ServiceRef): Service | undefined {
  return cluster(lab)?.api.get<Service>('services', ns(r), r.service);
}

function ingressIPs(svc: Service | undefined): string[] {
  const st = svc?.status as { loadBalancer?: { ingress?: { ip?: string }[] } } | undefined;
  return (st?.loadBalancer?.ingress ?? []).map((i) => i.ip ?? '').filter((ip) => ip !== '');
}

function condition(obj: { status?: { conditions?: { type: string; status: string }[] } }, type: string): string | undefined {
  return obj.status?.conditions?.find((c) => c.type === type)?.status;
}

function podReady(p: Pod): boolean {
  return p.status?.phase === 'Running' && condition(p, 'Ready') === 'True' && !p.metadata.deletionTimestamp;
}

/** "k=v,k2=v2,k3" (equality and existence), the subset of label selectors goals use. */
export function matchesSelector(labels: Record<string, string> | undefined, selector: string): boolean {
  const l = labels ?? {};
  for (const part of selector.split(',').map((s) => s.trim()).filter((s) => s !== '')) {
    const eq = part.indexOf('=');
    if (eq < 0) {
      if (!(part in l)) return false;
      continue;
    }
    const k = part.slice(0, eq).replace(/=$/, '').trim();
    const v = part.slice(eq + 1).replace(/^=/, '').trim();
    if (l[k] !== v) return false;
  }
  return true;
}

function macOn(lab: Lab, container: string, network: string): string | undefined {
  return lab.docker.find(container)?.endpoints.find((e) => e.network === network)?.mac.toLowerCase();
}

/**
 * Where the learner's part of the trace begins. In scenario `l2` the trace starts with the
 * commands `buildLab` typed (and whatever they set off); the learner's part starts at the first
 * command after them. Elsewhere it starts at the beginning.
 */
export function learnerBaseline(j: Journal, scenario?: LessonScenario): number {
  if (scenario === 'empty' || scenario === 'kind' || scenario === 'bgp') return 0;
  const n = L2_SETUP_SCRIPT.length;
  const isSetup = j.commands.length >= n && L2_SETUP_SCRIPT.every((c, i) => j.commands[i].line === c);
  if (!isSetup) return 0;
  const first = j.commands[n];
  return first ? first.seq : Number.POSITIVE_INFINITY;
}

function learnerCommands(j: Journal, scenario?: LessonScenario): string[] {
  const base = learnerBaseline(j, scenario);
  return j.commands.filter((c) => c.seq >= base).map((c) => c.line);
}

/** The service's addresses as a client outside the cluster would use them. */
function serviceTargets(lab: Lab, svc: Service, via: 'loadBalancer' | 'nodePort' | 'any'): Set<string> {
  const out = new Set<string>();
  const ports = svc.spec.ports ?? [];
  if (via !== 'nodePort') for (const ip of ingressIPs(svc)) for (const p of ports) out.add(`${ip}:${p.port}`);
  if (via !== 'loadBalancer') {
    const c = cluster(lab);
    const nodeIPs = c ? c.nodes.map((n) => c.nodeIP(n.name)).filter((ip): ip is string => ip !== undefined) : [];
    for (const ip of nodeIPs) for (const p of ports) if (p.nodePort) out.add(`${ip}:${p.nodePort}`);
  }
  return out;
}

function connsTo(lab: Lab, j: Journal, r: ServiceRef, via: 'loadBalancer' | 'nodePort' | 'any', since: number): ConnRecord[] {
  const svc = serviceOf(lab, r);
  if (!svc) return [];
  const targets = serviceTargets(lab, svc, via);
  return j.conns.filter((c) => c.seq >= since && targets.has(`${c.dst}:${c.dstPort}`));
}

/** Every address a container has (on any network); empty when it does not exist. */
function addressesOf(lab: Lab, container: string): Set<string> {
  return new Set((lab.docker.find(container)?.endpoints ?? []).map((e) => e.ipv4));
}

/** The IP of whoami's `RemoteAddr:` ("ip:port"). */
function remoteIp(addr: string | undefined): string | undefined {
  return addr?.replace(/:\d+$/, '');
}

function afterEventSeq(j: Journal, ev: { reason: string; object?: string }, since: number): number | null {
  const hit = j.events.find((e) => e.seq >= since && e.reason === ev.reason && (ev.object === undefined || e.object === ev.object));
  return hit ? hit.seq : null;
}

function serviceSlices(c: KindCluster, r: ServiceRef): EndpointSlice[] {
  return c.api.list<EndpointSlice>(ENDPOINTSLICES, ns(r)).filter((s) => s.metadata.labels?.[SERVICE_NAME_LABEL] === r.service);
}

/** The router's bgpd, if the container runs FRR and its daemons are up. */
function bgpdOf(lab: Lab, router?: string) {
  const d = routerOf(lab.docker, router ?? ROUTER_NAME)?.bgpd;
  return d && d.running ? d : undefined;
}

/** The next hops zebra installed for a prefix ("a.b.c.d/n"), as dotted quads, sorted. */
export function installedNextHops(lab: Lab, prefix: string, router?: string): string[] | undefined {
  const d = bgpdOf(lab, router);
  const p = parseCidr(prefix.includes('/') ? prefix : `${prefix}/32`);
  if (!d || !p) return undefined;
  const r = d.zebra.bgp.get(formatCidr(p));
  return r ? r.nexthops.map(formatIpv4).sort() : undefined;
}

/** How many of the router's neighbours are Established. */
export function establishedSessions(lab: Lab, router?: string): number {
  const d = bgpdOf(lab, router);
  if (!d?.speaker) return 0;
  let n = 0;
  for (const nb of d.speaker.neighbors.values()) if (nb.session.state === 'Established') n++;
  return n;
}

// ------------------------------------------------------------------ the interpreter

/** Is the goal reached in the lab's current state? */
export async function evaluateGoal(check: GoalCheck, lab: Lab, ctx: GoalContext = {}): Promise<boolean> {
  const c = cluster(lab);
  switch (check.type) {
    case 'clusterExists':
      return lab.kind.get(check.name) !== undefined;

    case 'nodesReady':
      if (!c) return false;
      return c.api.list<Node>('nodes').filter((n) => condition(n, 'Ready') === 'True').length >= check.count;

    case 'containerState': {
      const ct = lab.docker.find(check.name);
      return check.state === 'absent' ? ct === undefined : ct?.state === check.state;
    }

    case 'containerOnNetwork': {
      const ep = lab.docker.find(check.name)?.endpoints.find((e) => e.network === check.network);
      return ep !== undefined && (check.ip === undefined || ep.ipv4 === check.ip);
    }

    case 'podRunning': {
      if (!c) return false;
      const pods = c.api.list<Pod>('pods', check.namespace ?? 'default').filter((p) => {
        if (check.name !== undefined && p.metadata.name !== check.name) return false;
        if (check.selector !== undefined && !matchesSelector(p.metadata.labels, check.selector)) return false;
        return true;
      });
      return pods.filter(podReady).length >= (check.count ?? 1);
    }

    case 'objectExists': {
      if (!c) return false;
      const r = c.api.resolve(check.resource);
      const id = r ? (r.group ? `${r.plural}.${r.group}` : r.plural) : check.resource;
      return c.api.get<KObject>(id, r && !r.namespaced ? undefined : check.namespace, check.name) !== undefined;
    }

    case 'nodeLabel': {
      const n = c?.api.get<Node>('nodes', undefined, check.node);
      if (!n) return false;
      return (check.key in (n.metadata.labels ?? {})) === check.present;
    }

    case 'nodeNotReady': {
      const n = c?.api.get<Node>('nodes', undefined, check.name);
      return n !== undefined && condition(n, 'Ready') !== 'True';
    }

    case 'serviceExists': {
      const svc = serviceOf(lab, check);
      if (!svc) return false;
      if (check.serviceType !== undefined && (svc.spec.type ?? 'ClusterIP') !== check.serviceType) return false;
      if (check.pending !== undefined && (svc.spec.type === 'LoadBalancer' && ingressIPs(svc).length === 0) !== check.pending) return false;
      return true;
    }

    case 'serviceHasExternalIP': {
      const ips = ingressIPs(serviceOf(lab, check));
      return check.ip === undefined ? ips.length > 0 : ips.includes(check.ip);
    }

    case 'endpointsExclude': {
      if (!c || !serviceOf(lab, check)) return false;
      const slices = serviceSlices(c, check);
      if (slices.length === 0) return false;
      return !slices.some((s) => s.endpoints.some((e) => e.nodeName === check.node && e.conditions.ready !== false));
    }

    case 'serviceTrafficPolicy': {
      const svc = serviceOf(lab, check);
      if (!svc) return false;
      const etp = svc.spec.externalTrafficPolicy ?? 'Cluster';
      return etp === check.policy;
    }

    case 'bgpSessionsEstablished': {
      if (!bgpdOf(lab, check.router)) return false;
      const n = establishedSessions(lab, check.router);
      return n >= (check.min ?? 1) && (check.max === undefined || n <= check.max);
    }

    case 'multipathHashPolicy': {
      const c = lab.docker.find(check.container);
      const ns = c && c.state === 'running' ? lab.docker.netnsOf(c.id) : undefined;
      return !!ns && ns.routes.multipathHashPolicy === check.policy;
    }

    case 'bgpRouteNextHops': {
      const nhs = installedNextHops(lab, check.prefix, check.router);
      if (!nhs) return false;
      if (check.count !== undefined && nhs.length !== check.count) return false;
      if (check.nodes !== undefined) {
        const want = check.nodes.map((n) => lab.docker.find(n)?.endpoints.find((e) => e.network === KIND_NETWORK)?.ipv4);
        if (want.some((ip) => ip === undefined)) return false;
        const w = [...new Set(want as string[])].sort();
        if (w.length !== nhs.length || w.some((ip, i) => ip !== nhs[i])) return false;
      }
      return true;
    }

    case 'metallbReady': {
      if (!c) return false;
      const pods = c.api.list<Pod>('pods', METALLB_NAMESPACE);
      const controller = pods.filter((p) => p.metadata.labels?.component === 'controller' && podReady(p));
      const speakers = pods.filter((p) => p.metadata.labels?.component === 'speaker' && podReady(p));
      return controller.length >= 1 && speakers.length >= c.nodes.length;
    }

    case 'poolExists':
      return c?.api.get('ipaddresspools.metallb.io', check.namespace ?? METALLB_NAMESPACE, check.name) !== undefined;

    case 'l2AdvertisementExists': {
      const adv = c?.api.get<KObject & { spec?: { ipAddressPools?: string[] } }>('l2advertisements.metallb.io', check.namespace ?? METALLB_NAMESPACE, check.name);
      if (!adv) return false;
      return check.pool === undefined || (adv.spec?.ipAddressPools ?? []).includes(check.pool);
    }

    case 'ownerKnown':
      return c !== undefined && currentOwner(c, `${ns(check)}/${check.service}`) !== null;

    case 'ownerIs':
      return c !== undefined && currentOwner(c, `${ns(check)}/${check.service}`) === check.node;

    case 'ownerNone':
      return c !== undefined && ingressIPs(serviceOf(lab, check)).length > 0 && currentOwner(c, `${ns(check)}/${check.service}`) === null;

    case 'ownerChanged': {
      if (!c) return false;
      const owner = currentOwner(c, `${ns(check)}/${check.service}`);
      return owner !== null && owner !== check.from;
    }

    case 'arpEntryIsOwner': {
      if (!c) return false;
      const owner = currentOwner(c, `${ns(check)}/${check.service}`);
      const ip = ingressIPs(serviceOf(lab, check))[0];
      const host = lab.docker.netnsOf(check.container);
      if (!owner || ip === undefined || !host) return false;
      const want = macOn(lab, owner, 'kind');
      const n = parseIpv4(ip);
      if (!want || n === null) return false;
      return host.interfaces().some((i) => {
        const e = host.neighbours(i.name)?.get(n);
        return e !== undefined && e.mac !== null && e.state !== 'FAILED' && e.state !== 'INCOMPLETE' && e.mac.toLowerCase() === want;
      });
    }

    case 'gratuitousArpSeen': {
      const j = journalOf(lab);
      const base = learnerBaseline(j, ctx.scenario);
      const ips = new Set(ingressIPs(serviceOf(lab, check)));
      return j.gratuitous.some((g) => g.seq >= base && ips.has(g.ip));
    }

    case 'curlAnswered': {
      const j = journalOf(lab);
      let since = learnerBaseline(j, ctx.scenario);
      if (check.afterEvent) {
        const s = afterEventSeq(j, check.afterEvent, since);
        if (s === null) return false;
        since = s;
      }
      const from = check.from === undefined ? undefined : addressesOf(lab, check.from);
      const answered = connsTo(lab, j, check, check.via ?? 'loadBalancer', since).filter(
        (x) =>
          x.answer !== null &&
          (from === undefined || from.has(x.client)) &&
          (check.remoteAddr === undefined || remoteIp(x.answer.remoteAddr) === check.remoteAddr) &&
          x.answer.status < 500 &&
          (check.pod === undefined || x.answer.hostname === check.pod) &&
          (check.entryNode === undefined || x.entryNode === check.entryNode)
      );
      return answered.length >= (check.minCount ?? 1);
    }

    case 'curlFailed': {
      const j = journalOf(lab);
      const since = learnerBaseline(j, ctx.scenario);
      const now = lab.now();
      const failed = connsTo(lab, j, check, 'loadBalancer', since).filter((x) => x.answer === null && now - x.t >= CURL_FAILED_AFTER_MS);
      return failed.length >= (check.minCount ?? 1);
    }

    case 'curlEntryNodes': {
      const j = journalOf(lab);
      const from = check.from === undefined ? undefined : addressesOf(lab, check.from);
      const conns = connsTo(lab, j, check, 'loadBalancer', learnerBaseline(j, ctx.scenario)).filter((x) => from === undefined || from.has(x.client));
      const n = entryNodesOfLast(conns, check.last);
      return n !== null && n >= (check.min ?? 1) && (check.max === undefined || n <= check.max);
    }

    case 'curlRecovered': {
      const j = journalOf(lab);
      const conns = connsTo(lab, j, check, 'loadBalancer', learnerBaseline(j, ctx.scenario));
      return recoveredAfterFailures(conns, lab.now(), CURL_FAILED_AFTER_MS, check.minCount);
    }

    case 'not':
      return !(await evaluateGoal(check.check, lab, ctx));

    case 'commandRan': {
      let re: RegExp;
      try {
        re = new RegExp(check.pattern, check.flags ?? '');
      } catch {
        return false;
      }
      const lines = learnerCommands(journalOf(lab), ctx.scenario);
      return lines.filter((l) => re.test(l)).length >= (check.minCount ?? 1);
    }
  }
}

// ------------------------------------------------------------------ lessons

export interface GoalResult {
  id: string;
  done: boolean;
}

export interface StepResult {
  id: string;
  done: boolean;
  goals: GoalResult[];
}

export interface LessonResult {
  slug: string;
  done: boolean;
  steps: StepResult[];
}

export interface MissingGoal {
  stepId: string;
  goalId: string;
  text: L10n;
}

/** Every goal of every step, evaluated against the lab as it is now. */
export async function evaluateLesson(lesson: Lesson, lab: Lab): Promise<LessonResult> {
  const ctx: GoalContext = { scenario: lesson.scenario };
  const steps: StepResult[] = [];
  for (const step of lesson.steps) {
    const goals: GoalResult[] = [];
    for (const g of step.goals) goals.push({ id: g.id, done: await evaluateGoal(g.check, lab, ctx) });
    steps.push({ id: step.id, done: goals.every((g) => g.done), goals });
  }
  return { slug: lesson.slug, done: steps.every((s) => s.done), steps };
}

/** One step's goals. */
export async function evaluateStep(lesson: Lesson, stepId: string, lab: Lab): Promise<StepResult | null> {
  const step = lesson.steps.find((s) => s.id === stepId);
  if (!step) return null;
  const ctx: GoalContext = { scenario: lesson.scenario };
  const goals: GoalResult[] = [];
  for (const g of step.goals) goals.push({ id: g.id, done: await evaluateGoal(g.check, lab, ctx) });
  return { id: step.id, done: goals.every((g) => g.done), goals };
}

/** What is still missing, in lesson order (the live checklist). */
export async function missingGoals(lesson: Lesson, lab: Lab, reached: ReadonlySet<string> = new Set()): Promise<MissingGoal[]> {
  const r = await evaluateLesson(lesson, lab);
  const out: MissingGoal[] = [];
  for (const [i, s] of r.steps.entries()) {
    const step = lesson.steps[i];
    for (const [k, g] of s.goals.entries()) {
      if (g.done || reached.has(goalKey(s.id, g.id))) continue;
      out.push({ stepId: s.id, goalId: g.id, text: step.goals[k].text });
    }
  }
  return out;
}

/** The key progress is saved under: "stepId/goalId". */
export function goalKey(stepId: string, goalId: string): string {
  return `${stepId}/${goalId}`;
}

/**
 * Progress latches: a goal once reached stays reached (a later step may undo the state an
 * earlier goal looked at, e.g. the owner moves away again). Returns the new set of reached keys.
 */
export function latchProgress(reached: ReadonlySet<string>, result: LessonResult): Set<string> {
  const out = new Set(reached);
  for (const s of result.steps) for (const g of s.goals) if (g.done) out.add(goalKey(s.id, g.id));
  return out;
}
