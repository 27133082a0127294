import type { ResourceInfo } from '../../../engine/k8s/resources';
import { kindDotGroup } from '../../../engine/k8s/resources';
import type { KObject } from '../../../engine/k8s/types';
import { printerFor } from './columns';
import { formatLabels } from './labels';
import { renderTable } from './table';
import type { ApiLookup } from './util';

export interface GetTableOptions {
  resource: ResourceInfo;
  /** In the order the server returned them (sorted by namespace, then name). */
  objects: KObject[];
  wide?: boolean;
  /** -A: a NAMESPACE column first. */
  allNamespaces?: boolean;
  /** --show-labels: a LABELS column last. */
  showLabels?: boolean;
  /** -L key1,key2: one upper-cased column per label key, after the normal columns. */
  labelColumns?: string[];
  noHeaders?: boolean;
  /** Names as "pod/webpod1" (several types in one command, or TYPE/NAME arguments). */
  withKindPrefix?: boolean;
  /** Wall-clock "now" in ms since 1970 (clock.epochMs + clock.now()). */
  nowMs: number;
  api?: ApiLookup;
}

/**
 * `kubectl get` human-readable output for one resource type: header line plus one row per object,
 * every line ending in "\n". Returns "" when there are no objects (kubectl then prints
 * "No resources found ..." on stderr, which is the caller's job).
 */
export function printGet(opts: GetTableOptions): string {
  if (!opts.objects.length) return '';
  const printer = printerFor(opts.resource);
  const keep = printer.columns.map((c) => opts.wide === true || c.priority === 0);
  const headers: string[] = printer.columns.filter((_, i) => keep[i]).map((c) => c.name);
  const labelKeys = opts.labelColumns ?? [];
  const withNamespace = opts.allNamespaces === true && opts.resource.namespaced;
  if (withNamespace) headers.unshift('Namespace');
  for (const k of labelKeys) headers.push(k.split('/').pop() ?? k);
  if (opts.showLabels) headers.push('Labels');
  const prefix = kindDotGroup(opts.resource);
  const rows = opts.objects.map((o) => {
    const cells = printer.cells(o, { nowMs: opts.nowMs, api: opts.api }).filter((_, i) => keep[i]);
    if (opts.withKindPrefix) cells[0] = `${prefix}/${cells[0]}`;
    if (withNamespace) cells.unshift(o.metadata.namespace ?? '');
    for (const k of labelKeys) cells.push(o.metadata.labels?.[k] ?? '');
    if (opts.showLabels) cells.push(formatLabels(o.metadata.labels));
    return cells;
  });
  return renderTable({ headers, rows }, { noHeaders: opts.noHeaders });
}
