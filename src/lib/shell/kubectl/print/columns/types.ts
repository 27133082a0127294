import type { KObject } from '../../../../engine/k8s/types';
import type { ApiLookup } from '../util';

/** A table column as the API server declares it; priority > 0 means `-o wide` only. */
export interface ColumnDef {
  name: string;
  priority: number;
}

export interface RowContext {
  nowMs: number;
  api?: ApiLookup;
}

/**
 * The server-side printer of one kind. The API server always generates the wide cells
 * (GenerateOptions{Wide: true}); kubectl then drops the columns whose priority is not 0 unless
 * `-o wide`. So `cells` returns one cell per column in `columns`.
 */
export interface KindPrinter<T extends KObject = KObject> {
  columns: ColumnDef[];
  cells(obj: T, ctx: RowContext): string[];
}

export function col(name: string, priority = 0): ColumnDef {
  return { name, priority };
}

/** Lay out container names and images on one line each (printers.go layoutContainerCells). */
export function containerCells(containers: { name: string; image: string }[] | undefined): [string, string] {
  const cs = containers ?? [];
  return [cs.map((c) => c.name).join(','), cs.map((c) => c.image).join(',')];
}
