import type { Pod } from '../../engine/k8s/types';
import type { CommandResult } from '../types';
import { type Invocation, type Verb, isResult, openSession } from './context';
import { Output, apiErr, failWith, plain, serverError, usageError } from './errors';
import type { FlagSpec } from './flags';
import { resolveType } from './resolve';

const FLAGS: FlagSpec[] = [
  { name: 'container', short: 'c', type: 'string' },
  { name: 'stdin', short: 'i', type: 'bool' },
  { name: 'tty', short: 't', type: 'bool' },
  { name: 'quiet', short: 'q', type: 'bool' },
  { name: 'filename', short: 'f', type: 'stringSlice' },
  { name: 'pod-running-timeout', type: 'duration' }
];

function shQuote(s: string): string {
  return /^[A-Za-z0-9_./:=@%+-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/**
 * `kubectl exec POD -- CMD`: the command runs through the lab's shell with the pod's hostname
 * (HOSTNAME=<pod>); the lab has no per-pod process namespace, so the network view is the
 * host's. Errors follow kubectl: a missing pod, a pod that is not running, a dead node.
 */
async function run(inv: Invocation): Promise<CommandResult> {
  const f = inv.flags;
  const before = inv.dashAt >= 0 ? inv.args.slice(0, inv.dashAt) : inv.args;
  const command = inv.dashAt >= 0 ? inv.args.slice(inv.dashAt) : [];
  if (!before.length) return failWith(usageError(inv.path, 'pod, type/name or --filename must be specified'));
  if (before.length > 1) return failWith(usageError(inv.path, 'exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] instead'));
  if (!command.length) return failWith(usageError(inv.path, 'you must specify at least one command for the container'));
  const s = await openSession(inv);
  if (isResult(s)) return s;
  const out = new Output();
  const arg = before[0];
  let pod: Pod | undefined;
  const slash = arg.indexOf('/');
  if (slash < 0) {
    pod = s.api.get<Pod>('pods', s.namespace, arg);
    if (!pod) return failWith(apiErr({ kind: 'ApiError', code: 404, reason: 'NotFound', message: `pods "${arg}" not found` }));
  } else {
    const r = resolveType(s, arg.slice(0, slash));
    if ('t' in r) return failWith(r);
    const name = arg.slice(slash + 1);
    const obj = s.api.get(r.group ? `${r.plural}.${r.group}` : r.plural, r.namespaced ? s.namespace : undefined, name);
    if (!obj) return failWith(apiErr({ kind: 'ApiError', code: 404, reason: 'NotFound', message: `${r.group ? `${r.plural}.${r.group}` : r.plural} "${name}" not found` }));
    if (r.kind === 'Pod') pod = obj as Pod;
    else {
      const sel = ((obj.spec ?? {}) as { selector?: { matchLabels?: Record<string, string> } | Record<string, string> }).selector;
      const labels = (sel && 'matchLabels' in sel ? sel.matchLabels : sel) as Record<string, string> | undefined;
      pod = labels ? s.api.list<Pod>('pods', s.namespace).find((p) => Object.entries(labels).every(([k, v]) => p.metadata.labels?.[k] === v)) : undefined;
      if (!pod) return failWith(plain('timed out waiting for the condition'));
    }
  }
  const names = pod.spec.containers.map((c) => c.name);
  let container = f.str('container');
  if (container && !names.includes(container)) return failWith(plain(`container ${container} not found in pod ${pod.metadata.name}`));
  if (!container) {
    container = pod.metadata.annotations?.['kubectl.kubernetes.io/default-container'] ?? names[0];
    if (names.length > 1 && !f.bool('quiet')) out.err(`Defaulted container ${JSON.stringify(container)} out of: ${names.join(', ')}\n`);
  }
  const phase = pod.status?.phase;
  if (phase === 'Succeeded' || phase === 'Failed') return failWith(plain(`cannot exec into a container in a completed pod; current phase is ${phase}`), out);
  const node = pod.spec.nodeName;
  const nodeC = node ? s.sh.lab.docker.find(node) : undefined;
  if (node && (!nodeC || nodeC.state !== 'running' || !s.cluster.processesOf(node)?.kubeletRunning())) {
    const ip = s.cluster.nodeIP(node) ?? pod.status?.hostIP ?? '';
    await s.sh.advance(3_000);
    return failWith(serverError(`error dialing backend: dial tcp ${ip}:10250: connect: no route to host`), out);
  }
  const running = pod.status?.containerStatuses?.find((c) => c.name === container)?.state?.running;
  if (!node || !running) return failWith(plain(`unable to upgrade connection: container not found (${JSON.stringify(container)})`), out);
  const r = await inv.sh.exec(command.map(shQuote).join(' '), { env: { HOSTNAME: pod.metadata.name } });
  out.out(r.stdout);
  out.err(r.stderr);
  if (r.exitCode !== 0) {
    out.err(`command terminated with exit code ${r.exitCode}\n`);
    return { stdout: out.stdout, stderr: out.stderr, exitCode: r.exitCode };
  }
  return out.result();
}

export const execVerb: Verb = {
  name: 'exec',
  short: 'Execute a command in a container',
  usage: 'kubectl exec (POD | TYPE/NAME) [-c CONTAINER] [flags] -- COMMAND [args...] [options]',
  flags: FLAGS,
  run
};
