/**
 * Lesson Markdown's block level: paragraphs, ATX headings, fenced code, block quotes, nested
 * lists (tight or loose), pipe tables and thematic breaks, each holding inline nodes.
 */
import { type Inline, codeSpanEnd, parseInline, runLength } from './inline';

export type Align = 'left' | 'center' | 'right' | null;

export type Block =
  | { type: 'paragraph'; children: Inline[] }
  | { type: 'heading'; level: number; children: Inline[] }
  | { type: 'code'; lang: string; code: string }
  | { type: 'list'; ordered: boolean; start: number; tight: boolean; items: Block[][] }
  | { type: 'blockquote'; children: Block[] }
  | { type: 'table'; align: Align[]; head: Inline[][]; rows: Inline[][][] }
  | { type: 'hr' };

const FENCE = /^( {0,3})(`{3,}|~{3,})[ \t]*([^\s`]*)[^`]*$/;
const HEADING = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/;
const HR = /^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/;
const QUOTE = /^ {0,3}> ?/;
const LIST = /^( {0,3})([-*+]|\d{1,9}[.)])([ \t]+|$)/;
const TABLE_SEP = /^ {0,3}\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$/;

function isBlank(l: string): boolean {
  return l.trim() === '';
}

function indentOf(l: string): number {
  let n = 0;
  for (const ch of l) {
    if (ch === ' ') n++;
    else if (ch === '\t') n += 4 - (n % 4);
    else break;
  }
  return n;
}

/** Remove up to n columns of leading indentation. */
function dedent(l: string, n: number): string {
  let cols = 0;
  let i = 0;
  while (i < l.length && cols < n) {
    if (l[i] === ' ') cols++;
    else if (l[i] === '\t') cols += 4 - (cols % 4);
    else break;
    i++;
  }
  return l.slice(i);
}

/** Split a table row on `|` outside code spans and escapes. */
export function splitRow(line: string): string[] {
  let l = line.trim();
  if (l.startsWith('|')) l = l.slice(1);
  if (l.endsWith('|') && !l.endsWith('\\|')) l = l.slice(0, -1);
  const cells: string[] = [];
  let cur = '';
  for (let i = 0; i < l.length; i++) {
    const c = l[i];
    if (c === '\\' && l[i + 1] === '|') {
      cur += '|';
      i++;
    } else if (c === '`') {
      const end = codeSpanEnd(l, i);
      const to = end < 0 ? i + runLength(l, i, '`') : end;
      cur += l.slice(i, to);
      i = to - 1;
    } else if (c === '|') {
      cells.push(cur.trim());
      cur = '';
    } else cur += c;
  }
  cells.push(cur.trim());
  return cells;
}

interface ListMarker {
  indent: number;
  ordered: boolean;
  bullet: string;
  start: number;
  /** Column where the item's content starts. */
  content: number;
  /** Index in the marker's line where the content starts. */
  offset: number;
}

function listMarker(l: string): ListMarker | null {
  const m = LIST.exec(l);
  if (!m) return null;
  const marker = m[2];
  const ordered = /\d/.test(marker);
  const spaces = m[3].length;
  const indent = m[1].length;
  // an empty item, or content indented 5+ columns: content starts one space after the marker
  const pad = spaces === 0 || spaces > 4 ? 1 : spaces;
  const offset = m[1].length + marker.length + Math.min(pad, spaces);
  return { indent, ordered, bullet: ordered ? marker.slice(-1) : marker, start: ordered ? parseInt(marker, 10) : 1, content: indent + marker.length + pad, offset };
}

/** Does this line start a block that interrupts a paragraph? */
function interrupts(l: string): boolean {
  if (FENCE.test(l) || HEADING.test(l) || HR.test(l) || QUOTE.test(l)) return true;
  const m = listMarker(l);
  // like CommonMark: only a non-empty bullet or a list starting at 1 interrupts a paragraph
  return !!m && !isBlank(l.slice(m.content)) && (!m.ordered || m.start === 1);
}

/** Parse Markdown source into blocks. */
export function parseMarkdown(src: string): Block[] {
  return parseBlocks(src.replace(/\r\n?/g, '\n').split('\n'));
}

function parseBlocks(lines: string[]): Block[] {
  const out: Block[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i];
    if (isBlank(line)) {
      i++;
      continue;
    }

    const fence = FENCE.exec(line);
    if (fence) {
      const indent = fence[1].length;
      const marker = fence[2];
      const closing = new RegExp(`^ {0,3}${marker[0] === '`' ? '`' : '~'}{${marker.length},}[ \\t]*$`);
      const body: string[] = [];
      i++;
      while (i < lines.length && !closing.test(lines[i])) body.push(dedent(lines[i++], indent));
      i++; // the closing fence (or the end)
      out.push({ type: 'code', lang: fence[3].toLowerCase(), code: body.join('\n') });
      continue;
    }

    const heading = HEADING.exec(line);
    if (heading) {
      out.push({ type: 'heading', level: heading[1].length, children: parseInline((heading[2] ?? '').trim()) });
      i++;
      continue;
    }

    if (HR.test(line)) {
      out.push({ type: 'hr' });
      i++;
      continue;
    }

    if (QUOTE.test(line)) {
      const inner: string[] = [];
      while (i < lines.length && !isBlank(lines[i])) {
        const l = lines[i];
        if (QUOTE.test(l)) inner.push(l.replace(QUOTE, ''));
        else if (inner.length && !interrupts(l)) inner.push(l); // lazy continuation
        else break;
        i++;
      }
      out.push({ type: 'blockquote', children: parseBlocks(inner) });
      continue;
    }

    if (line.includes('|') && i + 1 < lines.length && TABLE_SEP.test(lines[i + 1]) && lines[i + 1].includes('-')) {
      const head = splitRow(line);
      const seps = splitRow(lines[i + 1]);
      if (seps.length === head.length) {
        const align: Align[] = seps.map((c) => {
          const l = c.startsWith(':');
          const r = c.endsWith(':');
          return l && r ? 'center' : r ? 'right' : l ? 'left' : null;
        });
        i += 2;
        const rows: Inline[][][] = [];
        while (i < lines.length && !isBlank(lines[i]) && lines[i].includes('|')) {
          const cells = splitRow(lines[i++]);
          const row: Inline[][] = [];
          for (let k = 0; k < head.length; k++) row.push(parseInline(cells[k] ?? ''));
          rows.push(row);
        }
        out.push({ type: 'table', align, head: head.map(parseInline), rows });
        continue;
      }
    }

    const marker = listMarker(line);
    if (marker) {
      const r = parseList(lines, i, marker);
      out.push(r.block);
      i = r.next;
      continue;
    }

    // a paragraph: up to a blank line or a line that starts another block
    const para: string[] = [line.trim()];
    i++;
    while (i < lines.length && !isBlank(lines[i]) && !interrupts(lines[i])) para.push(lines[i++].trim());
    out.push({ type: 'paragraph', children: parseInline(para.join('\n')) });
  }
  return out;
}

function sameList(a: ListMarker, b: ListMarker): boolean {
  return a.ordered === b.ordered && a.bullet === b.bullet;
}

function parseList(lines: string[], from: number, first: ListMarker): { block: Block; next: number } {
  const items: Block[][] = [];
  let tight = true;
  let i = from;
  let m: ListMarker | null = first;
  while (m && i < lines.length) {
    const content = m.content;
    const item: string[] = [lines[i].slice(m.offset)];
    i++;
    let lastBlank = false;
    let inFence: RegExp | null = null;
    while (i < lines.length) {
      const l = lines[i];
      if (inFence) {
        // a fence inside an item runs to its closing line, whatever its indentation
        item.push(dedent(l, content));
        if (inFence.test(dedent(l, content))) inFence = null;
        i++;
        continue;
      }
      if (isBlank(l)) {
        item.push('');
        lastBlank = true;
        i++;
        continue;
      }
      if (indentOf(l) >= content) {
        const d = dedent(l, content);
        const f = FENCE.exec(d);
        if (f) inFence = new RegExp(`^ {0,3}${f[2][0] === '`' ? '`' : '~'}{${f[2].length},}[ \\t]*$`);
        if (lastBlank && item.some((x) => x !== '')) tight = false;
        item.push(d);
        lastBlank = false;
        i++;
        continue;
      }
      if (!lastBlank && !interrupts(l) && !listMarker(l)) {
        item.push(l.trim()); // lazy continuation of the item's paragraph
        i++;
        continue;
      }
      break;
    }
    while (item.length && item[item.length - 1] === '') item.pop();
    items.push(parseBlocks(item));
    const next: ListMarker | null = i < lines.length ? listMarker(lines[i]) : null;
    if (next && sameList(first, next) && next.indent < content) {
      if (lastBlank) tight = false;
      m = next;
    } else m = null;
  }
  return { block: { type: 'list', ordered: first.ordered, start: first.start, tight, items }, next: i };
}
