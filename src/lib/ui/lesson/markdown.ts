/**
 * A small Markdown parser for lesson text: paragraphs, headings, bullet and numbered lists (nested),
 * block quotes, pipe tables, thematic breaks, fenced code blocks, and inline code, bold, italic and
 * links. It returns a tree, never HTML: Markdown.svelte renders the tree with text nodes, so any
 * HTML in the source shows as text and nothing from the lesson reaches the DOM as markup.
 *
 * It follows CommonMark where the lessons need it and keeps it simple elsewhere (no reference
 * links, no raw HTML, no setext headings, no indented code blocks).
 */

export type Inline =
  | { type: 'text'; text: string }
  | { type: 'code'; text: string }
  | { type: 'strong'; children: Inline[] }
  | { type: 'em'; children: Inline[] }
  | { type: 'link'; href: string; external: boolean; children: Inline[] }
  | { type: 'br' };

export type Align = 'left' | 'center' | 'right' | null;

export type Block =
  | { type: 'paragraph'; children: Inline[] }
  | { type: 'heading'; level: number; children: Inline[] }
  | { type: 'code'; lang: string; code: string }
  | { type: 'list'; ordered: boolean; start: number; tight: boolean; items: Block[][] }
  | { type: 'blockquote'; children: Block[] }
  | { type: 'table'; align: Align[]; head: Inline[][]; rows: Inline[][][] }
  | { type: 'hr' };

// ------------------------------------------------------------------ links

/**
 * The href a link may have, or null when it is not safe to follow: http(s), mailto, and relative
 * links (paths, `#anchors`, `?queries`). Other schemes (javascript:, data:, vbscript:, …),
 * protocol-relative `//host` links and anything with spaces or control characters are refused.
 */
export function safeHref(url: string): string | null {
  const u = url.trim();
  if (u === '' || /[\s\u0000-\u001f\u007f]/.test(u)) return null;
  if (/^(?:https?:\/\/|mailto:)/i.test(u)) return u;
  if (u.startsWith('//') || u.startsWith('\\')) return null;
  // a scheme is letters, digits, + - . before the first ':' that comes before any / ? #
  if (/^[^/?#]*:/.test(u)) return null;
  return u;
}

export function isExternal(href: string): boolean {
  return /^(?:https?:|mailto:)/i.test(href);
}

// ------------------------------------------------------------------ inline

const PUNCT = /[!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~]/;
const WORD = /[\p{L}\p{N}]/u;

function isSpace(ch: string | undefined): boolean {
  return ch === undefined || /\s/.test(ch);
}

/** Length of the run of `ch` starting at i. */
function runLength(s: string, i: number, ch: string): number {
  let n = 0;
  while (s[i + n] === ch) n++;
  return n;
}

/** Index just after a code span starting at i (a run of backticks), or -1 when it is not closed. */
function codeSpanEnd(s: string, i: number): number {
  const n = runLength(s, i, '`');
  let j = i + n;
  while (j < s.length) {
    const k = s.indexOf('`', j);
    if (k < 0) return -1;
    const m = runLength(s, k, '`');
    if (m === n) return k + m;
    j = k + m;
  }
  return -1;
}

/**
 * Where the closing delimiter `delim` (`*`, `**`, `_`, `__`) of an emphasis opened before `from`
 * is, skipping code spans, escapes and (for single delimiters) double ones. -1 when none.
 */
function findCloser(s: string, from: number, delim: string): number {
  const ch = delim[0];
  let i = from;
  while (i < s.length) {
    const c = s[i];
    if (c === '\\') {
      i += 2;
      continue;
    }
    if (c === '`') {
      const end = codeSpanEnd(s, i);
      i = end < 0 ? i + runLength(s, i, '`') : end;
      continue;
    }
    if (c === ch) {
      const run = runLength(s, i, ch);
      if (run >= delim.length && i > from && !isSpace(s[i - 1])) {
        // `_` closes only at a word boundary (snake_case stays as it is)
        const after = s[i + delim.length];
        const boundary = ch !== '_' || after === undefined || !WORD.test(after);
        // a single delimiter never closes on a `**` pair (that is nested strong text)
        if (boundary && (delim.length === 2 || run !== 2)) return i + run - delim.length;
      }
      i += run;
      continue;
    }
    i++;
  }
  return -1;
}

/** The index of the `]` that closes a `[` at i (nesting, escapes and code spans respected). */
function closingBracket(s: string, i: number): number {
  let depth = 0;
  for (let j = i; j < s.length; j++) {
    const c = s[j];
    if (c === '\\') {
      j++;
    } else if (c === '`') {
      const end = codeSpanEnd(s, j);
      if (end > 0) j = end - 1;
    } else if (c === '[') depth++;
    else if (c === ']') {
      depth--;
      if (depth === 0) return j;
    }
  }
  return -1;
}

/** Parse the inline content of a block (text with code, emphasis and links). */
export function parseInline(src: string): Inline[] {
  const out: Inline[] = [];
  let text = '';
  const flush = () => {
    if (text) out.push({ type: 'text', text });
    text = '';
  };
  const s = src;
  let i = 0;
  while (i < s.length) {
    const c = s[i];
    // backslash escape of punctuation; a backslash before a line break is a hard break
    if (c === '\\') {
      const next = s[i + 1];
      if (next === '\n') {
        flush();
        out.push({ type: 'br' });
        i += 2;
        continue;
      }
      if (next !== undefined && PUNCT.test(next)) {
        text += next;
        i += 2;
        continue;
      }
      text += c;
      i++;
      continue;
    }
    if (c === '`') {
      const n = runLength(s, i, '`');
      const end = codeSpanEnd(s, i);
      if (end < 0) {
        text += s.slice(i, i + n);
        i += n;
        continue;
      }
      let code = s.slice(i + n, end - n).replace(/\n/g, ' ');
      if (code.length > 2 && code.startsWith(' ') && code.endsWith(' ') && code.trim() !== '') code = code.slice(1, -1);
      flush();
      out.push({ type: 'code', text: code });
      i = end;
      continue;
    }
    if (c === '*' || c === '_') {
      const run = runLength(s, i, c);
      const prev = s[i - 1];
      const leftOk = !isSpace(s[i + run]) && (c !== '_' || prev === undefined || !WORD.test(prev));
      if (leftOk) {
        const delim = run >= 2 ? c + c : c;
        const close = findCloser(s, i + delim.length, delim);
        if (close > i + delim.length) {
          const inner = parseInline(s.slice(i + delim.length, close));
          flush();
          out.push(delim.length === 2 ? { type: 'strong', children: inner } : { type: 'em', children: inner });
          i = close + delim.length;
          continue;
        }
      }
      text += s.slice(i, i + run);
      i += run;
      continue;
    }
    if (c === '[') {
      const close = closingBracket(s, i);
      if (close > 0 && s[close + 1] === '(') {
        const end = s.indexOf(')', close + 2);
        const m = end > 0 ? /^\s*(\S*?)(?:\s+"[^"]*")?\s*$/.exec(s.slice(close + 2, end)) : null;
        if (m) {
          const label = parseInline(s.slice(i + 1, close));
          const href = safeHref(m[1].replace(/^<(.*)>$/, '$1'));
          flush();
          if (href !== null) out.push({ type: 'link', href, external: isExternal(href), children: label });
          else out.push(...label); // an unsafe link keeps its text, loses the link
          i = end + 1;
          continue;
        }
      }
      text += c;
      i++;
      continue;
    }
    if (c === '<') {
      const m = /^<((?:https?:\/\/|mailto:)[^\s<>]+)>/i.exec(s.slice(i));
      if (m && safeHref(m[1]) !== null) {
        flush();
        out.push({ type: 'link', href: m[1], external: true, children: [{ type: 'text', text: m[1] }] });
        i += m[0].length;
        continue;
      }
    }
    if (c === '\n') {
      // two trailing spaces make a hard break; otherwise a soft break reads as a space
      if (text.endsWith('  ')) {
        text = text.replace(/ +$/, '');
        flush();
        out.push({ type: 'br' });
      } else {
        text = text.replace(/ +$/, '') + ' ';
      }
      i++;
      while (s[i] === ' ') i++;
      continue;
    }
    text += c;
    i++;
  }
  flush();
  return out;
}

/** The plain text of inline nodes (for titles, labels and <title>). */
export function inlineText(nodes: Inline[]): string {
  return nodes
    .map((n) => {
      switch (n.type) {
        case 'text':
        case 'code':
          return n.text;
        case 'br':
          return ' ';
        default:
          return inlineText(n.children);
      }
    })
    .join('');
}

/**
 * Inline code split where a line may break: after `/`, `.`, `_` and `,` in long spans (paths,
 * Go and TypeScript names), so narrow table cells wrap there instead of between any letters.
 */
export function codeChunks(code: string): string[] {
  if (code.length <= 16) return [code];
  return code.split(/(?<=[/._,])(?=.)/);
}

/** Plain text of a short Markdown string (one line: a title, a summary). */
export function plainText(src: string): string {
  return inlineText(parseInline(src)).replace(/\s+/g, ' ').trim();
}

// ------------------------------------------------------------------ blocks

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
