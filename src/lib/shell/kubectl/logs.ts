import { parseSelector } from '../../engine/k8s/labels';
import type { LogLine } from '../../engine/k8s/logs';
import type { Pod } from '../../engine/k8s/types';
import type { CommandResult } from '../types';
import { type Invocation, type Session, type Verb, isResult, openSession } from './context';
import { type KubectlError, Output, apiErr, failWith, plain, serverError, usageError } from './errors';
import type { FlagSpec } from './flags';
import { resolveType } from './resolve';

const FLAGS: FlagSpec[] = [
  { name: 'follow', short: 'f', type: 'bool' },
  { name: 'container', short: 'c', type: 'string' },
  { name: 'tail', type: 'int', def: -1 },
  { name: 'timestamps', type: 'bool' },
  { name: 'previous', short: 'p', type: 'bool' },
  { name: 'selector', short: 'l', type: 'string' },
  { name: 'prefix', type: 'bool' },
  { name: 'all-containers', type: 'bool' },
  { name: 'all-pods', type: 'bool' },
  { name: 'since', type: 'duration' },
  { name: 'since-time', type: 'string' },
  { name: 'limit-bytes', type: 'int' },
  { name: 'max-log-requests', type: 'int', def: 5 },
  { name: 'pod-running-timeout', type: 'duration' },
  { name: 'ignore-errors', type: 'bool' },
  { name: 'insecure-skip-tls-verify-backend', type: 'bool' }
];

/** How long `logs -f` follows in virtual time before returning (the terminal streams until Ctrl-C). */
const FOLLOW_MS = 5_000;
/** The API server gives up reaching a kubelet whose node vanished from the bridge after ~3 s. */
const NO_ROUTE_MS = 3_000;

const USAGE = "expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\nPOD or TYPE/NAME is a required argument for the logs command";

/** RFC3339Nano with the nanoseconds a container runtime would record (trailing zeros trimmed). */
function timestamp(s: Session, l: LogLine, idx: number): string {
  const iso = s.sh.lab.sim.clock.date(l.t).toISOString();
  const extra = (l.t * 7919 + idx * 104_729) % 1_000_000;
  const frac = (iso.slice(20, 23) + String(extra).padStart(6, '0')).replace(/0+$/, '');
  return `${iso.slice(0, 19)}${frac ? '.' + frac : ''}Z`;
}

/** Pod order of polymorphichelpers' ByLogging: scheduled, running, ready, older first. */
function byLogging(a: Pod, b: Pod): number {
  const phase = (p: Pod) => ({ Running: 0, Unknown: 1, Pending: 2 })[p.status?.phase as string] ?? 3;
  const ready = (p: Pod) => (p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ? 0 : 1);
  return (
    Number(!a.spec.nodeName) - Number(!b.spec.nodeName) ||
    phase(a) - phase(b) ||
    ready(a) - ready(b) ||
    (a.metadata.creationTimestamp < b.metadata.creationTimestamp ? -1 : a.metadata.creationTimestamp > b.metadata.creationTimestamp ? 1 : 0) ||
    (a.metadata.name < b.metadata.name ? -1 : 1)
  );
}

/** The selector of a workload or service, as a label map. */
function selectorOf(o: { spec?: unknown }): Record<string, string> | null {
  const spec = (o.spec ?? {}) as { selector?: Record<string, unknown> };
  const sel = spec.selector;
  if (!sel) return null;
  if (sel.matchLabels && typeof sel.matchLabels === 'object') return sel.matchLabels as Record<string, string>;
  if (Object.values(sel).every((v) => typeof v === 'string')) return sel as Record<string, string>;
  return null;
}

type PodPick = { pods: Pod[]; note: string } | { error: KubectlError };

function pickPods(s: Session, inv: Invocation): PodPick {
  const ns = s.namespace;
  const sel = inv.flags.str('selector');
  if (sel) {
    const parsed = parseSelector(sel);
    if (!parsed.ok) return { error: plain(parsed.error) };
    const pods = s.api.list<Pod>('pods', ns).filter((p) => parsed.selector.matches(p.metadata.labels));
    return { pods, note: '' };
  }
  const arg = inv.args[0];
  const slash = arg.indexOf('/');
  if (slash < 0) {
    const pod = s.api.get<Pod>('pods', ns, arg);
    if (!pod) return { error: plain(`error from server (NotFound): pods ${JSON.stringify(arg)} not found in namespace ${JSON.stringify(ns)}`) };
    return { pods: [pod], note: '' };
  }
  const r = resolveType(s, arg.slice(0, slash));
  if ('t' in r) return { error: r };
  const name = arg.slice(slash + 1);
  const obj = s.api.get(r.group ? `${r.plural}.${r.group}` : r.plural, r.namespaced ? ns : undefined, name);
  if (!obj) return { error: apiErr({ kind: 'ApiError', code: 404, reason: 'NotFound', message: `${r.group ? `${r.plural}.${r.group}` : r.plural} "${name}" not found` }) };
  if (r.kind === 'Pod') return { pods: [obj as Pod], note: '' };
  const labels = selectorOf(obj as { spec?: unknown });
  if (!labels) return { error: plain(`cannot get the logs from ${r.group ? `${r.kind}.${r.group}` : r.kind}: selector for ${r.kind.toLowerCase()} ${name} is empty`) };
  const pods = s.api
    .list<Pod>('pods', ns)
    .filter((p) => Object.entries(labels).every(([k, v]) => p.metadata.labels?.[k] === v))
    .sort(byLogging);
  if (!pods.length) return { error: plain(`timed out waiting for the condition`) };
  const note = pods.length > 1 ? `Found ${pods.length} pods, using pod/${pods[0].metadata.name}\n` : '';
  return { pods: [pods[0]], note };
}

/** Which containers of a pod to read, with kubectl's "Defaulted container" notice. */
function containersOf(pod: Pod, inv: Invocation, quietDefault: boolean): { names: string[]; note: string } | { error: KubectlError } {
  const all = pod.spec.containers.map((c) => c.name);
  const wanted = inv.flags.str('container') || inv.args[1] || '';
  if (inv.flags.bool('all-containers')) return { names: [...(pod.spec.initContainers ?? []).map((c) => c.name), ...all], note: '' };
  if (wanted) {
    const known = [...all, ...(pod.spec.initContainers ?? []).map((c) => c.name)];
    if (!known.includes(wanted)) return { error: plain(`container ${wanted} is not valid for pod ${pod.metadata.name}`) };
    return { names: [wanted], note: '' };
  }
  const annotated = pod.metadata.annotations?.['kubectl.kubernetes.io/default-container'];
  if (annotated && all.includes(annotated)) return { names: [annotated], note: '' };
  if (all.length > 1 && !quietDefault) {
    const list = [...all, ...(pod.spec.initContainers ?? []).map((c) => `${c.name} (init)`)];
    return { names: [all[0]], note: `Defaulted container ${JSON.stringify(all[0])} out of: ${list.join(', ')}\n` };
  }
  return { names: [all[0]], note: '' };
}

/** Can the API server reach this pod's kubelet? Else the proxy error it returns. */
async function kubeletReachable(s: Session, pod: Pod, container: string): Promise<KubectlError | null> {
  const node = pod.spec.nodeName;
  if (!node) return apiErr({ kind: 'ApiError', code: 400, reason: 'BadRequest', message: `container ${JSON.stringify(container)} in pod ${JSON.stringify(pod.metadata.name)} is waiting to start: ContainerCreating` });
  const c = s.sh.lab.docker.find(node);
  const ip = s.cluster.nodeIP(node) ?? pod.status?.hostIP ?? '';
  const url = `https://${ip}:10250/containerLogs/${pod.metadata.namespace}/${pod.metadata.name}/${container}`;
  if (!c || c.state === 'exited' || c.state === 'created') {
    await s.sh.advance(NO_ROUTE_MS);
    return serverError(`Get ${JSON.stringify(url)}: dial tcp ${ip}:10250: connect: no route to host`);
  }
  if (c.state === 'paused' || !s.cluster.processesOf(node)?.kubeletRunning()) {
    await s.sh.advance(10_000);
    return serverError(`Get ${JSON.stringify(url)}: net/http: TLS handshake timeout`);
  }
  return null;
}

function waitingReason(pod: Pod, container: string): string | null {
  const st = pod.status?.containerStatuses?.find((c) => c.name === container);
  if (!st) return 'ContainerCreating';
  if (st.state?.waiting && !st.lastState?.terminated) return st.state.waiting.reason || 'ContainerCreating';
  return null;
}

async function run(inv: Invocation): Promise<CommandResult> {
  const f = inv.flags;
  const sel = f.str('selector');
  if (!inv.args.length && !sel) return failWith(usageError(inv.path, USAGE));
  if (sel && inv.args.length) return failWith(plain('only a selector (-l) or a POD name is allowed'));
  const s = await openSession(inv);
  if (isResult(s)) return s;
  const out = new Output();
  const picked = pickPods(s, inv);
  if ('error' in picked) return failWith(picked.error);
  out.err(picked.note);
  // With a selector kubectl shows the last 10 lines of each pod unless told otherwise.
  const tail = f.changed('tail') ? f.int('tail', -1) : sel ? 10 : -1;
  const sinceMs = f.changed('since') ? f.int('since') : -1;
  const now = s.sh.lab.now();
  const streams: { key: string; prefix: string; pod: Pod; container: string }[] = [];
  let printed = 0;
  const emit = (pre: string, l: LogLine, idx: number) => {
    let text = `${pre}${f.bool('timestamps') ? timestamp(s, l, idx) + ' ' : ''}${l.line}\n`;
    const limit = f.int('limit-bytes');
    if (limit > 0) {
      if (printed >= limit) return;
      text = text.slice(0, limit - printed);
    }
    printed += text.length;
    out.out(text);
  };
  for (const pod of picked.pods) {
    const cs = containersOf(pod, inv, !!sel);
    if ('error' in cs) {
      out.fail(cs.error);
      continue;
    }
    out.err(cs.note);
    for (const c of cs.names) {
      const ns = pod.metadata.namespace ?? 'default';
      const unreachable = await kubeletReachable(s, pod, c);
      if (unreachable) {
        out.fail(unreachable);
        continue;
      }
      if (f.bool('previous')) {
        const prev = s.cluster.logs.read(ns, pod.metadata.name, c, true);
        if (!prev) {
          out.fail(apiErr({ kind: 'ApiError', code: 400, reason: 'BadRequest', message: `previous terminated container ${JSON.stringify(c)} in pod ${JSON.stringify(pod.metadata.name)} not found` }));
          continue;
        }
      } else {
        const waiting = waitingReason(pod, c);
        if (waiting) {
          out.fail(apiErr({ kind: 'ApiError', code: 400, reason: 'BadRequest', message: `container ${JSON.stringify(c)} in pod ${JSON.stringify(pod.metadata.name)} is waiting to start: ${waiting}` }));
          continue;
        }
      }
      let lines = s.cluster.logs.read(ns, pod.metadata.name, c, f.bool('previous')) ?? [];
      if (sinceMs >= 0) lines = lines.filter((l) => l.t >= now - sinceMs);
      if (tail >= 0) lines = lines.slice(Math.max(0, lines.length - tail));
      const prefix = f.bool('prefix') ? `[pod/${pod.metadata.name}/${c}] ` : '';
      lines.forEach((l, i) => emit(prefix, l, i));
      streams.push({ key: `${ns}/${pod.metadata.name}/${c}`, prefix, pod, container: c });
    }
  }
  if (f.bool('follow') && streams.length && !f.bool('previous')) {
    // Follow for a few seconds of virtual time: what arrives is printed; the runner cannot wait
    // for Ctrl-C, the terminal streams the same lines live.
    const keys = new Map(streams.map((st) => [st.key, st.prefix]));
    let idx = 0;
    const unsub = s.cluster.logs.subscribe((key, l) => {
      const pre = keys.get(key);
      if (pre !== undefined) emit(pre, l, idx++);
    });
    for (let t = 0; t < FOLLOW_MS && !inv.sh.signal?.aborted; t += 1000) await inv.sh.advance(1000);
    unsub();
  }
  return out.result();
}

export const logsVerb: Verb = {
  name: 'logs',
  short: 'Print the logs for a container in a pod',
  usage: 'kubectl logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER] [options]',
  flags: FLAGS,
  run
};
