import type { KEvent, KObject, Taint, Toleration } from '../../../../engine/k8s/types';
import { parseTime, translateTimestampSince } from '../duration';
import { goStringLess, sortedKeys } from '../labels';
import { num, rec, type ApiLookup } from '../util';
import { LEVEL_0, LEVEL_1, type PrefixWriter } from './writer';

export interface DescribeContext {
  /** Wall-clock "now" in ms since 1970. */
  nowMs: number;
  api?: ApiLookup;
  /** --show-events (default true). */
  showEvents?: boolean;
}

const SKIP_ANNOTATIONS = new Set(['kubectl.kubernetes.io/last-applied-configuration']);
const MAX_ANNOTATION_LEN = 140;

/** printLabelsMultilineWithIndent */
export function printLabelsMultiline(
  w: PrefixWriter,
  title: string,
  labels: Record<string, string> | undefined,
  initialIndent = '',
  innerIndent = '\t'
): void {
  w.write(LEVEL_0, `${initialIndent}${title}:${innerIndent}`);
  const keys = sortedKeys(labels);
  if (!keys.length || !labels) {
    w.writeLine('<none>');
    return;
  }
  keys.forEach((k, i) => {
    if (i !== 0) w.write(LEVEL_0, initialIndent + innerIndent);
    w.write(LEVEL_0, `${k}=${labels[k]}\n`);
  });
}

function shorten(s: string, max: number): string {
  return s.length > max ? s.slice(0, max) + '...' : s;
}

/** printAnnotationsMultiline: sorted, last-applied-configuration skipped, long values folded. */
export function printAnnotationsMultiline(w: PrefixWriter, title: string, annotations: Record<string, string> | undefined): void {
  w.write(LEVEL_0, `${title}:\t`);
  const keys = sortedKeys(annotations).filter((k) => !SKIP_ANNOTATIONS.has(k));
  if (!keys.length || !annotations) {
    w.writeLine('<none>');
    return;
  }
  const indent = '\t';
  keys.forEach((key, i) => {
    if (i !== 0) w.write(LEVEL_0, indent);
    const value = annotations[key].replace(/\n$/, '');
    if (value.length + key.length + 2 > MAX_ANNOTATION_LEN || value.includes('\n')) {
      w.write(LEVEL_0, `${key}:\n`);
      for (const s of value.split('\n')) w.write(LEVEL_0, `${indent}  ${shorten(s, MAX_ANNOTATION_LEN - 2)}\n`);
    } else {
      w.write(LEVEL_0, `${key}: ${value}\n`);
    }
  });
}

/** Taint.ToString(): key=value:effect, key:effect. */
export function taintString(t: Taint): string {
  if (!t.effect) return t.value ? `${t.key}=${t.value}` : t.key;
  return t.value ? `${t.key}=${t.value}:${t.effect}` : `${t.key}:${t.effect}`;
}

/** printTaintsMultilineWithIndent: sorted by effect, then key. */
export function printTaintsMultiline(w: PrefixWriter, title: string, taints: Taint[] | undefined, initialIndent = '', innerIndent = '\t'): void {
  w.write(LEVEL_0, `${initialIndent}${title}:${innerIndent}`);
  const list = [...(taints ?? [])];
  if (!list.length) {
    w.writeLine('<none>');
    return;
  }
  list.sort((a, b) => goStringLess(`${a.effect},${a.key}`, `${b.effect},${b.key}`));
  list.forEach((t, i) => {
    if (i !== 0) w.write(LEVEL_0, initialIndent + innerIndent);
    w.write(LEVEL_0, `${taintString(t)}\n`);
  });
}

/** printTolerationsMultilineWithIndent: sorted by key; "op=Exists", " for 300s". */
export function printTolerationsMultiline(
  w: PrefixWriter,
  title: string,
  tolerations: Toleration[] | undefined,
  initialIndent = '',
  innerIndent = '\t'
): void {
  w.write(LEVEL_0, `${initialIndent}${title}:${innerIndent}`);
  const list = [...(tolerations ?? [])];
  if (!list.length) {
    w.writeLine('<none>');
    return;
  }
  list.sort((a, b) => goStringLess(a.key ?? '', b.key ?? ''));
  list.forEach((t, i) => {
    if (i !== 0) w.write(LEVEL_0, initialIndent + innerIndent);
    let s = t.key ?? '';
    if (t.value) s += `=${t.value}`;
    if (t.effect) s += `:${t.effect}`;
    if (t.operator === 'Exists' && !t.value) s += t.key || t.effect ? ' op=Exists' : 'op=Exists';
    if (t.tolerationSeconds !== undefined && t.tolerationSeconds !== null) s += ` for ${t.tolerationSeconds}s`;
    w.write(LEVEL_0, `${s}\n`);
  });
}

export interface EventRef {
  name: string;
  namespace?: string;
  /** Empty for pods (kubectl clears the kind of a pod reference). */
  kind?: string;
  uid?: string;
}

/**
 * searchEvents: the events whose involvedObject has this name, namespace and (when given) kind
 * and uid, in the server's list order. A cluster-scoped object's events are searched in all
 * namespaces.
 */
export function searchEvents(api: ApiLookup | undefined, ref: EventRef): KEvent[] {
  if (!api) return [];
  const ns = ref.namespace ?? '';
  const all = ns ? api.list<KEvent>('events', ns) : api.list<KEvent>('events');
  return all.filter((e) => {
    const io = e.involvedObject;
    if (!io || io.name !== ref.name) return false;
    if ((io.namespace ?? '') !== ns) return false;
    if (ref.kind && io.kind !== ref.kind) return false;
    if (ref.uid && (io.uid ?? '') !== ref.uid) return false;
    return true;
  });
}

/** The events of an object as its describer looks them up (kind and uid from the object). */
export function eventsFor(ctx: DescribeContext, obj: KObject, opts: { clearKind?: boolean } = {}): KEvent[] | null {
  if (ctx.showEvents === false) return null;
  return searchEvents(ctx.api, {
    name: obj.metadata.name,
    namespace: obj.metadata.namespace,
    kind: opts.clearKind ? undefined : obj.kind,
    uid: obj.metadata.uid || undefined
  });
}

function eventTime(ts: unknown): number {
  return parseTime(ts) ?? 0;
}

/** DescribeEvents: "Events:  <none>", or a flushed table sorted by lastTimestamp. */
export function describeEvents(w: PrefixWriter, events: KEvent[], nowMs: number): void {
  if (!events.length) {
    w.write(LEVEL_0, 'Events:\t<none>\n');
    return;
  }
  w.flush();
  const sorted = events
    .map((e, i) => ({ e, i }))
    .sort((a, b) => eventTime(a.e.lastTimestamp) - eventTime(b.e.lastTimestamp) || a.i - b.i)
    .map((x) => x.e);
  w.write(LEVEL_0, 'Events:\n  Type\tReason\tAge\tFrom\tMessage\n');
  w.write(LEVEL_1, '----\t------\t----\t----\t-------\n');
  for (const e of sorted) {
    const l = rec(e) ?? {};
    let first = translateTimestampSince(l.eventTime, nowMs);
    if (parseTime(l.eventTime) === null) first = translateTimestampSince(e.firstTimestamp, nowMs);
    let interval: string;
    const series = rec(l.series);
    const count = num(e.count) ?? 0;
    if (series) interval = `${translateTimestampSince(series.lastObservedTime, nowMs)} (x${num(series.count) ?? 0} over ${first})`;
    else if (count > 1) interval = `${translateTimestampSince(e.lastTimestamp, nowMs)} (x${count} over ${first})`;
    else interval = first;
    const source = e.source?.component || e.reportingComponent || '';
    w.write(LEVEL_1, `${e.type}\t${e.reason}\t${interval}\t${source}\t${(e.message ?? '').trim()}\n`);
  }
}

/** printController: "ReplicaSet/webpod-697b545f57". */
export function controllerString(o: KObject): string {
  const ref = o.metadata.ownerReferences?.find((r) => r.controller === true);
  return ref ? `${ref.kind}/${ref.name}` : '';
}
