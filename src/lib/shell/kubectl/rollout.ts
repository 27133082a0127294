import type { DaemonSet, Deployment, KObject } from '../../engine/k8s/types';
import type { CommandResult } from '../types';
import { type Invocation, type Verb, isResult, openSession } from './context';
import { Output, apiErr, failWith, plain, usageError } from './errors';
import { fetchRefs, kindName, parseRefs } from './resolve';
import { updateObject } from './server';

/** How long `rollout status` waits without --timeout (kubectl would wait forever). */
const STATUS_CAP_MS = 300_000;
const STEP_MS = 500;

type Status = { msg: string; done: boolean } | { error: string };

/** The status viewers of kubectl's polymorphichelpers (rollout_status.go). */
function statusOf(o: KObject): Status {
  const gen = o.metadata.generation ?? 0;
  if (o.kind === 'Deployment') {
    const d = o as Deployment;
    const st = d.status ?? {};
    const name = d.metadata.name;
    if (gen <= (st.observedGeneration ?? 0)) {
      const prog = st.conditions?.find((c) => c.type === 'Progressing');
      if (prog?.reason === 'ProgressDeadlineExceeded') return { error: `deployment ${JSON.stringify(name)} exceeded its progress deadline` };
      const want = d.spec.replicas ?? 1;
      const updated = st.updatedReplicas ?? 0;
      if (updated < want) return { msg: `Waiting for deployment ${JSON.stringify(name)} rollout to finish: ${updated} out of ${want} new replicas have been updated...\n`, done: false };
      if ((st.replicas ?? 0) > updated)
        return { msg: `Waiting for deployment ${JSON.stringify(name)} rollout to finish: ${(st.replicas ?? 0) - updated} old replicas are pending termination...\n`, done: false };
      if ((st.availableReplicas ?? 0) < updated)
        return { msg: `Waiting for deployment ${JSON.stringify(name)} rollout to finish: ${st.availableReplicas ?? 0} of ${updated} updated replicas are available...\n`, done: false };
      return { msg: `deployment ${JSON.stringify(name)} successfully rolled out\n`, done: true };
    }
    return { msg: 'Waiting for deployment spec update to be observed...\n', done: false };
  }
  if (o.kind === 'DaemonSet') {
    const d = o as DaemonSet;
    const st = d.status;
    const name = d.metadata.name;
    if (st && gen <= (st.observedGeneration ?? 0)) {
      if ((st.updatedNumberScheduled ?? 0) < st.desiredNumberScheduled)
        return { msg: `Waiting for daemon set ${JSON.stringify(name)} rollout to finish: ${st.updatedNumberScheduled ?? 0} out of ${st.desiredNumberScheduled} new pods have been updated...\n`, done: false };
      if ((st.numberAvailable ?? 0) < st.desiredNumberScheduled)
        return { msg: `Waiting for daemon set ${JSON.stringify(name)} rollout to finish: ${st.numberAvailable ?? 0} of ${st.desiredNumberScheduled} updated pods are available...\n`, done: false };
      return { msg: `daemon set ${JSON.stringify(name)} successfully rolled out\n`, done: true };
    }
    return { msg: 'Waiting for daemon set spec update to be observed...\n', done: false };
  }
  if (o.kind === 'StatefulSet') {
    const st = (o.status ?? {}) as { observedGeneration?: number; readyReplicas?: number; updatedReplicas?: number };
    const want = ((o.spec ?? {}) as { replicas?: number }).replicas ?? 1;
    if (gen > (st.observedGeneration ?? 0)) return { msg: 'Waiting for statefulset spec update to be observed...\n', done: false };
    if ((st.readyReplicas ?? 0) < want) return { msg: `Waiting for ${want - (st.readyReplicas ?? 0)} pods to be ready...\n`, done: false };
    return { msg: `statefulset rolling update complete ${want} pods at revision ${o.metadata.name}...\n`, done: true };
  }
  return { error: `no status viewer has been implemented for ${o.kind}` };
}

const statusCmd: Verb = {
  name: 'status',
  short: 'Show the status of the rollout',
  usage: 'kubectl rollout status (TYPE NAME | TYPE/NAME) [flags] [options]',
  flags: [
    { name: 'watch', short: 'w', type: 'bool', def: true },
    { name: 'timeout', type: 'duration' },
    { name: 'revision', type: 'int' },
    { name: 'selector', short: 'l', type: 'string' },
    { name: 'filename', short: 'f', type: 'stringSlice' },
    { name: 'recursive', short: 'R', type: 'bool' }
  ],
  async run(inv: Invocation): Promise<CommandResult> {
    if (!inv.args.length) return failWith(usageError(inv.path, 'required resource not specified'));
    const s = await openSession(inv);
    if (isResult(s)) return s;
    const parsed = parseRefs(s, inv.args);
    if (!parsed.ok) return failWith(parsed.error);
    if (parsed.refs.length !== 1 || parsed.refs[0].name === undefined) return failWith(plain('rollout status is only supported on individual resources and resource collections - 0 resources were found'));
    const ref = parsed.refs[0];
    const out = new Output();
    const timeout = inv.flags.changed('timeout') && inv.flags.int('timeout') > 0 ? inv.flags.int('timeout') : STATUS_CAP_MS;
    const deadline = s.sh.lab.now() + timeout;
    let last = '';
    for (;;) {
      const fetched = fetchRefs(s, [ref]);
      if (fetched.errors.length) return failWith(fetched.errors[0], out);
      const st = statusOf(fetched.infos[0].obj);
      if ('error' in st) return failWith(plain(st.error), out);
      // Print each status as the watch sees it change (repeats are collapsed).
      if (st.msg !== last) out.out(st.msg);
      last = st.msg;
      if (st.done || !inv.flags.bool('watch')) break;
      if (s.sh.lab.now() >= deadline || inv.sh.signal?.aborted) {
        if (inv.flags.changed('timeout')) out.fail(plain('timed out waiting for the condition'));
        break;
      }
      await s.sh.advance(STEP_MS);
    }
    return out.result();
  }
};

const restartCmd: Verb = {
  name: 'restart',
  short: 'Restart a resource',
  usage: 'kubectl rollout restart RESOURCE [options]',
  flags: [
    { name: 'selector', short: 'l', type: 'string' },
    { name: 'output', short: 'o', type: 'string' },
    { name: 'filename', short: 'f', type: 'stringSlice' },
    { name: 'field-manager', type: 'string', def: 'kubectl-rollout' }
  ],
  async run(inv: Invocation): Promise<CommandResult> {
    if (!inv.args.length) return failWith(usageError(inv.path, 'required resource not specified'));
    const s = await openSession(inv);
    if (isResult(s)) return s;
    const parsed = parseRefs(s, inv.args);
    if (!parsed.ok) return failWith(parsed.error);
    const fetched = fetchRefs(s, parsed.refs, { selector: inv.flags.str('selector') });
    const out = new Output();
    for (const e of fetched.errors) out.fail(e);
    for (const { resource, obj } of fetched.infos) {
      if (!['Deployment', 'DaemonSet', 'StatefulSet'].includes(obj.kind)) {
        out.fail(plain(`restarting is not supported`));
        continue;
      }
      const copy = JSON.parse(JSON.stringify(obj)) as KObject;
      const tpl = ((copy.spec as { template?: { metadata?: { annotations?: Record<string, string> } } }).template ??= {});
      tpl.metadata ??= {};
      tpl.metadata.annotations = { ...(tpl.metadata.annotations ?? {}), 'kubectl.kubernetes.io/restartedAt': s.sh.lab.sim.clock.rfc3339() };
      const r = updateObject(s, copy);
      if (!r.ok) out.fail(apiErr(r.error));
      else out.out(`${kindName(resource, obj.metadata.name)} restarted\n`);
    }
    return out.result();
  }
};

export const rolloutVerb: Verb = {
  name: 'rollout',
  short: 'Manage the rollout of a resource',
  usage: 'kubectl rollout SUBCOMMAND [options]',
  flags: [],
  subcommands: [restartCmd, statusCmd],
  async run(inv) {
    if (inv.args.length) return failWith(plain(`unknown command ${JSON.stringify(inv.args[0])} for "kubectl rollout"`));
    return {
      stdout:
        'Manage the rollout of one or many resources.\n\nAvailable Commands:\n  restart       Restart a resource\n  status        Show the status of the rollout\n\nUsage:\n  kubectl rollout SUBCOMMAND [options]\n',
      stderr: '',
      exitCode: 0
    };
  }
};
