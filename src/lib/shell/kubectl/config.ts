import type { CommandResult } from '../types';
import type { Invocation, Verb } from './context';
import { failWith, plain } from './errors';
import { printYaml, renderTable } from './print';

/**
 * `kubectl config`: the kubeconfig kind writes (one kind-<name> context per cluster, the current
 * one set by `kind create cluster`), or the admin kubeconfig inside a control-plane container.
 */

interface KubeContext {
  name: string;
  cluster: string;
  user: string;
  server: string;
}

function contexts(inv: Invocation): { list: KubeContext[]; current: string } {
  const lab = inv.sh.lab;
  if (inv.sh.container) {
    const inCp = lab.kind
      .names()
      .map((n) => lab.kind.get(n)!)
      .find((c) => c.controlPlane().name === inv.sh.container);
    if (!inCp) return { list: [], current: '' };
    return {
      list: [{ name: 'kubernetes-admin@kubernetes', cluster: inCp.name, user: 'kubernetes-admin', server: `https://${inv.sh.container}:6443` }],
      current: 'kubernetes-admin@kubernetes'
    };
  }
  const list = lab.kind.names().map((n) => {
    const c = lab.kind.get(n)!;
    return { name: `kind-${n}`, cluster: `kind-${n}`, user: `kind-${n}`, server: `https://127.0.0.1:${c.apiServerHostPort}` };
  });
  return { list, current: lab.kind.current ? `kind-${lab.kind.current}` : '' };
}

function ok(stdout: string): CommandResult {
  return { stdout, stderr: '', exitCode: 0 };
}

const currentContext: Verb = {
  name: 'current-context',
  short: 'Display the current-context',
  usage: 'kubectl config current-context [options]',
  flags: [],
  async run(inv) {
    const { current } = contexts(inv);
    return current ? ok(current + '\n') : failWith(plain('current-context is not set'));
  }
};

const getContexts: Verb = {
  name: 'get-contexts',
  short: 'Describe one or many contexts',
  usage: 'kubectl config get-contexts [(-o|--output=)name)] [options]',
  flags: [
    { name: 'output', short: 'o', type: 'string' },
    { name: 'no-headers', type: 'bool' }
  ],
  async run(inv) {
    const { list, current } = contexts(inv);
    const wanted = inv.args.length ? list.filter((c) => inv.args.includes(c.name)) : list;
    const missing = inv.args.filter((a) => !list.some((c) => c.name === a));
    if (missing.length) return failWith(plain(`context ${missing[0]} not found`));
    if (inv.flags.str('output') === 'name') return ok(wanted.map((c) => c.name + '\n').join(''));
    const rows = wanted.map((c) => [c.name === current ? '*' : '', c.name, c.cluster, c.user, '']);
    return ok(renderTable({ headers: ['Current', 'Name', 'Cluster', 'Authinfo', 'Namespace'], rows }, { noHeaders: inv.flags.bool('no-headers') }));
  }
};

const useContext: Verb = {
  name: 'use-context',
  aliases: ['use'],
  short: 'Set the current-context in a kubeconfig file',
  usage: 'kubectl config use-context CONTEXT_NAME [options]',
  flags: [],
  async run(inv) {
    if (inv.args.length !== 1) return failWith(plain(`Unexpected args: [${inv.args.join(' ')}]`));
    const name = inv.args[0];
    const { list } = contexts(inv);
    if (!list.some((c) => c.name === name)) return failWith(plain(`no context exists with the name: ${JSON.stringify(name)}`));
    // Switching contexts on the learner's machine is what kubectl does to ~/.kube/config.
    if (!inv.sh.container) inv.sh.lab.kind.current = name.slice('kind-'.length);
    return ok(`Switched to context ${JSON.stringify(name)}.\n`);
  }
};

const view: Verb = {
  name: 'view',
  short: 'Display merged kubeconfig settings or a specified kubeconfig file',
  usage: 'kubectl config view [flags] [options]',
  flags: [
    { name: 'minify', type: 'bool' },
    { name: 'raw', type: 'bool' },
    { name: 'flatten', type: 'bool' },
    { name: 'output', short: 'o', type: 'string', def: 'yaml' }
  ],
  async run(inv) {
    let { list, current } = contexts(inv);
    if (inv.flags.bool('minify')) list = list.filter((c) => c.name === current);
    const secret = inv.flags.bool('raw') ? 'REDACTED' : 'DATA+OMITTED';
    const cfg = {
      apiVersion: 'v1',
      clusters: list.length ? list.map((c) => ({ cluster: { 'certificate-authority-data': secret, server: c.server }, name: c.cluster })) : null,
      contexts: list.length ? list.map((c) => ({ context: { cluster: c.cluster, user: c.user }, name: c.name })) : null,
      'current-context': current,
      kind: 'Config',
      preferences: {},
      users: list.length ? list.map((c) => ({ name: c.user, user: { 'client-certificate-data': secret, 'client-key-data': secret } })) : null
    };
    return ok(printYaml(cfg));
  }
};

export const configVerb: Verb = {
  name: 'config',
  short: 'Modify kubeconfig files using subcommands like "kubectl config set current-context my-context"',
  usage: 'kubectl config SUBCOMMAND [options]',
  flags: [],
  subcommands: [currentContext, getContexts, useContext, view],
  async run(inv) {
    if (inv.args.length) return failWith(plain(`unknown command ${JSON.stringify(inv.args[0])} for "kubectl config"`));
    return ok(
      'Modify kubeconfig files using subcommands like "kubectl config set current-context my-context".\n\nAvailable Commands:\n  current-context   Display the current-context\n  get-contexts      Describe one or many contexts\n  use-context       Set the current-context in a kubeconfig file\n  view              Display merged kubeconfig settings or a specified kubeconfig file\n\nUsage:\n  kubectl config SUBCOMMAND [options]\n'
    );
  }
};
