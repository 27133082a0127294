import type { KObject } from '../../../../engine/k8s/types';
import { goFloatV } from '../gojson';
import { goStringLess } from '../labels';
import { describeEvents, eventsFor, printAnnotationsMultiline, printLabelsMultiline, type DescribeContext } from './helpers';
import { LEVEL_0, PrefixWriter } from './writer';

/** fatih/camelcase v1.0.0 Split. */
export function camelSplit(src: string): string[] {
  const runes: string[][] = [];
  let lastClass = 0;
  for (const r of src) {
    const cls = /\p{Ll}/u.test(r) ? 1 : /\p{Lu}/u.test(r) ? 2 : /\p{Nd}/u.test(r) ? 3 : 4;
    if (cls === lastClass && runes.length) runes[runes.length - 1].push(r);
    else runes.push([r]);
    lastClass = cls;
  }
  // upper case followed by lower case: the last upper letter starts the next word ("PDFL","oader")
  for (let i = 0; i < runes.length - 1; i++) {
    if (/\p{Lu}/u.test(runes[i][0]) && /\p{Ll}/u.test(runes[i + 1][0])) {
      runes[i + 1] = [runes[i][runes[i].length - 1], ...runes[i + 1]];
      runes[i] = runes[i].slice(0, -1);
    }
  }
  return runes.filter((r) => r.length > 0).map((r) => r.join(''));
}

const ACRONYMS = ['API', 'URL', 'UID', 'OSB', 'GUID'];

/** smartLabelFor (kubectl v1.31): "autoAssign" -> "Auto Assign", "apiVersion" -> "API Version". */
export function smartLabelFor(field: string): string {
  if ([...field].some((r) => !/\p{L}/u.test(r) && r !== '-')) return field;
  const parts: string[] = [];
  for (let part of camelSplit(field)) {
    if (part === '_') continue;
    if (ACRONYMS.includes(part.toUpperCase())) part = part.toUpperCase();
    else part = part.replace(/(^|[^\p{L}\p{N}_])(\p{L})/gu, (_m, pre: string, c: string) => pre + c.toUpperCase());
    parts.push(part);
  }
  return parts.join(' ');
}

/** fmt %v of a scalar in unstructured content. */
function scalarV(v: unknown): string {
  if (v === null || v === undefined) return '<nil>';
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : goFloatV(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (Array.isArray(v)) return `[${v.map(scalarV).join(' ')}]`;
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `map[${Object.keys(o)
      .sort(goStringLess)
      .map((k) => `${k}:${scalarV(o[k])}`)
      .join(' ')}]`;
  }
  return String(v);
}

/** printUnstructuredContent: sorted fields, maps and lists nested two spaces per level. */
function printContent(w: PrefixWriter, level: number, content: Record<string, unknown>, skipPrefix: string, skip: string[]): void {
  for (const field of Object.keys(content).sort(goStringLess)) {
    const value = content[field];
    if (value === undefined) continue;
    const expr = `${skipPrefix}.${field}`;
    if (skip.includes(expr)) continue;
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      w.write(level, `${smartLabelFor(field)}:\n`);
      printContent(w, level + 1, value as Record<string, unknown>, expr, skip);
    } else if (Array.isArray(value)) {
      w.write(level, `${smartLabelFor(field)}:\n`);
      for (const child of value) {
        if (child !== null && typeof child === 'object' && !Array.isArray(child)) printContent(w, level + 1, child as Record<string, unknown>, expr, skip);
        else w.write(level + 1, `${scalarV(child)}\n`);
      }
    } else {
      w.write(level, `${smartLabelFor(field)}:\t${scalarV(value)}\n`);
    }
  }
}

/** The generic describer kubectl uses for custom resources and kinds without a describer. */
export function describeGeneric(obj: KObject, ctx: DescribeContext): string {
  const w = new PrefixWriter();
  w.write(LEVEL_0, `Name:\t${obj.metadata.name}\n`);
  w.write(LEVEL_0, `Namespace:\t${obj.metadata.namespace ?? ''}\n`);
  printLabelsMultiline(w, 'Labels', obj.metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', obj.metadata.annotations);
  printContent(w, LEVEL_0, obj as unknown as Record<string, unknown>, '', [
    '.metadata.managedFields',
    '.metadata.name',
    '.metadata.namespace',
    '.metadata.labels',
    '.metadata.annotations'
  ]);
  const events = eventsFor(ctx, obj);
  if (events) describeEvents(w, events, ctx.nowMs);
  return w.toString();
}
