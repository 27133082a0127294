import { TabWriter } from '../tabwriter';

/** describe.go tabbedString: tabwriter.NewWriter(buf, 0, 8, 2, ' ', 0). */
export const DESCRIBE_TABWRITER = { minWidth: 0, padding: 2 } as const;

export const LEVEL_0 = 0;
export const LEVEL_1 = 1;
export const LEVEL_2 = 2;
export const LEVEL_3 = 3;

/** describe.go PrefixWriter: each level indents by two spaces. */
export class PrefixWriter {
  private readonly tw = new TabWriter(DESCRIBE_TABWRITER);

  write(level: number, text: string): void {
    this.tw.write('  '.repeat(level) + text);
  }

  /** WriteLine: the text and a newline, no indentation. */
  writeLine(text = ''): void {
    this.tw.write(text + '\n');
  }

  flush(): void {
    this.tw.flush();
  }

  toString(): string {
    return this.tw.toString();
  }
}
