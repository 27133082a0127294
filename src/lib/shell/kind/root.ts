/**
 * kind v0.24's CLI: create/delete/get cluster(s), nodes, kubeconfig, version. kind logs its
 * progress on stderr and reports failures as `ERROR: …` with status 1 (cobra, errors silenced).
 */
import type { ContainerInfo } from '../../engine/docker/types';
import type { Lab } from '../../engine/lab';
import { type CommandResult, type ShellContext, errOut, out } from '../types';
import { type FlagSpec, flagString, parseFlags } from '../docker/args';
import { stableHex } from '../docker/format';
import { sortedContainers } from '../docker/view';
import { kindCreateCluster } from './create';

export const KIND_VERSION = 'kind v0.24.0 go1.22.6 linux/amd64';

const CLUSTER_LABEL = 'io.x-k8s.kind.cluster';

export function kindError(msg: string): CommandResult {
  return errOut(`ERROR: ${msg}\n`, 1);
}

/** --name, else $KIND_CLUSTER_NAME, else "kind". */
export function clusterName(ctx: ShellContext, flag: string | undefined): string {
  return flag || ctx.env.get('KIND_CLUSTER_NAME') || 'kind';
}

/** A cluster's node containers in the order `docker ps` lists them (kind asks docker). */
export function clusterNodes(lab: Lab, name: string): ContainerInfo[] {
  return sortedContainers(lab).filter((c) => c.spec.labels?.[CLUSTER_LABEL] === name);
}

const NAME_FLAG: FlagSpec = { long: 'name', short: 'n', type: 'string' };
const COMMON: FlagSpec[] = [
  { long: 'verbosity', short: 'v', type: 'int' },
  { long: 'quiet', short: 'q', type: 'bool' },
  { long: 'loglevel', type: 'string' }
];

const HELP = `kind creates and manages local Kubernetes clusters using Docker container 'nodes'

Usage:
  kind [command]

Available Commands:
  build       Build one of [node-image]
  completion  Output shell completion code for the specified shell (bash, zsh or fish)
  create      Creates one of [cluster]
  delete      Deletes one of [cluster]
  export      Exports one of [kubeconfig, logs]
  get         Gets one of [clusters, nodes, kubeconfig]
  help        Help about any command
  load        Loads images into nodes
  version     Prints the kind CLI version

Flags:
  -h, --help              help for kind
      --loglevel string   DEPRECATED: see -v instead
  -q, --quiet             silence all stderr output
  -v, --verbosity int32   info log verbosity, higher value produces more output
      --version           version for kind

Use "kind [command] --help" for more information about a command.
`;

function parse(argv: string[], extra: FlagSpec[]) {
  return parseFlags(argv, [...COMMON, ...extra]);
}

async function getCmd(ctx: ShellContext, argv: string[]): Promise<CommandResult> {
  const [what, ...rest] = argv;
  if (!what || what.startsWith('-')) return out('Gets one of [clusters, nodes, kubeconfig]\n\nUsage:\n  kind get [flags]\n  kind get [command]\n\nAvailable Commands:\n  clusters    Lists existing kind clusters by their name\n  kubeconfig  Prints cluster kubeconfig\n  nodes       Lists existing kind nodes by their name\n');
  if (what === 'clusters') {
    const p = parse(rest, []);
    if (!p.ok) return kindError(p.error);
    if (p.value.args.length) return kindError(`unknown command "${p.value.args[0]}" for "kind get clusters"`);
    const names = ctx.lab.kind.names();
    if (!names.length) return errOut('No kind clusters found.\n', 0);
    return out(names.map((n) => n + '\n').join(''));
  }
  if (what === 'nodes') {
    const p = parse(rest, [NAME_FLAG, { long: 'all-clusters', short: 'A', type: 'bool' }]);
    if (!p.ok) return kindError(p.error);
    if (p.value.args.length) return kindError(`unknown command "${p.value.args[0]}" for "kind get nodes"`);
    const all = p.value.flags.get('all-clusters') === true;
    const name = clusterName(ctx, flagString(p.value, 'name'));
    const nodes = all ? sortedContainers(ctx.lab).filter((c) => c.spec.labels?.[CLUSTER_LABEL]) : clusterNodes(ctx.lab, name);
    if (!nodes.length) return errOut(all ? 'No kind nodes found.\n' : `No kind nodes found for cluster "${name}".\n`, 0);
    return out(nodes.map((c) => c.name + '\n').join(''));
  }
  if (what === 'kubeconfig') {
    const p = parse(rest, [NAME_FLAG, { long: 'internal', type: 'bool' }]);
    if (!p.ok) return kindError(p.error);
    const name = clusterName(ctx, flagString(p.value, 'name'));
    const cluster = ctx.lab.kind.get(name);
    const cp = clusterNodes(ctx.lab, name).find((c) => c.spec.labels?.['io.x-k8s.kind.role'] === 'control-plane');
    if (!cluster || !cp) return kindError(`could not locate any control plane nodes for cluster named '${name}'. Use the --name option to select a different cluster`);
    const server = p.value.flags.get('internal') === true ? `https://${cp.name}:6443` : `https://127.0.0.1:${cluster.apiServerHostPort}`;
    return out(kubeconfig(name, server));
  }
  return kindError(`unknown command "${what}" for "kind get"`);
}

/** A kubeconfig shaped like kind's; the credentials are opaque placeholders. */
function kubeconfig(name: string, server: string): string {
  // PEM blocks base64-encoded, as kubeconfig stores them; the key material is a stand-in.
  const pem = (label: string, kind: string) => {
    const body = b64(stableHex(`${name}:${label}`, 96)).match(/.{1,64}/g)!.join('\n');
    return b64(`-----BEGIN ${kind}-----\n${body}\n-----END ${kind}-----\n`);
  };
  const blob = (label: string) => pem(label, label === 'key' ? 'RSA PRIVATE KEY' : 'CERTIFICATE');
  const ctxName = `kind-${name}`;
  return `apiVersion: v1
clusters:
- cluster:
    certificate-authority-data: ${blob('ca')}
    server: ${server}
  name: ${ctxName}
contexts:
- context:
    cluster: ${ctxName}
    user: ${ctxName}
  name: ${ctxName}
current-context: ${ctxName}
kind: Config
preferences: {}
users:
- name: ${ctxName}
  user:
    client-certificate-data: ${blob('cert')}
    client-key-data: ${blob('key')}
`;
}

/** base64 of ASCII text without Node's Buffer (the shell also runs in browsers). */
function b64(s: string): string {
  return btoa(s);
}

async function deleteCmd(ctx: ShellContext, argv: string[]): Promise<CommandResult> {
  const [what, ...rest] = argv;
  if (what !== 'cluster' && what !== 'clusters') {
    if (!what) return out('Deletes one of [cluster]\n\nUsage:\n  kind delete [flags]\n  kind delete [command]\n\nAvailable Commands:\n  cluster     Deletes a cluster\n  clusters    Deletes clusters\n');
    return kindError(`unknown command "${what}" for "kind delete"`);
  }
  const p = parse(rest, [NAME_FLAG, { long: 'kubeconfig', type: 'string' }, { long: 'all', short: 'A', type: 'bool' }]);
  if (!p.ok) return kindError(p.error);
  const quiet = p.value.flags.get('quiet') === true;
  let names: string[];
  if (what === 'clusters') {
    names = p.value.flags.get('all') === true ? ctx.lab.kind.names() : p.value.args;
    if (!names.length && p.value.flags.get('all') !== true) return kindError('no cluster names provided');
  } else {
    if (p.value.args.length) return kindError(`unknown command "${p.value.args[0]}" for "kind delete cluster"`);
    names = [clusterName(ctx, flagString(p.value, 'name'))];
  }
  let stderr = '';
  for (const name of names) {
    if (what === 'cluster') stderr += `Deleting cluster "${name}" ...\n`;
    const nodes = clusterNodes(ctx.lab, name).map((c) => c.name);
    ctx.lab.kind.delete(name);
    // kind lists the nodes it removed, quoted like Go's %q of a []string.
    if (nodes.length) stderr += `Deleted nodes: [${nodes.map((n) => JSON.stringify(n)).join(' ')}]\n`;
  }
  if (what === 'clusters') stderr += `Deleted clusters: [${names.map((n) => JSON.stringify(n)).join(' ')}]\n`;
  return { stdout: '', stderr: quiet ? '' : stderr, exitCode: 0 };
}

export async function kindMain(ctx: ShellContext, argv: string[]): Promise<CommandResult> {
  const [sub, ...rest] = argv;
  if (!sub || sub === 'help' || sub === '--help' || sub === '-h') return out(HELP);
  if (sub === '--version') return out('kind version 0.24.0\n');
  if (sub === 'version') return out(KIND_VERSION + '\n');
  if (sub === 'create') {
    const [what, ...args] = rest;
    if (what === 'cluster') return kindCreateCluster(ctx, args);
    if (!what) return out('Creates one of [cluster]\n\nUsage:\n  kind create [flags]\n  kind create [command]\n\nAvailable Commands:\n  cluster     Creates a local Kubernetes cluster\n');
    return kindError(`unknown command "${what}" for "kind create"`);
  }
  if (sub === 'get') return getCmd(ctx, rest);
  if (sub === 'delete') return deleteCmd(ctx, rest);
  if (sub.startsWith('-')) {
    const p = parse(argv, []);
    return kindError(p.ok ? 'unknown command' : p.error);
  }
  if (['build', 'load', 'export', 'completion'].includes(sub)) return kindError(`'kind ${sub}' is not available in this lab`);
  return kindError(`unknown command "${sub}" for "kind"`);
}
