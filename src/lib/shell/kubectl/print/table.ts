import { tabwrite } from './tabwriter';

/** kubectl's table tabwriter (cli-runtime printers.GetNewTabWriter): minwidth 6, padding 3. */
export const TABLE_TABWRITER = { minWidth: 6, padding: 3 } as const;

/**
 * A cell as the table printer writes it: cut at the first newline, carriage return or form
 * feed, with "..." appended (tableprinter.go), and tabs can not split the cell.
 */
export function tableCell(value: string): string {
  const brk = value.search(/[\f\n\r]/);
  const s = brk >= 0 ? `${value.slice(0, brk)}...` : value;
  return s.replace(/\t/g, ' ');
}

export interface TableData {
  /** Column names as the server declares them ("Cluster-IP"); printed upper-case. */
  headers: string[];
  rows: string[][];
}

/**
 * Render a table as kubectl does: upper-case headers (unless noHeaders), cells separated by
 * tabs, aligned by the tabwriter. Every line ends with "\n". No rows and no headers gives "".
 */
export function renderTable(table: TableData, opts: { noHeaders?: boolean } = {}): string {
  const lines: string[] = [];
  if (!opts.noHeaders) lines.push(table.headers.map((h) => h.toUpperCase()).join('\t'));
  for (const r of table.rows) lines.push(r.map(tableCell).join('\t'));
  if (!lines.length) return '';
  return tabwrite(lines.join('\n') + '\n', TABLE_TABWRITER);
}

/**
 * Several tables from one command (`kubectl get pods,svc`): each aligned on its own, separated
 * by a blank line when headers are printed (kubectl get.go adds the line break only then).
 */
export function joinTables(tables: string[], opts: { noHeaders?: boolean } = {}): string {
  const parts = tables.filter((t) => t !== '');
  return parts.join(opts.noHeaders ? '' : '\n');
}
