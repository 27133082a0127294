import type { ConfigMap, EndpointSlice, Endpoints, KEvent, KObject, Namespace, Secret } from '../../../../engine/k8s/types';
import { formatRFC3339, parseTime, translateTimestampSince } from '../duration';
import { arr, num, path, rec } from '../util';
import { col, type KindPrinter, type RowContext } from './types';

const age = (o: KObject, ctx: RowContext) => translateTimestampSince(o.metadata.creationTimestamp, ctx.nowMs);

export const namespacePrinter: KindPrinter<Namespace> = {
  columns: [col('Name'), col('Status'), col('Age')],
  cells: (ns, ctx) => [ns.metadata.name, ns.status?.phase ?? '', age(ns, ctx)]
};

/** net.JoinHostPort */
export function joinHostPort(host: string, port: number | string): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/** printers.go formatEndpoints (ports = null for all ports): at most 3, then " + N more...". */
export function formatEndpoints(ep: Endpoints, ports: Set<string> | null = null): string {
  const subsets = ep.subsets ?? [];
  if (!subsets.length) return '<none>';
  const list: string[] = [];
  const max = 3;
  let more = false;
  let count = 0;
  for (const ss of subsets) {
    const addrs = ss.addresses ?? [];
    const sp = ss.ports ?? [];
    if (!sp.length) {
      count += addrs.length;
      for (const a of addrs) {
        if (list.length === max) {
          more = true;
          break;
        }
        list.push(a.ip);
      }
      continue;
    }
    for (const p of sp) {
      if (ports === null || ports.has(p.name ?? '')) {
        count += addrs.length;
        for (const a of addrs) {
          if (list.length === max) {
            more = true;
            break;
          }
          list.push(joinHostPort(a.ip, p.port));
        }
      }
    }
  }
  const ret = list.join(',');
  return more ? `${ret} + ${count - max} more...` : ret;
}

export const endpointsPrinter: KindPrinter<Endpoints> = {
  columns: [col('Name'), col('Endpoints'), col('Age')],
  cells: (ep, ctx) => [ep.metadata.name, formatEndpoints(ep), age(ep, ctx)]
};

function listWithMore(list: string[], more: boolean, count: number, max: number): string {
  const ret = list.join(',');
  if (more) return `${ret} + ${count - max} more...`;
  return ret === '' ? '<unset>' : ret;
}

export const endpointSlicePrinter: KindPrinter<EndpointSlice> = {
  columns: [col('Name'), col('AddressType'), col('Ports'), col('Endpoints'), col('Age')],
  cells(eps, ctx) {
    const max = 3;
    let list: string[] = [];
    let more = false;
    let count = 0;
    for (const p of eps.ports ?? []) {
      if (list.length < max) list.push(typeof p.port === 'number' ? String(p.port) : p.name ? p.name : '*');
      else if (list.length === max) more = true;
      count++;
    }
    const ports = listWithMore(list, more, count, max);
    list = [];
    more = false;
    count = 0;
    for (const e of eps.endpoints ?? []) {
      for (const a of e.addresses ?? []) {
        if (list.length < max) list.push(a);
        else if (list.length === max) more = true;
        count++;
      }
    }
    return [eps.metadata.name, eps.addressType, ports, listWithMore(list, more, count, max), age(eps, ctx)];
  }
};

/** formatEventSource: component (or reportingController), then ", host" (or reportingInstance). */
export function eventSource(ev: KEvent): string {
  const component = ev.source?.component || ev.reportingComponent || '';
  const host = ev.source?.host || ev.reportingInstance || '';
  return host ? `${component}, ${host}` : component;
}

export const eventPrinter: KindPrinter<KEvent> = {
  columns: [
    col('Last Seen'),
    col('Type'),
    col('Reason'),
    col('Object'),
    col('Subobject', 1),
    col('Source', 1),
    col('Message'),
    col('First Seen', 1),
    col('Count', 1),
    col('Name', 1)
  ],
  cells(ev, ctx) {
    const l = rec(ev) ?? {};
    let first = translateTimestampSince(ev.firstTimestamp, ctx.nowMs);
    if (parseTime(ev.firstTimestamp) === null) first = translateTimestampSince(l.eventTime, ctx.nowMs);
    let last = translateTimestampSince(ev.lastTimestamp, ctx.nowMs);
    if (parseTime(ev.lastTimestamp) === null) last = first;
    let count = num(ev.count) ?? 0;
    const series = rec(l.series);
    if (series) {
      last = translateTimestampSince(series.lastObservedTime, ctx.nowMs);
      count = num(series.count) ?? count;
    } else if (count === 0) count = 1;
    const io = ev.involvedObject;
    const target = io?.name ? `${(io.kind ?? '').toLowerCase()}/${io.name}` : (io?.kind ?? '').toLowerCase();
    return [last, ev.type, ev.reason, target, io?.fieldPath ?? '', eventSource(ev), (ev.message ?? '').trim(), first, String(count), ev.metadata.name];
  }
};

export const configMapPrinter: KindPrinter<ConfigMap> = {
  columns: [col('Name'), col('Data'), col('Age')],
  cells: (cm, ctx) => [cm.metadata.name, String(Object.keys(cm.data ?? {}).length + Object.keys(rec(path(cm, 'binaryData')) ?? {}).length), age(cm, ctx)]
};

export const secretPrinter: KindPrinter<Secret> = {
  columns: [col('Name'), col('Type'), col('Data'), col('Age')],
  cells: (s, ctx) => [s.metadata.name, s.type ?? '', String(Object.keys(s.data ?? {}).length), age(s, ctx)]
};

/** v1.31 still prints the SECRETS count (dropped in v1.35). */
export const serviceAccountPrinter: KindPrinter = {
  columns: [col('Name'), col('Secrets'), col('Age')],
  cells: (sa, ctx) => [sa.metadata.name, String(arr(path(sa, 'secrets')).length), age(sa, ctx)]
};

/** The API server's default table (no printer registered): NAME, CREATED AT in RFC 3339. */
export const createdAtPrinter: KindPrinter = {
  columns: [col('Name'), col('Created At')],
  cells: (o) => [o.metadata.name, formatRFC3339(o.metadata.creationTimestamp)]
};

/** Objects without a dedicated printer: NAME, AGE. */
export const nameAgePrinter: KindPrinter = {
  columns: [col('Name'), col('Age')],
  cells: (o, ctx) => [o.metadata.name, age(o, ctx)]
};

