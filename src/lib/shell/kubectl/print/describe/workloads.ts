import type { DaemonSet, Deployment, KObject, Pod, ReplicaSet } from '../../../../engine/k8s/types';
import { formatRFC1123Z } from '../duration';
import { goJsonMarshal } from '../gojson';
import { formatLabels, formatLabelSelector, selectorMatches, selectorString } from '../labels';
import { intOrString, num, path, rec, str } from '../util';
import { describePodTemplate } from './containers';
import { controllerString, describeEvents, eventsFor, printAnnotationsMultiline, printLabelsMultiline, type DescribeContext } from './helpers';
import { LEVEL_0, LEVEL_1, PrefixWriter } from './writer';

/** getPodStatusForController: phases of the pods this controller owns. */
function podStatusCounts(ctx: DescribeContext, owner: KObject, selector: Parameters<typeof selectorMatches>[0]): string {
  let running = 0;
  let waiting = 0;
  let succeeded = 0;
  let failed = 0;
  for (const p of ctx.api?.list<Pod>('pods', owner.metadata.namespace) ?? []) {
    if (!selectorMatches(selector, p.metadata.labels)) continue;
    const ref = p.metadata.ownerReferences?.find((r) => r.controller === true);
    if (!ref || ref.uid !== owner.metadata.uid) continue;
    switch (p.status?.phase) {
      case 'Running':
        running++;
        break;
      case 'Pending':
        waiting++;
        break;
      case 'Succeeded':
        succeeded++;
        break;
      case 'Failed':
        failed++;
        break;
    }
  }
  return `${running} Running / ${waiting} Waiting / ${succeeded} Succeeded / ${failed} Failed`;
}

function conditionsTable(w: PrefixWriter, conditions: unknown): void {
  const list = Array.isArray(conditions) ? conditions : [];
  if (!list.length) return;
  w.write(LEVEL_0, 'Conditions:\n  Type\tStatus\tReason\n');
  w.write(LEVEL_1, '----\t------\t------\n');
  for (const c of list) {
    const r = rec(c) ?? {};
    w.write(LEVEL_1, `${str(r.type)} \t${str(r.status)}\t${str(r.reason)}\n`);
  }
}

function templateKey(t: unknown): string {
  const copy = JSON.parse(JSON.stringify(t ?? {})) as { metadata?: { labels?: Record<string, string> } };
  if (copy.metadata?.labels) delete copy.metadata.labels['pod-template-hash'];
  return goJsonMarshal(copy);
}

function replicaSetsString(rss: ReplicaSet[]): string {
  const s = rss.map((rs) => `${rs.metadata.name} (${rs.status?.replicas ?? 0}/${rs.spec?.replicas ?? 1} replicas created)`).join(', ');
  return s || '<none>';
}

export function describeDeployment(d: Deployment, ctx: DescribeContext): string {
  const w = new PrefixWriter();
  const spec = d.spec;
  const st = d.status ?? {};
  w.write(LEVEL_0, `Name:\t${d.metadata.name}\n`);
  w.write(LEVEL_0, `Namespace:\t${d.metadata.namespace ?? ''}\n`);
  w.write(LEVEL_0, `CreationTimestamp:\t${formatRFC1123Z(d.metadata.creationTimestamp)}\n`);
  printLabelsMultiline(w, 'Labels', d.metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', d.metadata.annotations);
  w.write(LEVEL_0, `Selector:\t${selectorString(spec?.selector)}\n`);
  w.write(
    LEVEL_0,
    `Replicas:\t${spec?.replicas ?? 1} desired | ${st.updatedReplicas ?? 0} updated | ${st.replicas ?? 0} total | ${st.availableReplicas ?? 0} available | ${
      st.unavailableReplicas ?? 0
    } unavailable\n`
  );
  const strategy = rec(spec?.strategy) ?? {};
  const strategyType = str(strategy.type) || 'RollingUpdate';
  w.write(LEVEL_0, `StrategyType:\t${strategyType}\n`);
  w.write(LEVEL_0, `MinReadySeconds:\t${num(path(d, 'spec', 'minReadySeconds')) ?? 0}\n`);
  if (strategyType === 'RollingUpdate') {
    const ru = rec(strategy.rollingUpdate) ?? {};
    const mu = ru.maxUnavailable !== undefined ? intOrString(ru.maxUnavailable) : '25%';
    const ms = ru.maxSurge !== undefined ? intOrString(ru.maxSurge) : '25%';
    w.write(LEVEL_0, `RollingUpdateStrategy:\t${mu} max unavailable, ${ms} max surge\n`);
  }
  describePodTemplate(w, spec?.template);
  conditionsTable(w, st.conditions);
  if (ctx.api) {
    const owned = ctx.api
      .list<ReplicaSet>('replicasets.apps', d.metadata.namespace)
      .filter((rs) => rs.metadata.ownerReferences?.some((r) => r.controller === true && r.uid === d.metadata.uid));
    const key = templateKey(spec?.template);
    const newRS = owned.find((rs) => templateKey(rs.spec?.template) === key);
    const oldRSs = owned.filter((rs) => rs !== newRS);
    w.write(LEVEL_0, `OldReplicaSets:\t${replicaSetsString(oldRSs)}\n`);
    w.write(LEVEL_0, `NewReplicaSet:\t${replicaSetsString(newRS ? [newRS] : [])}\n`);
  }
  const events = eventsFor(ctx, d);
  if (events) describeEvents(w, events, ctx.nowMs);
  return w.toString();
}

export function describeReplicaSet(rs: ReplicaSet, ctx: DescribeContext): string {
  const w = new PrefixWriter();
  w.write(LEVEL_0, `Name:\t${rs.metadata.name}\n`);
  w.write(LEVEL_0, `Namespace:\t${rs.metadata.namespace ?? ''}\n`);
  w.write(LEVEL_0, `Selector:\t${formatLabelSelector(rs.spec?.selector)}\n`);
  printLabelsMultiline(w, 'Labels', rs.metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', rs.metadata.annotations);
  const controlledBy = controllerString(rs);
  if (controlledBy) w.write(LEVEL_0, `Controlled By:\t${controlledBy}\n`);
  w.write(LEVEL_0, `Replicas:\t${rs.status?.replicas ?? 0} current / ${rs.spec?.replicas ?? 1} desired\n`);
  w.write(LEVEL_0, `Pods Status:\t${podStatusCounts(ctx, rs, rs.spec?.selector)}\n`);
  describePodTemplate(w, rs.spec?.template);
  conditionsTable(w, path(rs, 'status', 'conditions'));
  const events = eventsFor(ctx, rs);
  if (events) describeEvents(w, events, ctx.nowMs);
  return w.toString();
}

export function describeDaemonSet(ds: DaemonSet, ctx: DescribeContext): string {
  const w = new PrefixWriter();
  const st = ds.status;
  w.write(LEVEL_0, `Name:\t${ds.metadata.name}\n`);
  w.write(LEVEL_0, `Namespace:\t${ds.metadata.namespace ?? ''}\n`);
  w.write(LEVEL_0, `Selector:\t${selectorString(ds.spec?.selector)}\n`);
  w.write(LEVEL_0, `Node-Selector:\t${formatLabels(ds.spec?.template?.spec?.nodeSelector)}\n`);
  printLabelsMultiline(w, 'Labels', ds.metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', ds.metadata.annotations);
  w.write(LEVEL_0, `Desired Number of Nodes Scheduled: ${st?.desiredNumberScheduled ?? 0}\n`);
  w.write(LEVEL_0, `Current Number of Nodes Scheduled: ${st?.currentNumberScheduled ?? 0}\n`);
  w.write(LEVEL_0, `Number of Nodes Scheduled with Up-to-date Pods: ${st?.updatedNumberScheduled ?? 0}\n`);
  w.write(LEVEL_0, `Number of Nodes Scheduled with Available Pods: ${st?.numberAvailable ?? 0}\n`);
  w.write(LEVEL_0, `Number of Nodes Misscheduled: ${st?.numberMisscheduled ?? 0}\n`);
  w.write(LEVEL_0, `Pods Status:\t${podStatusCounts(ctx, ds, ds.spec?.selector)}\n`);
  describePodTemplate(w, ds.spec?.template);
  const events = eventsFor(ctx, ds);
  if (events) describeEvents(w, events, ctx.nowMs);
  return w.toString();
}
