import type { Lab } from '../../engine/lab';
import type { KindCluster } from '../../engine/k8s/cluster';
import type { ShellContext } from '../types';

/** client-go's TLS handshake timeout: a paused API server container accepts TCP, then hangs. */
const TLS_HANDSHAKE_TIMEOUT_MS = 10_000;
/** How often a failing kubectl get logs its discovery error (memcache.go) before giving up. */
const DISCOVERY_ATTEMPTS = 5;

export type Connection =
  | { ok: true; cluster: KindCluster; server: string; context: string }
  | { ok: false; stderr: string; server: string; reason: 'refused' | 'timeout'; detail: string };

/** Where the kubeconfig of the place kubectl runs in points to, if anywhere. */
interface Target {
  cluster?: KindCluster;
  /** "https://127.0.0.1:PORT" or "http://localhost:8080" (no kubeconfig). */
  server: string;
  context: string;
}

/**
 * The kubeconfig kubectl would find: on the learner's machine the current kind context
 * (kind-<name>, or none → localhost:8080); inside a kind control-plane container the admin
 * kubeconfig (https://<cp>:6443); anywhere else, no kubeconfig.
 */
export function target(lab: Lab, container: string | null, contextFlag: string): Target | { error: string } {
  if (container) {
    const cluster = lab.kind
      .names()
      .map((n) => lab.kind.get(n)!)
      .find((c) => c.controlPlane().name === container);
    if (!cluster) return { server: 'http://localhost:8080', context: '' };
    if (contextFlag && contextFlag !== 'kubernetes-admin@kubernetes') return { error: `context was not found for specified context: ${contextFlag}` };
    return { cluster, server: `https://${container}:6443`, context: 'kubernetes-admin@kubernetes' };
  }
  if (contextFlag) {
    const name = contextFlag.startsWith('kind-') ? contextFlag.slice(5) : null;
    const cluster = name ? lab.kind.get(name) : undefined;
    if (!cluster) return { error: `context was not found for specified context: ${contextFlag}` };
    return { cluster, server: `https://127.0.0.1:${cluster.apiServerHostPort}`, context: contextFlag };
  }
  const cluster = lab.cluster();
  if (!cluster) return { server: 'http://localhost:8080', context: '' };
  return { cluster, server: `https://127.0.0.1:${cluster.apiServerHostPort}`, context: `kind-${cluster.name}` };
}

function hostOf(server: string): string {
  return server.replace(/^https?:\/\//, '');
}

/** The dial error Go prints for a refused connection to the server. */
function refusedDetail(server: string): string {
  const host = hostOf(server);
  if (host === 'localhost:8080') return 'dial tcp [::1]:8080: connect: connection refused';
  return `dial tcp ${host}: connect: connection refused`;
}

/** klog's header: `E1003 09:00:00.000000    4321 memcache.go:265] `. */
export function klogLine(lab: Lab, level: 'E' | 'W' | 'I', microsOffset: number, pid: number, where: string, msg: string): string {
  const d = lab.sim.clock.date();
  const p2 = (n: number) => String(n).padStart(2, '0');
  const micros = (d.getUTCMilliseconds() * 1000 + microsOffset) % 1_000_000;
  const head = `${level}${p2(d.getUTCMonth() + 1)}${p2(d.getUTCDate())} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}.${String(micros).padStart(6, '0')}`;
  return `${head} ${String(pid).padStart(7)} ${where}] ${msg}\n`;
}

/** A process id for this kubectl run: derived from the clock so that runs differ, deterministically. */
export function fakePid(lab: Lab): number {
  return 4000 + (Math.floor(lab.now() / 40) % 60_000);
}

/**
 * Reach the API server as kubectl would. On failure, returns what a failing discovery prints:
 * five memcache.go error lines (klog, v1.31 structured "Unhandled Error" form) then the final
 * line. A stopped or missing server refuses at once; a paused control-plane accepts the TCP
 * connection and never answers, so each attempt costs the 10 s TLS handshake timeout.
 */
export async function connect(ctx: ShellContext, contextFlag: string, opts: { discovery?: boolean } = {}): Promise<Connection | { error: string }> {
  const lab = ctx.lab;
  const t = target(lab, ctx.container, contextFlag);
  if ('error' in t) return t;
  const { cluster, server, context } = t;
  if (cluster && cluster.apiUp()) return { ok: true, cluster, server, context };
  let paused = false;
  if (cluster) {
    const cp = lab.docker.find(cluster.controlPlane().name);
    paused = cp?.state === 'paused';
  }
  const detail = paused ? 'net/http: TLS handshake timeout' : refusedDetail(server);
  const pid = fakePid(lab);
  let stderr = '';
  const attempts = opts.discovery === false ? 0 : DISCOVERY_ATTEMPTS;
  for (let i = 0; i < attempts; i++) {
    if (paused) await ctx.advance(TLS_HANDSHAKE_TIMEOUT_MS);
    const url = `${server}/api?timeout=32s`;
    const err = `couldn't get current server API group list: Get ${JSON.stringify(url)}: ${detail}`;
    stderr += klogLine(lab, 'E', 137 + i * 611, pid, 'memcache.go:265', `"Unhandled Error" err=${JSON.stringify(err)}`);
  }
  if (!attempts && paused) await ctx.advance(TLS_HANDSHAKE_TIMEOUT_MS);
  stderr += paused
    ? `Unable to connect to the server: ${detail}\n`
    : `The connection to the server ${hostOf(server)} was refused - did you specify the right host or port?\n`;
  return { ok: false, stderr, server, reason: paused ? 'timeout' : 'refused', detail };
}

/** `Get "https://…/openapi/v2?timeout=32s": <dial error>` for apply/create's schema download. */
export function openApiError(c: { server: string; detail: string }): string {
  return `failed to download openapi: Get ${JSON.stringify(`${c.server}/openapi/v2?timeout=32s`)}: ${c.detail}`;
}
