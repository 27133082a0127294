import type { KindCluster } from '../../engine/k8s/cluster';
import type { ApiServer } from '../../engine/k8s/store';
import type { CommandResult, ShellContext } from '../types';
import { connect } from './connection';
import { failWith, plain } from './errors';
import type { FlagSpec, Flags } from './flags';

/** One kubectl run after flag parsing: the verb's path, flags and positional arguments. */
export interface Invocation {
  sh: ShellContext;
  /** "kubectl get", "kubectl create deployment": used in usage and flag error messages. */
  path: string;
  flags: Flags;
  args: string[];
  /** Position in `args` of `--`, or -1. */
  dashAt: number;
}

/** A verb that reached the API server. */
export interface Session {
  inv: Invocation;
  sh: ShellContext;
  cluster: KindCluster;
  api: ApiServer;
  /** -n, or the context's namespace ("default"). */
  namespace: string;
  /** -n was given (apply/create then refuse objects from another namespace). */
  explicitNs: boolean;
  context: string;
  server: string;
}

export interface Verb {
  name: string;
  /** Other names of the sub-command (`ns` for `create namespace`). */
  aliases?: string[];
  short: string;
  usage: string;
  flags: FlagSpec[];
  run(inv: Invocation): Promise<CommandResult>;
  /** Sub-commands (`create deployment`, `rollout status`, `config current-context`). */
  subcommands?: Verb[];
}

/** Flags every kubectl command accepts (the root's persistent flags that matter here). */
export const GLOBAL_FLAGS: FlagSpec[] = [
  { name: 'namespace', short: 'n', type: 'string' },
  { name: 'context', type: 'string' },
  { name: 'kubeconfig', type: 'string' },
  { name: 'cluster', type: 'string' },
  { name: 'user', type: 'string' },
  { name: 'server', short: 's', type: 'string' },
  { name: 'request-timeout', type: 'string', def: '0' },
  { name: 'v', short: 'v', type: 'int' },
  { name: 'as', type: 'string' },
  { name: 'as-group', type: 'stringArray' },
  { name: 'as-uid', type: 'string' },
  { name: 'token', type: 'string' },
  { name: 'username', type: 'string' },
  { name: 'password', type: 'string' },
  { name: 'certificate-authority', type: 'string' },
  { name: 'client-certificate', type: 'string' },
  { name: 'client-key', type: 'string' },
  { name: 'tls-server-name', type: 'string' },
  { name: 'insecure-skip-tls-verify', type: 'bool' },
  { name: 'disable-compression', type: 'bool' },
  { name: 'cache-dir', type: 'string' },
  { name: 'match-server-version', type: 'bool' },
  { name: 'warnings-as-errors', type: 'bool' },
  { name: 'profile', type: 'string', def: 'none' },
  { name: 'profile-output', type: 'string' },
  { name: 'log-flush-frequency', type: 'duration' },
  { name: 'vmodule', type: 'string' },
  { name: 'help', short: 'h', type: 'bool' }
];

/**
 * Connect to the cluster of the current context. On failure the verb ends with what kubectl's
 * discovery prints (the five memcache.go lines and the final connection message).
 */
export async function openSession(inv: Invocation): Promise<Session | CommandResult> {
  const conn = await connect(inv.sh, inv.flags.str('context'));
  if ('error' in conn) return failWith(plain(conn.error));
  if (!conn.ok) return { stdout: '', stderr: conn.stderr, exitCode: 1 };
  const ns = inv.flags.str('namespace');
  return {
    inv,
    sh: inv.sh,
    cluster: conn.cluster,
    api: conn.cluster.api,
    namespace: ns || 'default',
    explicitNs: ns !== '',
    context: conn.context,
    server: conn.server
  };
}

export function isResult<T extends object>(v: T | CommandResult): v is CommandResult {
  return 'exitCode' in v && 'stderr' in v;
}

/** Wall-clock ms now (for ages and timestamps). */
export function wallNow(s: { sh: ShellContext }): number {
  return s.sh.lab.sim.clock.epochMs + s.sh.lab.now();
}
