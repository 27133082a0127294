/**
 * The terminal's line editor: a text buffer and a cursor with the editing keys of bash's
 * readline (emacs mode). Pure: no DOM, no xterm; the controller renders it with
 * {@link renderLine}. The buffer may hold several lines (a heredoc recalled from history).
 */

const WORD = /[A-Za-z0-9_\u00C0-\uFFFF]/;

function isHighSurrogate(c: number): boolean {
  return c >= 0xd800 && c <= 0xdbff;
}
function isLowSurrogate(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}

export class LineEditor {
  private buf = '';
  private pos = 0;
  /** What Ctrl-U/K/W removed last (Ctrl-Y puts it back). */
  private killed = '';

  get text(): string {
    return this.buf;
  }

  get cursor(): number {
    return this.pos;
  }

  /** Replace the whole buffer (history recall, `type()`), cursor at the end by default. */
  set(text: string, cursor = text.length): void {
    this.buf = text;
    this.pos = Math.max(0, Math.min(cursor, text.length));
  }

  clear(): void {
    this.set('');
  }

  insert(s: string): void {
    if (!s) return;
    this.buf = this.buf.slice(0, this.pos) + s + this.buf.slice(this.pos);
    this.pos += s.length;
  }

  /** Replace text[start, end) (a completed word) and put the cursor after the replacement. */
  replace(start: number, end: number, s: string): void {
    this.buf = this.buf.slice(0, start) + s + this.buf.slice(end);
    this.pos = start + s.length;
  }

  private prevIndex(i: number): number {
    if (i <= 0) return 0;
    let j = i - 1;
    if (j > 0 && isLowSurrogate(this.buf.charCodeAt(j)) && isHighSurrogate(this.buf.charCodeAt(j - 1))) j--;
    return j;
  }

  private nextIndex(i: number): number {
    if (i >= this.buf.length) return this.buf.length;
    let j = i + 1;
    if (j < this.buf.length && isHighSurrogate(this.buf.charCodeAt(i)) && isLowSurrogate(this.buf.charCodeAt(j))) j++;
    return j;
  }

  /** Start of the line the cursor is on (the buffer may hold several). */
  private lineStart(): number {
    return this.buf.lastIndexOf('\n', this.pos - 1) + 1;
  }

  private lineEnd(): number {
    const i = this.buf.indexOf('\n', this.pos);
    return i < 0 ? this.buf.length : i;
  }

  left(): boolean {
    if (this.pos === 0) return false;
    this.pos = this.prevIndex(this.pos);
    return true;
  }

  right(): boolean {
    if (this.pos >= this.buf.length) return false;
    this.pos = this.nextIndex(this.pos);
    return true;
  }

  home(): void {
    this.pos = this.lineStart();
  }

  end(): void {
    this.pos = this.lineEnd();
  }

  /** Alt-B / Ctrl-←: to the start of the word before the cursor. */
  wordLeft(): void {
    let i = this.pos;
    while (i > 0 && !WORD.test(this.buf[i - 1])) i--;
    while (i > 0 && WORD.test(this.buf[i - 1])) i--;
    this.pos = i;
  }

  /** Alt-F / Ctrl-→: to the end of the word after the cursor. */
  wordRight(): void {
    let i = this.pos;
    while (i < this.buf.length && !WORD.test(this.buf[i])) i++;
    while (i < this.buf.length && WORD.test(this.buf[i])) i++;
    this.pos = i;
  }

  backspace(): boolean {
    if (this.pos === 0) return false;
    const from = this.prevIndex(this.pos);
    this.buf = this.buf.slice(0, from) + this.buf.slice(this.pos);
    this.pos = from;
    return true;
  }

  /** Delete / Ctrl-D on a non-empty line: the character under the cursor. */
  deleteForward(): boolean {
    if (this.pos >= this.buf.length) return false;
    const to = this.nextIndex(this.pos);
    this.buf = this.buf.slice(0, this.pos) + this.buf.slice(to);
    return true;
  }

  /** Ctrl-U: kill from the start of the line to the cursor. */
  killBefore(): void {
    const start = this.lineStart();
    if (start === this.pos) return;
    this.killed = this.buf.slice(start, this.pos);
    this.buf = this.buf.slice(0, start) + this.buf.slice(this.pos);
    this.pos = start;
  }

  /** Ctrl-K: kill from the cursor to the end of the line. */
  killAfter(): void {
    const end = this.lineEnd();
    if (end === this.pos) return;
    this.killed = this.buf.slice(this.pos, end);
    this.buf = this.buf.slice(0, this.pos) + this.buf.slice(end);
  }

  /** Ctrl-W: kill the whitespace-delimited word before the cursor (unix-word-rubout). */
  killWordBefore(): void {
    let i = this.pos;
    while (i > 0 && /\s/.test(this.buf[i - 1])) i--;
    while (i > 0 && !/\s/.test(this.buf[i - 1])) i--;
    if (i === this.pos) return;
    this.killed = this.buf.slice(i, this.pos);
    this.buf = this.buf.slice(0, i) + this.buf.slice(this.pos);
    this.pos = i;
  }

  /** Ctrl-Y: insert the last killed text. */
  yank(): void {
    this.insert(this.killed);
  }
}

// ---------------------------------------------------------------- rendering

/**
 * Columns a code point takes in the terminal: 2 for East Asian wide and fullwidth characters
 * (Hangul, CJK, fullwidth forms, most emoji), 0 for combining marks and controls, else 1.
 */
export function charWidth(cp: number): 0 | 1 | 2 {
  if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0)) return 0;
  if ((cp >= 0x0300 && cp <= 0x036f) || (cp >= 0x200b && cp <= 0x200f) || (cp >= 0xfe00 && cp <= 0xfe0f)) return 0;
  if (
    (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x2e80 && cp <= 0x303e) ||
    (cp >= 0x3041 && cp <= 0x33ff) ||
    (cp >= 0x3400 && cp <= 0x4dbf) ||
    (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0xa000 && cp <= 0xa4cf) ||
    (cp >= 0xa960 && cp <= 0xa97f) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x1f300 && cp <= 0x1f64f) ||
    (cp >= 0x1f900 && cp <= 0x1f9ff) ||
    (cp >= 0x20000 && cp <= 0x3fffd)
  )
    return 2;
  return 1;
}

export function textWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += charWidth(ch.codePointAt(0)!);
  return w;
}

export interface RenderedLine {
  /** What to write once the old input has been erased: prompt, text, cursor placement. */
  out: string;
  /** Row of the cursor, counted from the prompt's row, after `out` is written. */
  cursorRow: number;
  /** Rows the input spans. */
  rows: number;
}

/**
 * Lay the prompt and the buffer out on a terminal `cols` wide, the way xterm wraps them (a wide
 * character that does not fit in the last column moves to the next row), and return the text
 * to write plus the escape sequences that put the cursor back where the editor has it.
 * Newlines in the buffer start a new row with the continuation prompt.
 */
export function renderLine(prompt: string, contPrompt: string, text: string, cursor: number, cols: number): RenderedLine {
  cols = Math.max(2, cols);
  let row = 0;
  let col = 0;
  let out = '';
  let cRow = -1;
  let cCol = 0;
  const place = (w: number) => {
    if (col + w > cols) {
      row++;
      col = 0;
    }
    col += w;
  };
  /** Where the cursor sits before the next character (a full row means the next row's start). */
  const here = (): [number, number] => (col >= cols ? [row + 1, 0] : [row, col]);
  const putText = (s: string) => {
    for (const ch of s) {
      place(charWidth(ch.codePointAt(0)!));
      out += ch;
    }
  };
  putText(prompt);
  let i = 0;
  for (const ch of text) {
    if (i === cursor) [cRow, cCol] = here();
    if (ch === '\n') {
      out += '\r\n';
      row++;
      col = 0;
      putText(contPrompt);
    } else {
      const w = charWidth(ch.codePointAt(0)!);
      // xterm leaves the last column empty when a wide character does not fit in it
      if (w === 2 && col === cols - 1) {
        out += ' ';
        col++;
      }
      place(w);
      out += ch;
    }
    i += ch.length;
  }
  if (cRow < 0) [cRow, cCol] = here();
  // A row filled to the last column leaves xterm's cursor pending a wrap: make the wrap happen,
  // so that every position we move to exists on the screen.
  let [eRow] = here();
  if (col >= cols) {
    out += '\r\n';
    col = 0;
    row++;
    eRow = row;
  }
  const eCol = col;
  if (eRow > cRow) out += `\x1b[${eRow - cRow}A`;
  if (cCol !== eCol) out += cCol === 0 ? '\r' : `\r\x1b[${cCol}C`;
  return { out, cursorRow: cRow, rows: eRow + 1 };
}

/** Erase the input drawn from a prompt whose cursor is `cursorRow` rows below the prompt. */
export function eraseInput(cursorRow: number): string {
  return `\r${cursorRow > 0 ? `\x1b[${cursorRow}A` : ''}\x1b[J`;
}
