import type { CommandResult } from '../types';
import { type Invocation, type Verb, isResult, openSession } from './context';
import { createOne, printCreated } from './create-common';
import { DRY_RUN_FLAG, dryRunOf } from './dryrun';
import { Output, failWith, plain, usageError } from './errors';
import type { FlagSpec } from './flags';
import { OBJECT_FORMATS, parseOutput } from './output';
import type { Info } from './resolve';

const FLAGS: FlagSpec[] = [
  { name: 'image', type: 'string' },
  { name: 'restart', type: 'string', def: 'Always' },
  { name: 'labels', short: 'l', type: 'string' },
  { name: 'port', type: 'string' },
  { name: 'env', type: 'stringArray' },
  { name: 'command', type: 'bool' },
  { name: 'expose', type: 'bool' },
  { name: 'annotations', type: 'stringArray' },
  { name: 'image-pull-policy', type: 'string' },
  { name: 'privileged', type: 'bool' },
  { name: 'overrides', type: 'string' },
  { name: 'rm', type: 'bool' },
  { name: 'stdin', short: 'i', type: 'bool' },
  { name: 'tty', short: 't', type: 'bool' },
  { name: 'attach', type: 'bool' },
  { name: 'quiet', short: 'q', type: 'bool' },
  { name: 'leave-stdin-open', type: 'bool' },
  { name: 'pod-running-timeout', type: 'duration' },
  { name: 'output', short: 'o', type: 'string' },
  DRY_RUN_FLAG,
  { name: 'field-manager', type: 'string', def: 'kubectl-run' },
  { name: 'save-config', type: 'bool' },
  { name: 'template', type: 'string' },
  { name: 'allow-missing-template-keys', type: 'bool', def: true },
  { name: 'show-managed-fields', type: 'bool' }
];

function pairs(s: string): Record<string, string> | null {
  const out: Record<string, string> = {};
  for (const p of s.split(',').filter(Boolean)) {
    const eq = p.indexOf('=');
    if (eq <= 0) return null;
    out[p.slice(0, eq)] = p.slice(eq + 1);
  }
  return out;
}

/**
 * `kubectl run NAME --image=IMAGE`: a Pod as kubectl's generator builds it (label run=NAME,
 * container named NAME). Interactive attach (-i/-t/--rm) is not modelled: the pod is created.
 */
async function run(inv: Invocation): Promise<CommandResult> {
  const f = inv.flags;
  const names = inv.dashAt >= 0 ? inv.args.slice(0, inv.dashAt) : inv.args;
  const rest = inv.dashAt >= 0 ? inv.args.slice(inv.dashAt) : names.slice(1);
  if (!names.length) return failWith(usageError(inv.path, 'NAME is required for run'));
  const name = names[0];
  if (!f.str('image')) return failWith(plain('required flag(s) "image" not set'));
  const restart = f.str('restart');
  if (!['Always', 'OnFailure', 'Never'].includes(restart)) return failWith(plain(`invalid restart policy: ${restart}`));
  if (f.bool('expose') && !f.str('port')) return failWith(plain('--port must be set when exposing a service'));
  const labels = f.str('labels') ? pairs(f.str('labels')) : { run: name };
  if (!labels) return failWith(plain(`invalid label spec: ${f.str('labels')}`));
  const spec = parseOutput(f.str('output'), OBJECT_FORMATS);
  if ('t' in spec) return failWith(spec);
  const dry = dryRunOf(f, inv.sh);
  if ('t' in dry) return failWith(dry);
  const s = await openSession(inv);
  if (isResult(s)) return s;
  const out = new Output();
  out.err(dry.warning);
  const container: Record<string, unknown> = { image: f.str('image'), name, resources: {} };
  if (rest.length) container[f.bool('command') ? 'command' : 'args'] = rest;
  if (f.list('env').length) container.env = f.list('env').map((e) => ({ name: e.split('=')[0], value: e.split('=').slice(1).join('=') }));
  if (f.str('image-pull-policy')) container.imagePullPolicy = f.str('image-pull-policy');
  const port = Number(f.str('port'));
  if (f.str('port')) container.ports = [{ containerPort: port }];
  const metadata: Record<string, unknown> = { creationTimestamp: null, labels, name };
  if (s.explicitNs) metadata.namespace = s.namespace;
  const pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata,
    spec: { containers: [container], dnsPolicy: 'ClusterFirst', restartPolicy: restart },
    status: {}
  };
  const printed: Info[] = [];
  const opts = { source: '', dry: dry.mode, spec, save: f.bool('save-config'), printed };
  if (f.bool('expose')) {
    const svc = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { creationTimestamp: null, name, ...(s.explicitNs ? { namespace: s.namespace } : {}) },
      spec: { ports: [{ port, protocol: 'TCP', targetPort: port }], selector: labels },
      status: { loadBalancer: {} }
    };
    createOne(s, out, s.api.resourceById('services')!, svc, opts);
  }
  createOne(s, out, s.api.resourceById('pods')!, pod, opts);
  printCreated(out, spec, printed);
  return out.result();
}

export const runVerb: Verb = {
  name: 'run',
  short: 'Run a particular image on the cluster',
  usage: 'kubectl run NAME --image=image [--env="key=value"] [--port=port] [--dry-run=server|client] [--overrides=inline-json] [--command] -- [COMMAND] [args...] [options]',
  flags: FLAGS,
  run
};
