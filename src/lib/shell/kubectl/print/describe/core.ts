import type { ConfigMap, Endpoints, KObject, Namespace, Secret } from '../../../../engine/k8s/types';
import { formatRFC1123Z } from '../duration';
import { goStringLess, sortedKeys } from '../labels';
import { arr, path, rec, str } from '../util';
import { describeEvents, eventsFor, printAnnotationsMultiline, printLabelsMultiline, type DescribeContext } from './helpers';
import { LEVEL_0, LEVEL_1, LEVEL_2, PrefixWriter } from './writer';

export function describeEndpoints(ep: Endpoints, ctx: DescribeContext): string {
  const w = new PrefixWriter();
  w.write(LEVEL_0, `Name:\t${ep.metadata.name}\n`);
  w.write(LEVEL_0, `Namespace:\t${ep.metadata.namespace ?? ''}\n`);
  printLabelsMultiline(w, 'Labels', ep.metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', ep.metadata.annotations);
  w.write(LEVEL_0, 'Subsets:\n');
  for (const ss of ep.subsets ?? []) {
    w.write(LEVEL_1, `Addresses:\t${(ss.addresses ?? []).map((a) => a.ip).join(',') || '<none>'}\n`);
    w.write(LEVEL_1, `NotReadyAddresses:\t${(ss.notReadyAddresses ?? []).map((a) => a.ip).join(',') || '<none>'}\n`);
    if (ss.ports?.length) {
      w.write(LEVEL_1, 'Ports:\n');
      w.write(LEVEL_2, 'Name\tPort\tProtocol\n');
      w.write(LEVEL_2, '----\t----\t--------\n');
      for (const p of ss.ports) w.write(LEVEL_2, `${p.name || '<unset>'}\t${p.port}\t${p.protocol}\n`);
    }
    w.write(LEVEL_0, '\n');
  }
  const events = eventsFor(ctx, ep);
  if (events) describeEvents(w, events, ctx.nowMs);
  return w.toString();
}

export function describeNamespace(ns: Namespace): string {
  const w = new PrefixWriter();
  w.write(LEVEL_0, `Name:\t${ns.metadata.name}\n`);
  printLabelsMultiline(w, 'Labels', ns.metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', ns.metadata.annotations);
  w.write(LEVEL_0, `Status:\t${ns.status?.phase ?? ''}\n`);
  const conditions = arr(path(ns, 'status', 'conditions'));
  if (conditions.length) {
    w.write(LEVEL_0, 'Conditions:\n');
    w.write(LEVEL_1, 'Type\tStatus\tLastTransitionTime\tReason\tMessage\n');
    w.write(LEVEL_1, '----\t------\t------------------\t------\t-------\n');
    for (const c of conditions) {
      const r = rec(c) ?? {};
      w.write(LEVEL_1, `${str(r.type)}\t${str(r.status)}\t${formatRFC1123Z(r.lastTransitionTime)}\t${str(r.reason)}\t${str(r.message)}\n`);
    }
  }
  // The lab has no ResourceQuota or LimitRange objects: both lists come back empty.
  w.write(LEVEL_0, '\n');
  w.write(LEVEL_0, 'No resource quota.\n');
  w.write(LEVEL_0, '\n');
  w.write(LEVEL_0, 'No LimitRange resource.\n');
  return w.toString();
}

export function describeConfigMap(cm: ConfigMap, ctx: DescribeContext): string {
  const w = new PrefixWriter();
  w.write(LEVEL_0, `Name:\t${cm.metadata.name}\n`);
  w.write(LEVEL_0, `Namespace:\t${cm.metadata.namespace ?? ''}\n`);
  printLabelsMultiline(w, 'Labels', cm.metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', cm.metadata.annotations);
  w.write(LEVEL_0, '\nData\n====\n');
  const data = cm.data ?? {};
  for (const k of sortedKeys(data)) {
    w.write(LEVEL_0, `${k}:\n----\n`);
    w.write(LEVEL_0, `${data[k]}\n`);
    w.write(LEVEL_0, '\n');
  }
  w.write(LEVEL_0, '\nBinaryData\n====\n');
  const bin = rec(path(cm, 'binaryData')) ?? {};
  for (const k of Object.keys(bin).sort(goStringLess)) w.write(LEVEL_0, `${k}: ${base64Length(str(bin[k]))} bytes\n`);
  w.write(LEVEL_0, '\n');
  const events = eventsFor(ctx, cm);
  if (events) describeEvents(w, events, ctx.nowMs);
  return w.toString();
}

/** Length in bytes of base64-encoded data. */
function base64Length(b64: string): number {
  const s = b64.replace(/\s/g, '');
  if (!s) return 0;
  const pad = s.endsWith('==') ? 2 : s.endsWith('=') ? 1 : 0;
  return Math.floor((s.length * 3) / 4) - pad;
}

function base64Decode(b64: string): string {
  try {
    return atob(b64.replace(/\s/g, ''));
  } catch {
    return '';
  }
}

export function describeSecret(s: Secret): string {
  const w = new PrefixWriter();
  w.write(LEVEL_0, `Name:\t${s.metadata.name}\n`);
  w.write(LEVEL_0, `Namespace:\t${s.metadata.namespace ?? ''}\n`);
  printLabelsMultiline(w, 'Labels', s.metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', s.metadata.annotations);
  w.write(LEVEL_0, `\nType:\t${s.type ?? ''}\n`);
  w.write(LEVEL_0, '\nData\n====\n');
  const data = s.data ?? {};
  for (const k of sortedKeys(data)) {
    if (k === 'token' && s.type === 'kubernetes.io/service-account-token') w.write(LEVEL_0, `${k}:\t${base64Decode(data[k])}\n`);
    else w.write(LEVEL_0, `${k}:\t${base64Length(data[k])} bytes\n`);
  }
  return w.toString();
}

/** v1.31: Image pull secrets, Mountable secrets, Tokens (the last two were dropped in v1.35). */
export function describeServiceAccount(sa: KObject, ctx: DescribeContext): string {
  const w = new PrefixWriter();
  w.write(LEVEL_0, `Name:\t${sa.metadata.name}\n`);
  w.write(LEVEL_0, `Namespace:\t${sa.metadata.namespace ?? ''}\n`);
  printLabelsMultiline(w, 'Labels', sa.metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', sa.metadata.annotations);
  const names = (v: unknown) => arr(v).map((x) => str(rec(x)?.name));
  const pull = names(path(sa, 'imagePullSecrets'));
  const mount = names(path(sa, 'secrets'));
  const tokens = (ctx.api?.list<Secret>('secrets', sa.metadata.namespace) ?? [])
    .filter((s) => s.type === 'kubernetes.io/service-account-token' && s.metadata.annotations?.['kubernetes.io/service-account.name'] === sa.metadata.name)
    .map((s) => s.metadata.name);
  const empty = '                   ';
  const groups: [string, string[]][] = [
    ['Image pull secrets:', pull],
    ['Mountable secrets: ', mount],
    ['Tokens:            ', tokens]
  ];
  for (const [header, list] of groups) {
    if (!list.length) w.write(LEVEL_0, `${header}\t<none>\n`);
    else list.forEach((n, i) => w.write(LEVEL_0, `${i === 0 ? header : empty}\t${n}\n`));
  }
  const events = eventsFor(ctx, sa);
  if (events) describeEvents(w, events, ctx.nowMs);
  return w.toString();
}
