import type { Verb } from './context';

/**
 * Help texts. The root help is kubectl v1.31's command list; a command's --help is shortened to
 * its description and usage line (the real pages run to hundreds of lines of examples).
 */

export const ROOT_HELP = `kubectl controls the Kubernetes cluster manager.

 Find more information at: https://kubernetes.io/docs/reference/kubectl/

Basic Commands (Beginner):
  create          Create a resource from a file or from stdin
  expose          Take a replication controller, service, deployment or pod and expose it as a new Kubernetes service
  run             Run a particular image on the cluster
  set             Set specific features on objects

Basic Commands (Intermediate):
  explain         Get documentation for a resource
  get             Display one or many resources
  edit            Edit a resource on the server
  delete          Delete resources by file names, stdin, resources and names, or by resources and label selector

Deploy Commands:
  rollout         Manage the rollout of a resource
  scale           Set a new size for a deployment, replica set, or replication controller
  autoscale       Auto-scale a deployment, replica set, stateful set, or replication controller

Cluster Management Commands:
  certificate     Modify certificate resources
  cluster-info    Display cluster information
  top             Display resource (CPU/memory) usage
  cordon          Mark node as unschedulable
  uncordon        Mark node as schedulable
  drain           Drain node in preparation for maintenance
  taint           Update the taints on one or more nodes

Troubleshooting and Debugging Commands:
  describe        Show details of a specific resource or group of resources
  logs            Print the logs for a container in a pod
  attach          Attach to a running container
  exec            Execute a command in a container
  port-forward    Forward one or more local ports to a pod
  proxy           Run a proxy to the Kubernetes API server
  cp              Copy files and directories to and from containers
  auth            Inspect authorization
  debug           Create debugging sessions for troubleshooting workloads and nodes
  events          List events

Advanced Commands:
  diff            Diff the live version against a would-be applied version
  apply           Apply a configuration to a resource by file name or stdin
  patch           Update fields of a resource
  replace         Replace a resource by file name or stdin
  wait            Experimental: Wait for a specific condition on one or many resources
  kustomize       Build a kustomization target from a directory or URL

Settings Commands:
  label           Update the labels on a resource
  annotate        Update the annotations on a resource
  completion      Output shell completion code for the specified shell (bash, zsh, fish, or powershell)

Other Commands:
  api-resources   Print the supported API resources on the server
  api-versions    Print the supported API versions on the server, in the form of "group/version"
  config          Modify kubeconfig files
  plugin          Provides utilities for interacting with plugins
  version         Print the client and server version information

Usage:
  kubectl [flags] [options]

Use "kubectl <command> --help" for more information about a given command.
Use "kubectl options" for a list of global command-line options (applies to all commands).
`;

/** Every command cobra would consider for "Did you mean this?" (sorted, as cobra keeps them). */
export const ALL_COMMANDS = [
  'alpha',
  'annotate',
  'api-resources',
  'api-versions',
  'apply',
  'attach',
  'auth',
  'autoscale',
  'certificate',
  'cluster-info',
  'completion',
  'config',
  'cordon',
  'cp',
  'create',
  'debug',
  'delete',
  'describe',
  'diff',
  'drain',
  'edit',
  'events',
  'exec',
  'explain',
  'expose',
  'get',
  'kustomize',
  'label',
  'logs',
  'options',
  'patch',
  'plugin',
  'port-forward',
  'proxy',
  'replace',
  'rollout',
  'run',
  'scale',
  'set',
  'taint',
  'top',
  'uncordon',
  'version',
  'wait'
];

/** Levenshtein distance, case-insensitive (cobra's ld with ignoreCase). */
export function levenshtein(a: string, b: string): number {
  a = a.toLowerCase();
  b = b.toLowerCase();
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
  return d[a.length][b.length];
}

/** cobra's SuggestionsFor: distance ≤ 2, or the typed text is a prefix of the command. */
export function suggestionsFor(typed: string): string[] {
  return ALL_COMMANDS.filter((c) => levenshtein(typed, c) <= 2 || c.toLowerCase().startsWith(typed.toLowerCase()));
}

export function unknownCommandMessage(typed: string, parent = 'kubectl'): string {
  const sugg = suggestionsFor(typed);
  let msg = `error: unknown command ${JSON.stringify(typed)} for ${JSON.stringify(parent)}`;
  if (sugg.length) msg += `\n\nDid you mean this?\n${sugg.map((x) => `\t${x}\n`).join('')}`;
  return msg.endsWith('\n') ? msg : msg + '\n';
}

export function verbHelp(v: Verb): string {
  let s = `${v.short}.\n\n`;
  if (v.subcommands?.length) {
    s += 'Available Commands:\n';
    const w = Math.max(...v.subcommands.map((c) => c.name.length)) + 2;
    for (const c of v.subcommands) s += `  ${c.name.padEnd(w)}${c.short}\n`;
    s += '\n';
  }
  s += `Usage:\n  ${v.usage}\n\nUse "kubectl options" for a list of global command-line options (applies to all commands).\n`;
  return s;
}
