/**
 * MetalLB v0.14.8 `speaker/main.go` main(): the flags from the container args, the environment
 * (with the downward-API fields the speaker's DaemonSet uses), the log level, and the
 * excludel2 ConfigMap mounted at /etc/metallb.
 */
import type { AppContext } from '../../apps/app';
import type { LogLevel } from '../logging';
import { parse as parseYaml } from 'yaml';
import { excludeRegexpFor } from './layer2/announcer';

export const EXCLUDE_L2_CONFIGMAP = 'metallb-excludel2';

/** Flags as the speaker parses them from the container args. */
export interface SpeakerFlags {
  port: number;
  logLevel: string;
  lbClass: string;
  ignoreExcludeLB: boolean;
  nodeName: string;
}

export function envValue(ctx: AppContext, nodeIP: string | undefined, name: string): string | undefined {
  const e = (ctx.container.env ?? []).find((x) => x.name === name);
  if (!e) return undefined;
  if (e.value !== undefined) return e.value;
  const path = e.valueFrom?.fieldRef?.fieldPath;
  const pod = ctx.pod;
  switch (path) {
    case 'spec.nodeName':
      return ctx.nodeName;
    case 'metadata.name':
      return pod.metadata.name;
    case 'metadata.namespace':
      return pod.metadata.namespace;
    case 'status.hostIP':
      return nodeIP ?? '';
    case 'status.podIP':
      return pod.spec.hostNetwork ? (nodeIP ?? '') : (pod.status?.podIP ?? '');
    default:
      return '';
  }
}

export function parseSpeakerArgs(args: readonly string[]): Omit<SpeakerFlags, 'nodeName'> & { nodeName?: string } {
  const out: Omit<SpeakerFlags, 'nodeName'> & { nodeName?: string } = { port: 7472, logLevel: 'info', lbClass: '', ignoreExcludeLB: false };
  for (let i = 0; i < args.length; i++) {
    const a = args[i].replace(/^--?/, '');
    const eq = a.indexOf('=');
    const k = eq < 0 ? a : a.slice(0, eq);
    const next = () => (eq < 0 ? (args[++i] ?? '') : a.slice(eq + 1));
    switch (k) {
      case 'port':
        out.port = Number(next());
        break;
      case 'log-level':
        out.logLevel = next();
        break;
      case 'lb-class':
        out.lbClass = next();
        break;
      case 'node-name':
        out.nodeName = next();
        break;
      case 'ignore-exclude-lb':
        out.ignoreExcludeLB = eq < 0 ? true : a.slice(eq + 1) !== 'false';
        break;
      default:
        break;
    }
  }
  return out;
}

export function logLevelOf(s: string): LogLevel | 'none' {
  switch (s) {
    case 'all':
    case 'debug':
      return 'debug';
    case 'warn':
      return 'warn';
    case 'error':
      return 'error';
    case 'none':
      return 'none';
    default:
      return 'info';
  }
}

/** The excludel2 list from the mounted ConfigMap (missing file = no exclusion). */
export function parseAnnouncedInterfacesToExclude(text: string | undefined): RegExp | null {
  if (text === undefined) return null;
  const doc = parseYaml(text) as { announcedInterfacesToExclude?: unknown } | null;
  const list = Array.isArray(doc?.announcedInterfacesToExclude) ? (doc!.announcedInterfacesToExclude as unknown[]).map(String) : [];
  return excludeRegexpFor(list);
}
