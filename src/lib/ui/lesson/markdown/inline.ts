/**
 * Lesson Markdown's inline level: code spans, bold, italic (CommonMark's flanking rules), links
 * (only safe hrefs) and hard breaks; and the plain text of a parsed line.
 */

export type Inline =
  | { type: 'text'; text: string }
  | { type: 'code'; text: string }
  | { type: 'strong'; children: Inline[] }
  | { type: 'em'; children: Inline[] }
  | { type: 'link'; href: string; external: boolean; children: Inline[] }
  | { type: 'br' };

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

const PUNCT = /[!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~]/;
const WORD = /[\p{L}\p{N}]/u;

function isSpace(ch: string | undefined): boolean {
  return ch === undefined || /\s/.test(ch);
}

/** Length of the run of `ch` starting at i. */
export function runLength(s: string, i: number, ch: string): number {
  let n = 0;
  while (s[i + n] === ch) n++;
  return n;
}

/** Index just after a code span starting at i (a run of backticks), or -1 when it is not closed. */
export function codeSpanEnd(s: string, i: number): number {
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
