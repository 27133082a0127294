import { describe, expect, it } from 'vitest';
import { joinTables, renderTable, tabwrite } from '../../../src/lib/shell/kubectl/print';

describe('tabwriter (Go text/tabwriter semantics)', () => {
  it('pads tab-terminated cells to the widest cell plus padding; the last cell is not padded', () => {
    expect(tabwrite('a\tbbb\tc\naaaa\tb\tcc\n', { minWidth: 0, padding: 2 })).toBe('a     bbb  c\naaaa  b    cc\n');
  });

  it('a line without tabs ends every column block', () => {
    const text = 'Name:\tx\nLonger label:\ty\nBlock break\nA:\tz\n';
    expect(tabwrite(text, { minWidth: 0, padding: 2 })).toBe('Name:          x\nLonger label:  y\nBlock break\nA:  z\n');
  });

  it('a column is only as long as the contiguous lines that have it', () => {
    // the b/c column is interrupted by the short line
    const text = 'aaaa\tbbb\td\naa\tb\tdd\na\t\naa\tcccc\teee\n';
    expect(tabwrite(text, { minWidth: 0, padding: 1 })).toBe('aaaa bbb d\naa   b   dd\na    \naa   cccc eee\n');
  });

  it('kubectl tables: minwidth 6, padding 3, upper-case headers', () => {
    const t = renderTable({ headers: ['Name', 'Age'], rows: [['a', '1s']] });
    expect(t).toBe('NAME   AGE\na      1s\n');
  });

  it('cells are cut at the first newline with "..."', () => {
    const t = renderTable({ headers: ['Name', 'Message'], rows: [['x', 'line one\nline two']] });
    expect(t).toBe('NAME   MESSAGE\nx      line one...\n');
  });

  it('--no-headers', () => {
    expect(renderTable({ headers: ['Name', 'Age'], rows: [['abc', '5m']] }, { noHeaders: true })).toBe('abc   5m\n');
  });

  it('several tables are separated by a blank line (none with --no-headers)', () => {
    expect(joinTables(['A\n', 'B\n'])).toBe('A\n\nB\n');
    expect(joinTables(['A\n', '', 'B\n'], { noHeaders: true })).toBe('A\nB\n');
  });
});
