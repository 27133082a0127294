import type { KObject } from '../../engine/k8s/types';
import { type KubectlError, plain } from './errors';
import { parseCustomColumns, printCustomColumns, printJson, printName, printYaml, runJsonPath, toList } from './print';
import type { Info } from './resolve';
import { runGoTemplate } from './gotemplate';

/** What `-o` asked for. */
export type OutputSpec =
  | { kind: 'default' }
  | { kind: 'wide' }
  | { kind: 'name' }
  | { kind: 'json' }
  | { kind: 'yaml' }
  | { kind: 'jsonpath'; template: string; asJson: boolean }
  | { kind: 'custom-columns'; spec: string }
  | { kind: 'go-template'; template: string };

/** The formats kubectl get accepts (others' lists drop wide and custom-columns). */
export const GET_FORMATS = [
  'custom-columns',
  'custom-columns-file',
  'go-template',
  'go-template-file',
  'json',
  'jsonpath',
  'jsonpath-as-json',
  'jsonpath-file',
  'name',
  'template',
  'templatefile',
  'wide',
  'yaml'
];
export const OBJECT_FORMATS = GET_FORMATS.filter((f) => f !== 'wide' && !f.startsWith('custom-columns'));

/** Parse `-o`; the error texts are kubectl's (printer flags' ToPrinter). */
export function parseOutput(value: string, allowed: string[]): OutputSpec | KubectlError {
  if (value === '') return { kind: 'default' };
  const eq = value.indexOf('=');
  const name = eq < 0 ? value : value.slice(0, eq);
  const arg = eq < 0 ? '' : value.slice(eq + 1);
  const unmatched = plain(`unable to match a printer suitable for the output format ${JSON.stringify(value)}, allowed formats are: ${allowed.join(',')}`);
  if (!allowed.includes(name)) return unmatched;
  switch (name) {
    case 'wide':
    case 'name':
    case 'json':
    case 'yaml':
      return eq < 0 ? { kind: name } : unmatched;
    case 'jsonpath':
    case 'jsonpath-as-json':
      if (!arg) return plain('template format specified but no template given');
      return { kind: 'jsonpath', template: arg, asJson: name === 'jsonpath-as-json' };
    case 'custom-columns':
      if (!arg) return plain('custom-columns format specified but no custom columns given');
      return { kind: 'custom-columns', spec: arg };
    case 'go-template':
    case 'template':
      if (!arg) return plain('template format specified but no template given');
      return { kind: 'go-template', template: arg };
    default:
      // File-based templates: the lab has no template files to offer.
      if (!arg) return plain('template format specified but no template given');
      return plain(`error reading --template ${arg}, open ${arg}: no such file or directory`);
  }
}

export function isTable(o: OutputSpec): boolean {
  return o.kind === 'default' || o.kind === 'wide';
}

export type Printed = { ok: true; text: string } | { ok: false; error: KubectlError };

/**
 * Print objects in a non-table format. `single` is kubectl's "single item implied" (one TYPE/NAME):
 * the object itself; otherwise a List of them.
 */
export function printObjects(spec: OutputSpec, infos: Info[], single: boolean, opts: { noHeaders?: boolean } = {}): Printed {
  const objs: KObject[] = infos.map((i) => i.obj);
  const data: unknown = single && objs.length === 1 ? objs[0] : toList(objs);
  switch (spec.kind) {
    case 'name':
      return { ok: true, text: infos.map((i) => printName(i.resource, [i.obj])).join('') };
    case 'json':
      return { ok: true, text: printJson(data) };
    case 'yaml':
      return { ok: true, text: printYaml(data) };
    case 'jsonpath': {
      const r = runJsonPath(spec.template, data);
      if (!r.ok) return { ok: false, error: plain(r.error) };
      return { ok: true, text: r.text };
    }
    case 'custom-columns': {
      const cols = parseCustomColumns(spec.spec);
      if (!cols.ok) return { ok: false, error: plain(cols.error) };
      const r = printCustomColumns(cols.columns, objs, opts);
      return r.ok ? { ok: true, text: r.text } : { ok: false, error: plain(r.error) };
    }
    case 'go-template': {
      const r = runGoTemplate(spec.template, data);
      return r.ok ? { ok: true, text: r.text } : { ok: false, error: plain(r.error) };
    }
    default:
      return { ok: true, text: '' };
  }
}
