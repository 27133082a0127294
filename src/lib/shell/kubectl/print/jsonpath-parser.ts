/**
 * client-go util/jsonpath parser, ported: the same node kinds, the same error texts
 * ("unclosed action", "unterminated array", "unclosed array expect ]", ...).
 */

export interface ParamsEntry {
  value: number;
  known: boolean;
  derived: boolean;
}

export type JpNode =
  | { type: 'list'; nodes: JpNode[] }
  | { type: 'text'; text: string }
  | { type: 'field'; value: string }
  | { type: 'array'; params: [ParamsEntry, ParamsEntry, ParamsEntry] }
  | { type: 'filter'; left: JpList; right: JpList; operator: string }
  | { type: 'int'; value: number }
  | { type: 'float'; value: number }
  | { type: 'bool'; value: boolean }
  | { type: 'wildcard' }
  | { type: 'recursive' }
  | { type: 'union'; nodes: JpList[] }
  | { type: 'identifier'; name: string };

export type JpList = { type: 'list'; nodes: JpNode[] };

export class JsonPathParseError extends Error {}

const EOF = '';

function newList(): JpList {
  return { type: 'list', nodes: [] };
}

function isSpace(r: string): boolean {
  return r === ' ' || r === '\t';
}
function isEndOfLine(r: string): boolean {
  return r === '\r' || r === '\n';
}
function isTerminator(r: string): boolean {
  if (isSpace(r) || isEndOfLine(r)) return true;
  return r === EOF || '.,[]$@{}'.includes(r);
}
function isAlphaNumeric(r: string): boolean {
  return r !== EOF && /^[\p{L}\p{Nd}_]$/u.test(r);
}
function isDigit(r: string): boolean {
  return r !== EOF && /^\p{Nd}$/u.test(r);
}

/** Go's %#U: "U+0023 '#'". */
function goRuneU(r: string): string {
  const cp = r.codePointAt(0) ?? 0;
  return `U+${cp.toString(16).toUpperCase().padStart(4, '0')} '${r}'`;
}

/** strconv.UnquoteChar-based unquoting of a "..." or '...' literal (UnquoteExtend). */
export function unquoteExtend(s: string): string {
  const n = s.length;
  if (n < 2) throw new JsonPathParseError('invalid syntax');
  const quote = s[0];
  if (quote !== s[n - 1] || (quote !== '"' && quote !== "'")) throw new JsonPathParseError('invalid syntax');
  s = s.slice(1, n - 1);
  if (!s.includes('\\') && !s.includes(quote)) return s;
  let out = '';
  let i = 0;
  const bad = () => new JsonPathParseError('invalid syntax');
  while (i < s.length) {
    const c = s[i];
    if (c === quote) throw bad();
    if (c !== '\\') {
      out += c;
      i++;
      continue;
    }
    i++;
    if (i >= s.length) throw bad();
    const e = s[i++];
    const hex = (len: number): string => {
      const h = s.slice(i, i + len);
      if (h.length !== len || !/^[0-9a-fA-F]+$/.test(h)) throw bad();
      i += len;
      return String.fromCodePoint(parseInt(h, 16));
    };
    switch (e) {
      case 'a':
        out += '\x07';
        break;
      case 'b':
        out += '\b';
        break;
      case 'f':
        out += '\f';
        break;
      case 'n':
        out += '\n';
        break;
      case 'r':
        out += '\r';
        break;
      case 't':
        out += '\t';
        break;
      case 'v':
        out += '\v';
        break;
      case '\\':
        out += '\\';
        break;
      case 'x':
        out += hex(2);
        break;
      case 'u':
        out += hex(4);
        break;
      case 'U':
        out += hex(8);
        break;
      case "'":
      case '"':
        if (e !== quote) throw bad();
        out += e;
        break;
      default:
        if (e >= '0' && e <= '7') {
          const o = s.slice(i - 1, i + 2);
          if (!/^[0-7]{3}$/.test(o)) throw bad();
          i += 2;
          out += String.fromCharCode(parseInt(o, 8));
          break;
        }
        throw bad();
    }
  }
  return out;
}

export class JsonPathParser {
  root: JpList = newList();
  private input = '';
  private pos = 0;
  private start = 0;
  private width = 0;

  static parse(text: string): JpList {
    const p = new JsonPathParser();
    p.input = text;
    p.root = newList();
    p.pos = 0;
    p.parseText(p.root);
    return p.root;
  }

  /** parseAction: the expression inside one pair of braces. */
  private static parseAction(text: string): JpList {
    const root = JsonPathParser.parse(`{${text}}`);
    return root.nodes[0] as JpList;
  }

  private consumeText(): string {
    const v = this.input.slice(this.start, this.pos);
    this.start = this.pos;
    return v;
  }

  private next(): string {
    if (this.pos >= this.input.length) {
      this.width = 0;
      return EOF;
    }
    const cp = this.input.codePointAt(this.pos) ?? 0;
    const r = String.fromCodePoint(cp);
    this.width = r.length;
    this.pos += this.width;
    return r;
  }

  private peek(): string {
    const r = this.next();
    this.backup();
    return r;
  }

  private backup(): void {
    this.pos -= this.width;
  }

  private parseText(cur: JpList): void {
    for (;;) {
      if (this.input.startsWith('{', this.pos)) {
        if (this.pos > this.start) cur.nodes.push({ type: 'text', text: this.consumeText() });
        this.parseLeftDelim(cur);
        return;
      }
      if (this.next() === EOF) break;
    }
    if (this.pos > this.start) cur.nodes.push({ type: 'text', text: this.consumeText() });
  }

  private parseLeftDelim(cur: JpList): void {
    this.pos += 1;
    this.consumeText();
    const node = newList();
    cur.nodes.push(node);
    this.parseInsideAction(node);
  }

  private parseInsideAction(cur: JpList): void {
    for (;;) {
      const rest = this.input.slice(this.pos);
      if (rest.startsWith('}')) return this.parseRightDelim();
      if (rest.startsWith('[?(')) return this.parseFilter(cur);
      if (rest.startsWith('..')) return this.parseRecursive(cur);
      const r = this.next();
      if (r === EOF || isEndOfLine(r)) throw new JsonPathParseError('unclosed action');
      if (r === ' ' || r === '@' || r === '$') {
        this.consumeText();
        continue;
      }
      if (r === '[') return this.parseArray(cur);
      if (r === '"' || r === "'") return this.parseQuote(cur, r);
      if (r === '.') return this.parseField(cur);
      if (r === '+' || r === '-' || isDigit(r)) {
        this.backup();
        return this.parseNumber(cur);
      }
      if (isAlphaNumeric(r)) {
        this.backup();
        return this.parseIdentifier(cur);
      }
      throw new JsonPathParseError(`unrecognized character in action: ${goRuneU(r)}`);
    }
  }

  private parseRightDelim(): void {
    this.pos += 1;
    this.consumeText();
    this.parseText(this.root);
  }

  private parseIdentifier(cur: JpList): void {
    for (;;) {
      const r = this.next();
      if (isTerminator(r)) {
        this.backup();
        break;
      }
    }
    const value = this.consumeText();
    if (value === 'true' || value === 'false') cur.nodes.push({ type: 'bool', value: value === 'true' });
    else cur.nodes.push({ type: 'identifier', name: value });
    this.parseInsideAction(cur);
  }

  private parseRecursive(cur: JpList): void {
    const last = cur.nodes[cur.nodes.length - 1];
    if (last && last.type === 'recursive') throw new JsonPathParseError('invalid multiple recursive descent');
    this.pos += 2;
    this.consumeText();
    cur.nodes.push({ type: 'recursive' });
    if (isAlphaNumeric(this.peek())) return this.parseField(cur);
    this.parseInsideAction(cur);
  }

  private parseNumber(cur: JpList): void {
    let r = this.peek();
    if (r === '+' || r === '-') this.next();
    for (;;) {
      r = this.next();
      if (r !== '.' && !isDigit(r)) {
        this.backup();
        break;
      }
    }
    const value = this.consumeText();
    if (/^[+-]?\d+$/.test(value)) cur.nodes.push({ type: 'int', value: parseInt(value, 10) });
    else if (/^[+-]?(\d+\.?\d*|\.\d+)$/.test(value)) cur.nodes.push({ type: 'float', value: parseFloat(value) });
    else throw new JsonPathParseError(`cannot parse number ${value}`);
    this.parseInsideAction(cur);
  }

  private parseArray(cur: JpList): void {
    for (;;) {
      const r = this.next();
      if (r === EOF || r === '\n') throw new JsonPathParseError('unterminated array');
      if (r === ']') break;
    }
    let text = this.consumeText();
    text = text.slice(1, text.length - 1);
    if (text === '*') text = ':';

    const strs = text.split(',');
    if (strs.length > 1) {
      const union: JpList[] = [];
      for (const s of strs) union.push(JsonPathParser.parseAction(`[${s.replace(/^ +| +$/g, '')}]`));
      cur.nodes.push({ type: 'union', nodes: union });
      return this.parseInsideAction(cur);
    }

    const dict = /^'([^']*)'$/.exec(text);
    if (dict) {
      const p = JsonPathParser.parseAction(`.${dict[1]}`);
      for (const n of p.nodes) cur.nodes.push(n);
      return this.parseInsideAction(cur);
    }

    const m = /^(-?[\d]*)(:-?[\d]*)?(:-?[\d]*)?$/.exec(text);
    if (!m) throw new JsonPathParseError(`invalid array index ${text}`);
    const value = [m[1] ?? '', m[2] ?? '', m[3] ?? ''];
    const params: [ParamsEntry, ParamsEntry, ParamsEntry] = [
      { value: 0, known: false, derived: false },
      { value: 0, known: false, derived: false },
      { value: 0, known: false, derived: false }
    ];
    for (let i = 0; i < 3; i++) {
      let v = value[i];
      if (v !== '') {
        if (i > 0) v = v.slice(1);
        if (i > 0 && v === '') params[i].known = false;
        else {
          if (!/^[+-]?\d+$/.test(v)) throw new JsonPathParseError(`array index ${v} is not a number`);
          params[i].known = true;
          params[i].value = parseInt(v, 10);
        }
      } else if (i === 1) {
        params[i] = { known: true, value: params[0].value + 1, derived: true };
      } else {
        params[i] = { known: false, value: 0, derived: false };
      }
    }
    cur.nodes.push({ type: 'array', params });
    this.parseInsideAction(cur);
  }

  private parseFilter(cur: JpList): void {
    this.pos += 3;
    this.consumeText();
    let begin = false;
    let end = false;
    let pair = '';
    for (;;) {
      const r = this.next();
      if (r === EOF || r === '\n') throw new JsonPathParseError('unterminated filter');
      if (r === '"' || r === "'") {
        if (!begin) {
          begin = true;
          pair = r;
          continue;
        }
        if (this.input[this.pos - 2] !== '\\' && r === pair) end = true;
      } else if (r === ')') {
        if (begin === end) break;
      }
    }
    if (this.next() !== ']') throw new JsonPathParseError('unclosed array expect ]');
    let text = this.consumeText();
    text = text.slice(0, text.length - 2);
    const m = /^([^!<>=]+)([!<>=]+)(.+?)$/.exec(text);
    if (!m) {
      cur.nodes.push({ type: 'filter', left: JsonPathParser.parseAction(text), right: newList(), operator: 'exists' });
    } else {
      const left = JsonPathParser.parseAction(m[1]);
      const right = JsonPathParser.parseAction(m[3]);
      cur.nodes.push({ type: 'filter', left, right, operator: m[2] });
    }
    this.parseInsideAction(cur);
  }

  private parseQuote(cur: JpList, end: string): void {
    for (;;) {
      const r = this.next();
      if (r === EOF || r === '\n') throw new JsonPathParseError('unterminated quoted string');
      if (r === end && this.input[this.pos - 2] !== '\\') break;
    }
    const value = this.consumeText();
    let s: string;
    try {
      s = unquoteExtend(value);
    } catch (e) {
      throw new JsonPathParseError(`unquote string ${value} error ${e instanceof Error ? e.message : String(e)}`);
    }
    cur.nodes.push({ type: 'text', text: s });
    this.parseInsideAction(cur);
  }

  private parseField(cur: JpList): void {
    this.consumeText();
    while (this.advance()) {
      /* scan */
    }
    const value = this.consumeText();
    if (value === '*') cur.nodes.push({ type: 'wildcard' });
    else cur.nodes.push({ type: 'field', value: value.replace(/\\/g, '') });
    this.parseInsideAction(cur);
  }

  private advance(): boolean {
    const r = this.next();
    if (r === '\\') this.next();
    else if (isTerminator(r)) {
      this.backup();
      return false;
    }
    return true;
  }
}
