import type { KObject } from '../../engine/k8s/types';
import type { CommandResult } from '../types';
import { type Invocation, type Verb, isResult, openSession } from './context';
import { createOne, printCreated } from './create-common';
import { DRY_RUN_FLAG, dryRunOf } from './dryrun';
import { Output, failWith, plain, usageError } from './errors';
import type { FlagSpec } from './flags';
import { OBJECT_FORMATS, parseOutput } from './output';
import { type Info, fetchRefs, parseRefs } from './resolve';

const FLAGS: FlagSpec[] = [
  { name: 'port', type: 'string' },
  { name: 'target-port', type: 'string' },
  { name: 'protocol', type: 'string' },
  { name: 'type', type: 'string' },
  { name: 'name', type: 'string' },
  { name: 'selector', type: 'string' },
  { name: 'labels', short: 'l', type: 'string' },
  { name: 'external-ip', type: 'string' },
  { name: 'load-balancer-ip', type: 'string' },
  { name: 'session-affinity', type: 'string' },
  { name: 'cluster-ip', type: 'string' },
  { name: 'filename', short: 'f', type: 'stringSlice' },
  { name: 'output', short: 'o', type: 'string' },
  DRY_RUN_FLAG,
  { name: 'override-type', type: 'string', def: 'merge' },
  { name: 'overrides', type: 'string' },
  { name: 'field-manager', type: 'string', def: 'kubectl-expose' },
  { name: 'template', type: 'string' },
  { name: 'allow-missing-template-keys', type: 'bool', def: true },
  { name: 'show-managed-fields', type: 'bool' }
];

function labelMap(s: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of s.split(',').filter(Boolean)) {
    const eq = p.indexOf('=');
    if (eq > 0) out[p.slice(0, eq)] = p.slice(eq + 1);
  }
  return out;
}

/** The selector and ports kubectl introspects from what is exposed. */
function introspect(o: KObject): { selector: Record<string, string> | null; ports: { port: number; protocol: string; name?: string }[] } {
  const spec = (o.spec ?? {}) as Record<string, unknown>;
  if (o.kind === 'Pod') {
    const cs = (spec.containers ?? []) as { ports?: { containerPort: number; protocol?: string; name?: string }[] }[];
    return { selector: o.metadata.labels ?? null, ports: cs.flatMap((c) => c.ports ?? []).map((p) => ({ port: p.containerPort, protocol: p.protocol ?? 'TCP', name: p.name })) };
  }
  if (o.kind === 'Service') {
    const ports = (spec.ports ?? []) as { port: number; protocol?: string; name?: string }[];
    return { selector: (spec.selector as Record<string, string>) ?? null, ports: ports.map((p) => ({ port: p.port, protocol: p.protocol ?? 'TCP', name: p.name })) };
  }
  const sel = (spec.selector ?? {}) as { matchLabels?: Record<string, string>; matchExpressions?: unknown[] };
  const tpl = ((spec.template ?? {}) as { spec?: { containers?: { ports?: { containerPort: number; protocol?: string; name?: string }[] }[] } }).spec;
  const ports = (tpl?.containers ?? []).flatMap((c) => c.ports ?? []).map((p) => ({ port: p.containerPort, protocol: p.protocol ?? 'TCP', name: p.name }));
  return { selector: sel.matchExpressions?.length ? null : (sel.matchLabels ?? null), ports };
}

/** `kubectl expose (TYPE NAME | TYPE/NAME) --port=P [--type=LoadBalancer] [--name=N]`. */
async function run(inv: Invocation): Promise<CommandResult> {
  const f = inv.flags;
  if (!inv.args.length) return failWith(usageError(inv.path, 'You must provide one or more resources by argument or filename.'));
  const spec = parseOutput(f.str('output'), OBJECT_FORMATS);
  if ('t' in spec) return failWith(spec);
  const dry = dryRunOf(f, inv.sh);
  if ('t' in dry) return failWith(dry);
  const s = await openSession(inv);
  if (isResult(s)) return s;
  const out = new Output();
  out.err(dry.warning);
  const parsed = parseRefs(s, inv.args);
  if (!parsed.ok) return failWith(parsed.error);
  const fetched = fetchRefs(s, parsed.refs);
  if (fetched.errors.length) return failWith(fetched.errors[0]);
  const printed: Info[] = [];
  for (const { resource, obj } of fetched.infos) {
    if (!['Pod', 'Service', 'Deployment', 'ReplicaSet', 'ReplicationController'].includes(resource.kind)) {
      out.fail(plain(`cannot expose a ${resource.kind}`));
      continue;
    }
    const intro = introspect(obj);
    const selector = f.str('selector') ? labelMap(f.str('selector')) : intro.selector;
    if (!selector || !Object.keys(selector).length) {
      out.fail(usageError(inv.path, `couldn't retrieve selectors via --selector flag or introspection: the ${resource.kind.toLowerCase()} has no labels`));
      continue;
    }
    let ports: Record<string, unknown>[];
    const protocol = f.str('protocol');
    const target = f.str('target-port');
    const targetPort = (p: number) => (target ? (/^\d+$/.test(target) ? Number(target) : target) : p);
    if (f.str('port')) {
      const p = Number(f.str('port'));
      ports = [{ port: p, protocol: protocol || 'TCP', targetPort: targetPort(p) }];
    } else if (intro.ports.length) {
      ports = intro.ports.map((p, i) => ({
        ...(intro.ports.length > 1 ? { name: p.name ?? `port-${i + 1}` } : {}),
        port: p.port,
        protocol: protocol || p.protocol,
        targetPort: targetPort(p.port)
      }));
    } else {
      out.fail(usageError(inv.path, "couldn't find port via --port flag or introspection"));
      continue;
    }
    const name = f.str('name') || obj.metadata.name;
    const svcSpec: Record<string, unknown> = { ports, selector };
    if (f.str('type')) svcSpec.type = f.str('type');
    if (f.str('external-ip')) svcSpec.externalIPs = f.str('external-ip').split(',');
    if (f.str('load-balancer-ip')) svcSpec.loadBalancerIP = f.str('load-balancer-ip');
    if (f.str('cluster-ip')) svcSpec.clusterIP = f.str('cluster-ip');
    if (f.str('session-affinity')) svcSpec.sessionAffinity = f.str('session-affinity');
    const labels = f.str('labels') ? labelMap(f.str('labels')) : obj.metadata.labels;
    const metadata: Record<string, unknown> = { creationTimestamp: null, name };
    if (labels && Object.keys(labels).length) metadata.labels = labels;
    if (s.explicitNs) metadata.namespace = s.namespace;
    const svc = { apiVersion: 'v1', kind: 'Service', metadata, spec: svcSpec, status: { loadBalancer: {} } };
    const before = out.stdout.length;
    createOne(s, out, s.api.resourceById('services')!, svc, { source: '', dry: dry.mode, spec, save: false, printed });
    // expose prints "exposed" where create prints "created".
    out.stdout = out.stdout.slice(0, before) + out.stdout.slice(before).replace(/ created( \(|$|\n)/, ' exposed$1');
  }
  printCreated(out, spec, printed);
  return out.result();
}

export const exposeVerb: Verb = {
  name: 'expose',
  short: 'Take a replication controller, service, deployment or pod and expose it as a new Kubernetes service',
  usage: 'kubectl expose (-f FILENAME | TYPE NAME) [--port=port] [--protocol=TCP|UDP|SCTP] [--target-port=number-or-name] [--name=name] [--external-ip=external-ip-of-service] [--type=type] [options]',
  flags: FLAGS,
  run
};
