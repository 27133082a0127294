import type { ResourceInfo } from '../../../../engine/k8s/resources';
import type { KObject, PrinterColumn } from '../../../../engine/k8s/types';
import { humanDuration, parseTime, translateTimestampSince } from '../duration';
import { goFloatV } from '../gojson';
import { JsonPath } from '../jsonpath';
import { col, type KindPrinter, type RowContext } from './types';

/**
 * apiextensions-apiserver's cellForJSONValue: a typed cell, or null (printed empty) when the
 * value is missing or does not have the declared type.
 */
function typedCell(type: string, value: unknown, nowMs: number): string | null {
  if (value === null || value === undefined) return null;
  switch (type) {
    case 'integer':
      return typeof value === 'number' ? String(Math.trunc(value)) : null;
    case 'number':
      return typeof value === 'number' ? (Number.isInteger(value) ? String(value) : goFloatV(value)) : null;
    case 'boolean':
      return typeof value === 'boolean' ? String(value) : null;
    case 'string':
      return typeof value === 'string' ? value : null;
    case 'date': {
      if (typeof value !== 'string') return null;
      const t = parseTime(value);
      if (t === null) return '<invalid>';
      return humanDuration(nowMs - t);
    }
  }
  return null;
}

/** The table of a custom resource: NAME plus the CRD's printer columns (or NAME, AGE when none). */
export function customResourcePrinter(resource: ResourceInfo): KindPrinter {
  const defs: PrinterColumn[] = resource.printerColumns ?? [];
  if (!defs.length) {
    return {
      columns: [col('Name'), col('Age')],
      cells: (o: KObject, ctx: RowContext) => [o.metadata.name, translateTimestampSince(o.metadata.creationTimestamp, ctx.nowMs)]
    };
  }
  const paths = defs.map((d) => {
    try {
      const jp = new JsonPath(`{${d.jsonPath}}`);
      jp.allowMissingKeys = true;
      return jp;
    } catch {
      return null;
    }
  });
  return {
    columns: [col('Name'), ...defs.map((d) => col(d.name, d.priority ?? 0))],
    cells(o: KObject, ctx: RowContext): string[] {
      const cells = [o.metadata.name];
      defs.forEach((d, i) => {
        const jp = paths[i];
        let cell: string | null = null;
        if (jp) {
          try {
            const results = jp.results(o);
            if (results.length && results[0].length) {
              const value = results[0][0];
              if (d.type === 'string') cell = value === null ? null : jp.printValues([value]);
              else cell = typedCell(d.type, value, ctx.nowMs);
            }
          } catch {
            cell = null;
          }
        }
        cells.push(cell ?? '');
      });
      return cells;
    }
  };
}
