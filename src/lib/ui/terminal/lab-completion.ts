/**
 * The completion rules' view of a live lab: command names, kubectl's verbs and flags (from the
 * shell's own verb table), the API server's resource types and objects, docker's containers
 * and networks, kind's clusters.
 */
import type { Lab } from '../../engine/lab';
import { resourceId } from '../../engine/k8s/resources';
import { labCommands } from '../../shell/commands';
import type { Verb } from '../../shell/kubectl/context';
import { GLOBAL_FLAGS } from '../../shell/kubectl/context';
import type { FlagSpec } from '../../shell/kubectl/flags';
import { VERBS } from '../../shell/kubectl/verbs';
import type { CompletionSource, FlagInfo, VerbInfo } from './completion';

/** just-bash commands a learner is likely to use (the rest still run; they just do not complete). */
const BUILTINS = [
  'awk', 'base64', 'basename', 'bash', 'cat', 'cd', 'clear', 'column', 'cut', 'date', 'diff', 'dirname', 'echo', 'env',
  'export', 'false', 'find', 'grep', 'head', 'help', 'history', 'jq', 'ls', 'mkdir', 'mv', 'printenv', 'printf', 'pwd',
  'rm', 'sed', 'seq', 'sh', 'sort', 'tail', 'tee', 'touch', 'tr', 'true', 'uniq', 'wc', 'which', 'xargs', 'for', 'while',
  'if', 'unset', 'alias', 'source', 'test', 'time', 'timeout', 'watch'
];

function flagInfo(f: FlagSpec): FlagInfo {
  return { name: f.name, ...(f.short ? { short: f.short } : {}), value: f.type !== 'bool' };
}

function verbInfo(v: Verb): VerbInfo {
  return {
    name: v.name,
    ...(v.aliases ? { aliases: v.aliases } : {}),
    flags: v.flags.map(flagInfo),
    ...(v.subcommands ? { subcommands: v.subcommands.map(verbInfo) } : {})
  };
}

let verbCache: VerbInfo[] | null = null;
let commandCache: string[] | null = null;

export function labCompletionSource(getLab: () => Lab | null): CompletionSource {
  const cluster = () => getLab()?.cluster();
  return {
    commands() {
      commandCache ??= [...new Set([...labCommands().flatMap((c) => [c.name, ...(c.aliases ?? [])]), ...BUILTINS])].sort();
      return commandCache;
    },
    kubectl: {
      verbs() {
        verbCache ??= VERBS.map(verbInfo);
        return verbCache;
      },
      globalFlags: () => GLOBAL_FLAGS.map(flagInfo),
      resourceTypes() {
        const c = cluster();
        if (!c) return [];
        const all = c.api.registry.all();
        // a plural served by two groups (events) is also offered qualified
        return all.map((r) => (all.some((o) => o !== r && o.plural === r.plural) && r.group ? `${r.plural}.${r.group}` : r.plural));
      },
      objects(type, namespace) {
        const c = cluster();
        if (!c) return [];
        const r = c.api.resolve(type);
        if (!r) return [];
        const list = c.api.list(resourceId(r), r.namespaced && namespace !== null ? namespace : undefined);
        return [...new Set(list.map((o) => o.metadata.name))];
      }
    },
    docker: {
      containers: () => getLab()?.docker.containers().map((c) => c.name) ?? [],
      networks: () => getLab()?.docker.networks().map((n) => n.name) ?? []
    },
    kind: {
      clusters: () => getLab()?.kind.names() ?? []
    }
  };
}
