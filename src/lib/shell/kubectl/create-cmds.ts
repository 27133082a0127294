import type { ResourceInfo } from '../../engine/k8s/resources';
import type { CommandResult } from '../types';
import type { Invocation, Session, Verb } from './context';
import { GENERATOR_FLAGS, runGenerator } from './create-common';
import { failWith, plain, usageError } from './errors';
import type { FlagSpec } from './flags';

/**
 * `kubectl create <generator> NAME`: namespace, deployment, configmap, secret generic, service
 * (clusterip/nodeport/loadbalancer) and serviceaccount, building the objects kubectl builds.
 */

type Built = { resource: ResourceInfo; obj: Record<string, unknown> } | { error: string };

function res(s: Session, id: string): ResourceInfo {
  return s.api.resourceById(id)!;
}

/** One NAME argument, or kubectl's NameFromCommandArgs error. */
function oneName(inv: Invocation): string | CommandResult {
  if (inv.args.length !== 1) return failWith(usageError(inv.path, `exactly one NAME is required, got ${inv.args.length}`));
  return inv.args[0];
}

/** A container name from an image: last path part, without tag or digest (sanitized). */
export function containerNameFromImage(image: string): string {
  const base = image.split('/').pop() ?? image;
  return base.split('@')[0].split(':')[0].replace(/_/g, '-').toLowerCase();
}

function generator(name: string, aliases: string[], short: string, usage: string, flags: FlagSpec[], build: (inv: Invocation, name: string, s: Session) => Built): Verb {
  return {
    name,
    aliases,
    short,
    usage,
    flags: [...GENERATOR_FLAGS, ...flags],
    async run(inv) {
      const n = oneName(inv);
      if (typeof n !== 'string') return n;
      return runGenerator(inv, (s) => build(inv, n, s));
    }
  };
}

/** --from-literal=key=value pairs (value may contain '='). */
function literals(list: string[]): Record<string, string> | { error: string } {
  const data: Record<string, string> = {};
  for (const l of list) {
    const eq = l.indexOf('=');
    if (eq <= 0) return { error: `invalid literal source ${l}, expected key=value` };
    data[l.slice(0, eq)] = l.slice(eq + 1);
  }
  return data;
}

function base64(s: string): string {
  let bin = '';
  for (const b of new TextEncoder().encode(s)) bin += String.fromCharCode(b);
  return btoa(bin);
}

const namespaceCmd = generator('namespace', ['ns'], 'Create a namespace with the specified name', 'kubectl create namespace NAME [--dry-run=server|client|none] [options]', [], (_inv, name, s) => ({
  resource: res(s, 'namespaces'),
  obj: { apiVersion: 'v1', kind: 'Namespace', metadata: { creationTimestamp: null, name }, spec: {}, status: {} }
}));

const deploymentCmd: Verb = {
  name: 'deployment',
  aliases: ['deploy'],
  short: 'Create a deployment with the specified name',
  usage: 'kubectl create deployment NAME --image=image -- [COMMAND] [args...] [options]',
  flags: [
    ...GENERATOR_FLAGS,
    { name: 'image', type: 'stringSlice' },
    { name: 'replicas', short: 'r', type: 'int', def: 1 },
    { name: 'port', type: 'int', def: -1 }
  ],
  async run(inv) {
    const names = inv.dashAt >= 0 ? inv.args.slice(0, inv.dashAt) : inv.args;
    if (names.length !== 1) return failWith(usageError(inv.path, `exactly one NAME is required, got ${names.length}`));
    if (!inv.flags.list('image').length) return failWith(plain('required flag(s) "image" not set'));
    if (inv.flags.list('image').length > 1 && inv.dashAt >= 0) return failWith(plain('cannot specify multiple --image options and command'));
    return runGenerator(inv, (s) => buildDeployment(inv, names[0], s), 'failed to create deployment');
  }
};

function buildDeployment(inv: Invocation, name: string, s: Session): Built {
  const images = inv.flags.list('image');
  const port = inv.flags.int('port', -1);
  const command = inv.dashAt >= 0 ? inv.args.slice(inv.dashAt) : [];
  const containers = images.map((image) => {
    const c: Record<string, unknown> = { image, name: containerNameFromImage(image), resources: {} };
    if (command.length) c.command = command;
    if (port >= 0) c.ports = [{ containerPort: port }];
    return c;
  });
  const labels = { app: name };
  return {
    resource: res(s, 'deployments.apps'),
    obj: {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { creationTimestamp: null, labels, name },
      spec: {
        replicas: inv.flags.int('replicas', 1),
        selector: { matchLabels: labels },
        strategy: {},
        template: { metadata: { creationTimestamp: null, labels }, spec: { containers } }
      },
      status: {}
    }
  };
}

const configmapCmd = generator(
  'configmap',
  ['cm'],
  'Create a config map from a local file, directory or literal value',
  'kubectl create configmap NAME [--from-file=[key=]source] [--from-literal=key1=value1] [--dry-run=server|client|none] [options]',
  [
    { name: 'from-literal', type: 'stringArray' },
    { name: 'from-file', type: 'stringSlice' },
    { name: 'from-env-file', type: 'stringSlice' },
    { name: 'append-hash', type: 'bool' }
  ],
  (inv, name, s) => {
    const data = literals(inv.flags.list('from-literal'));
    if ('error' in data && typeof data.error === 'string') return { error: data.error };
    const obj: Record<string, unknown> = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { creationTimestamp: null, name } };
    if (Object.keys(data).length) obj.data = data;
    return { resource: res(s, 'configmaps'), obj };
  }
);

const secretCmd: Verb = {
  name: 'secret',
  short: 'Create a secret using a specified subcommand',
  usage: 'kubectl create secret (docker-registry | generic | tls) [options]',
  flags: [...GENERATOR_FLAGS, { name: 'from-literal', type: 'stringArray' }, { name: 'from-file', type: 'stringSlice' }, { name: 'type', type: 'string' }, { name: 'append-hash', type: 'bool' }],
  async run(inv) {
    const [kind, ...rest] = inv.args;
    if (kind !== 'generic') return failWith(plain(kind ? `unknown command ${JSON.stringify(kind)} for "kubectl create secret"` : 'must specify a subcommand: docker-registry, generic or tls'));
    if (rest.length !== 1) return failWith(usageError('kubectl create secret generic', `exactly one NAME is required, got ${rest.length}`));
    return runGenerator(inv, (s) => {
      const data = literals(inv.flags.list('from-literal'));
      if ('error' in data && typeof data.error === 'string') return { error: data.error };
      const enc: Record<string, string> = {};
      for (const [k, v] of Object.entries(data)) enc[k] = base64(v);
      const obj: Record<string, unknown> = { apiVersion: 'v1', kind: 'Secret', metadata: { creationTimestamp: null, name: rest[0] } };
      if (Object.keys(enc).length) obj.data = enc;
      obj.type = inv.flags.str('type') || 'Opaque';
      return { resource: res(s, 'secrets'), obj };
    });
  }
};

const serviceCmd: Verb = {
  name: 'service',
  aliases: ['svc'],
  short: 'Create a service using a specified subcommand',
  usage: 'kubectl create service (clusterip | externalname | loadbalancer | nodeport) [options]',
  flags: [...GENERATOR_FLAGS, { name: 'tcp', type: 'stringSlice' }, { name: 'clusterip', type: 'string' }, { name: 'node-port', type: 'int' }],
  async run(inv) {
    const [kind, ...rest] = inv.args;
    const types: Record<string, string> = { clusterip: 'ClusterIP', nodeport: 'NodePort', loadbalancer: 'LoadBalancer' };
    if (!kind || !types[kind]) return failWith(plain(kind ? `unknown command ${JSON.stringify(kind)} for "kubectl create service"` : 'must specify a subcommand: clusterip, externalname, loadbalancer or nodeport'));
    const path = `kubectl create service ${kind}`;
    if (rest.length !== 1) return failWith(usageError(path, `exactly one NAME is required, got ${rest.length}`));
    const name = rest[0];
    const tcp = inv.flags.list('tcp');
    if (!tcp.length && inv.flags.str('clusterip') !== 'None') return failWith(plain('at least one tcp port specifier must be provided'));
    return runGenerator(inv, (s) => {
      const ports: Record<string, unknown>[] = [];
      for (const t of tcp) {
        const [p, tp] = t.split(':');
        const port = Number(p);
        const target = tp === undefined ? port : /^\d+$/.test(tp) ? Number(tp) : tp;
        if (!Number.isInteger(port)) return { error: `strconv.Atoi: parsing ${JSON.stringify(p)}: invalid syntax` };
        const entry: Record<string, unknown> = { name: `${p}-${tp ?? p}`, port, protocol: 'TCP', targetPort: target };
        if (kind === 'nodeport' && inv.flags.int('node-port') > 0) entry.nodePort = inv.flags.int('node-port');
        ports.push(entry);
      }
      const spec: Record<string, unknown> = { ports, selector: { app: name }, type: types[kind] };
      if (inv.flags.str('clusterip')) spec.clusterIP = inv.flags.str('clusterip');
      return {
        resource: res(s, 'services'),
        obj: { apiVersion: 'v1', kind: 'Service', metadata: { creationTimestamp: null, labels: { app: name }, name }, spec, status: { loadBalancer: {} } }
      };
    });
  }
};

const serviceAccountCmd = generator('serviceaccount', ['sa'], 'Create a service account with the specified name', 'kubectl create serviceaccount NAME [--dry-run=server|client|none] [options]', [], (_inv, name, s) => ({
  resource: res(s, 'serviceaccounts'),
  obj: { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { creationTimestamp: null, name } }
}));

export const createSubcommands: Verb[] = [configmapCmd, deploymentCmd, namespaceCmd, secretCmd, serviceCmd, serviceAccountCmd];
