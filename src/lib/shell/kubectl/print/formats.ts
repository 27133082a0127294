import type { ResourceInfo } from '../../../engine/k8s/resources';
import { kindDotGroup } from '../../../engine/k8s/resources';
import type { KObject } from '../../../engine/k8s/types';
import { goJsonMarshalIndent, goSprintV } from './gojson';
import { goYamlMarshal } from './goyaml';
import { JsonPath, JsonPathParseError } from './jsonpath';
import { tabwrite } from './tabwriter';
import { TABLE_TABWRITER, tableCell } from './table';

/** The List kubectl builds when a command returns a list (`kubectl get pods -o yaml`). */
export interface KubectlList {
  apiVersion: 'v1';
  items: unknown[];
  kind: 'List';
  metadata: { resourceVersion: string };
}

export function toList(objects: unknown[]): KubectlList {
  return { apiVersion: 'v1', items: objects, kind: 'List', metadata: { resourceVersion: '' } };
}

/** -o json: keys sorted at every level, 4-space indent, trailing newline. */
export function printJson(data: unknown): string {
  return goJsonMarshalIndent(data) + '\n';
}

/** -o yaml: go-yaml v2 layout, keys sorted. */
export function printYaml(data: unknown): string {
  return goYamlMarshal(data);
}

/** -o name: "pod/webpod1", "deployment.apps/webpod", "ipaddresspool.metallb.io/my-ippool". */
export function printName(resource: Pick<ResourceInfo, 'kind' | 'group'>, objects: KObject[]): string {
  const prefix = kindDotGroup(resource);
  return objects.map((o) => `${prefix}/${o.metadata.name}\n`).join('');
}

export interface CustomColumn {
  header: string;
  /** The relaxed expression as given (".metadata.name", "metadata.name" or "{.metadata.name}"). */
  path: string;
}

export type CustomColumnsParse = { ok: true; columns: CustomColumn[] } | { ok: false; error: string };

/** RelaxedJSONPathExpression: ".a.b", "a.b", "{a.b}", "{.a.b}" all become "{.a.b}". */
export function relaxedJsonPath(expr: string): { ok: true; path: string } | { ok: false; error: string } {
  if (expr === '') return { ok: true, path: expr };
  const m = /^\{\.?([^{}]+)\}$|^\.?([^{}]+)$/.exec(expr);
  if (!m) {
    return {
      ok: false,
      error: "unexpected path string, expected a 'name1.name2' or '.name1.name2' or '{name1.name2}' or '{.name1.name2}'"
    };
  }
  return { ok: true, path: `{.${m[1] ?? m[2]}}` };
}

/** -o custom-columns=NAME:.metadata.name,IP:.status.podIP */
export function parseCustomColumns(spec: string): CustomColumnsParse {
  if (spec.length === 0) return { ok: false, error: 'custom-columns format specified but no custom columns given' };
  const columns: CustomColumn[] = [];
  for (const part of spec.split(',')) {
    const idx = part.indexOf(':');
    if (idx < 0) return { ok: false, error: `unexpected custom-columns spec: ${part}, expected <header>:<json-path-expr>` };
    columns.push({ header: part.slice(0, idx), path: part.slice(idx + 1) });
  }
  return { ok: true, columns };
}

export type PrintOutcome = { ok: true; text: string } | { ok: false; error: string };

/**
 * The custom-columns printer: headers as given (not upper-cased), one row per object, each cell
 * every value the expression finds (fmt %v) joined by ",", or "<none>"; aligned like tables.
 */
export function printCustomColumns(columns: CustomColumn[], objects: KObject[], opts: { noHeaders?: boolean } = {}): PrintOutcome {
  const parsers: JsonPath[] = [];
  for (const c of columns) {
    const rel = relaxedJsonPath(c.path);
    if (!rel.ok) return { ok: false, error: rel.error };
    try {
      const jp = new JsonPath(rel.path);
      jp.allowMissingKeys = true;
      parsers.push(jp);
    } catch (e) {
      const msg = e instanceof JsonPathParseError ? e.message : String(e);
      return { ok: false, error: `error parsing jsonpath ${rel.path}, ${msg}` };
    }
  }
  const lines: string[] = [];
  if (!opts.noHeaders) lines.push(columns.map((c) => c.header).join('\t'));
  for (const o of objects) {
    const cells: string[] = [];
    for (const jp of parsers) {
      let values: unknown[][];
      try {
        values = jp.results(o);
      } catch (e) {
        return { ok: false, error: e instanceof Error ? e.message : String(e) };
      }
      const strs: string[] = [];
      if (values.length === 0 || values[0].length === 0) strs.push('<none>');
      for (const vs of values) for (const v of vs) strs.push(goSprintV(v));
      cells.push(tableCell(strs.join(',')));
    }
    lines.push(cells.join('\t'));
  }
  if (!lines.length) return { ok: true, text: '' };
  return { ok: true, text: tabwrite(lines.join('\n') + '\n', TABLE_TABWRITER) };
}
