/**
 * Go's text/tabwriter (and the liggitt/tabwriter fork kubectl's tables use), reduced to what
 * kubectl needs: left alignment, a space pad character, no escapes, no HTML filtering.
 *
 * Cells are tab-terminated; the text after the last tab of a line is not part of any column.
 * A column is made of the cells at one index in *contiguous* lines that all have a tab-terminated
 * cell there; a line with fewer cells ends the column block. Each block is as wide as
 * max(minWidth, widest cell + padding). The last cell of a line is never padded, so lines end
 * without trailing blanks unless an empty tab-terminated cell sits just before the end.
 *
 * kubectl's tables: minWidth 6, padding 3. kubectl describe: minWidth 0, padding 2.
 */
export interface TabwriterOptions {
  minWidth: number;
  padding: number;
}

interface Cell {
  text: string;
  width: number;
}

/** Display width as tabwriter counts it: one per code point. */
export function runeWidth(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/** Format one flush-worth of text. Lines are split on '\n'; a final line without '\n' is kept. */
export function tabwrite(text: string, opts: TabwriterOptions): string {
  const rawLines = text.split('\n');
  // text "a\nb\n" -> ["a","b",""]: the final empty piece is the (empty) unterminated last line.
  const lines: Cell[][] = rawLines.map((l) => {
    if (l === '') return [];
    return l.split('\t').map((t) => ({ text: t, width: runeWidth(t) }));
  });
  const out: string[] = [];
  const widths: number[] = [];

  const writeLines = (line0: number, line1: number): void => {
    for (let i = line0; i < line1; i++) {
      const line = lines[i];
      let s = '';
      for (let j = 0; j < line.length; j++) {
        const c = line[j];
        s += c.text;
        if (j < widths.length) s += ' '.repeat(Math.max(0, widths[j] - c.width));
      }
      out.push(s);
    }
  };

  const format = (line0: number, line1: number): void => {
    const column = widths.length;
    for (let cur = line0; cur < line1; cur++) {
      if (column >= lines[cur].length - 1) continue;
      writeLines(line0, cur);
      line0 = cur;
      let width = opts.minWidth;
      for (; cur < line1; cur++) {
        const line = lines[cur];
        if (column >= line.length - 1) break;
        const w = line[column].width + opts.padding;
        if (w > width) width = w;
      }
      widths.push(width);
      format(line0, cur);
      widths.pop();
      line0 = cur;
    }
    writeLines(line0, line1);
  };

  format(0, lines.length);
  return out.join('\n');
}

/**
 * A tabwriter with Flush(): text written between flushes is aligned on its own, as kubectl's
 * describe does before its Events table.
 */
export class TabWriter {
  private chunks: string[] = [];
  private pending = '';
  constructor(private readonly opts: TabwriterOptions) {}

  write(s: string): void {
    this.pending += s;
  }

  flush(): void {
    if (!this.pending) return;
    // Go flushes everything buffered; an incomplete last line stays incomplete.
    this.chunks.push(tabwrite(this.pending, this.opts));
    this.pending = '';
  }

  toString(): string {
    this.flush();
    return this.chunks.join('');
  }
}
