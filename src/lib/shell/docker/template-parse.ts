/**
 * Parser for the subset of Go's text/template that `--format` / `-f` users type:
 * `{{.A.B}}`, `{{json .X}}`, `{{index .M "k"}}`, pipes, `{{range}}`/`{{if}}`/`{{with}}` with
 * `{{else}}`, variables (`$k, $v :=`), `{{-`/`-}}` trimming and comment actions.
 */

export type Operand =
  | { kind: 'field'; pos: number; chain: string[] } // `.`, `.A.B`
  | { kind: 'var'; pos: number; name: string; chain: string[] } // `$`, `$v.A`
  | { kind: 'str'; pos: number; value: string }
  | { kind: 'num'; pos: number; value: number }
  | { kind: 'bool'; pos: number; value: boolean }
  | { kind: 'nil'; pos: number }
  | { kind: 'ident'; pos: number; name: string }
  | { kind: 'sub'; pos: number; pipe: Pipeline; chain: string[] };

export interface Pipeline {
  pos: number;
  decl: string[];
  cmds: Operand[][];
}

export type TNode =
  | { kind: 'text'; text: string }
  | { kind: 'action'; pipe: Pipeline }
  | { kind: 'if'; pipe: Pipeline; body: TNode[]; alt: TNode[] }
  | { kind: 'with'; pipe: Pipeline; body: TNode[]; alt: TNode[] }
  | { kind: 'range'; pipe: Pipeline; body: TNode[]; alt: TNode[] };

export const KNOWN_FUNCS = new Set([
  'json', 'split', 'join', 'title', 'lower', 'upper', 'pad', 'truncate', 'println', 'print', 'printf',
  'len', 'index', 'eq', 'ne', 'lt', 'le', 'gt', 'ge', 'and', 'or', 'not', 'slice'
]);

type Tok = { t: string; pos: number; v?: string };

class ParseError extends Error {}

function lineOf(src: string, pos: number): number {
  return src.slice(0, pos).split('\n').length;
}

/** Tokenize the inside of one action. */
function lex(src: string, start: number, end: number): Tok[] {
  const toks: Tok[] = [];
  let i = start;
  while (i < end) {
    const c = src[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const pos = i;
    if (c === '"') {
      let j = i + 1;
      while (j < end && src[j] !== '"') j += src[j] === '\\' ? 2 : 1;
      if (j >= end) throw new ParseError(`template: :${lineOf(src, pos)}: unterminated quoted string`);
      const raw = src.slice(i, j + 1);
      let v: string;
      try {
        v = JSON.parse(raw) as string;
      } catch {
        throw new ParseError(`template: :${lineOf(src, pos)}: invalid syntax`);
      }
      toks.push({ t: 'str', pos, v });
      i = j + 1;
    } else if (c === '`') {
      const j = src.indexOf('`', i + 1);
      if (j < 0 || j >= end) throw new ParseError(`template: :${lineOf(src, pos)}: unterminated raw quoted string`);
      toks.push({ t: 'str', pos, v: src.slice(i + 1, j) });
      i = j + 1;
    } else if (c === '(' || c === ')' || c === '|' || c === ',') {
      toks.push({ t: c, pos });
      i++;
    } else if (c === ':' && src[i + 1] === '=') {
      toks.push({ t: ':=', pos });
      i += 2;
    } else if (c === '=') {
      toks.push({ t: ':=', pos });
      i++;
    } else {
      let j = i;
      while (j < end && !/[\s()|,"`]/.test(src[j]) && !(src[j] === ':' && src[j + 1] === '=')) j++;
      if (j === i) throw new ParseError(`template: :${lineOf(src, pos)}: unexpected "${c}" in command`);
      toks.push({ t: 'word', pos, v: src.slice(i, j) });
      i = j;
    }
  }
  return toks;
}

function parseChain(s: string): string[] {
  return s.split('.').filter((x) => x !== '');
}

class PipeParser {
  private i = 0;
  constructor(
    private readonly src: string,
    private readonly toks: Tok[]
  ) {}

  private err(msg: string, pos: number): never {
    throw new ParseError(`template: :${lineOf(this.src, pos)}: ${msg}`);
  }

  pipeline(pos: number, closer?: string): Pipeline {
    const decl: string[] = [];
    // `$x :=` or `$k, $v :=`
    const save = this.i;
    const vars: string[] = [];
    while (this.toks[this.i]?.t === 'word' && this.toks[this.i].v!.startsWith('$') && !this.toks[this.i].v!.includes('.')) {
      vars.push(this.toks[this.i].v!);
      this.i++;
      if (this.toks[this.i]?.t === ',') this.i++;
      else break;
    }
    if (vars.length && this.toks[this.i]?.t === ':=') {
      this.i++;
      decl.push(...vars);
    } else this.i = save;
    const cmds: Operand[][] = [];
    let cmd: Operand[] = [];
    while (this.i < this.toks.length) {
      const tk = this.toks[this.i];
      if (closer && tk.t === closer) break;
      if (tk.t === '|') {
        if (!cmd.length) this.err('missing command', tk.pos);
        cmds.push(cmd);
        cmd = [];
        this.i++;
        continue;
      }
      cmd.push(this.operand());
    }
    if (!cmd.length) this.err(cmds.length ? 'missing command' : 'missing value for command', pos);
    cmds.push(cmd);
    return { pos, decl, cmds };
  }

  private operand(): Operand {
    const tk = this.toks[this.i++];
    const pos = tk.pos;
    if (tk.t === 'str') return { kind: 'str', pos, value: tk.v! };
    if (tk.t === '(') {
      const pipe = this.pipeline(pos, ')');
      if (this.toks[this.i]?.t !== ')') this.err('unclosed left paren', pos);
      this.i++;
      // `(index .M "k").Field`: a field chain glued to the closing paren.
      let chain: string[] = [];
      const next = this.toks[this.i];
      if (next?.t === 'word' && next.v!.startsWith('.') && next.pos === this.toks[this.i - 1].pos + 1) {
        chain = parseChain(next.v!);
        this.i++;
      }
      return { kind: 'sub', pos, pipe, chain };
    }
    if (tk.t !== 'word') this.err(`unexpected "${tk.t}" in operand`, pos);
    const w = tk.v!;
    if (w.startsWith('.')) return { kind: 'field', pos, chain: parseChain(w) };
    if (w.startsWith('$')) {
      const [name, ...rest] = w.split('.');
      return { kind: 'var', pos, name, chain: rest.filter((x) => x !== '') };
    }
    if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(w) || /^0x[0-9a-fA-F]+$/.test(w)) return { kind: 'num', pos, value: Number(w) };
    if (w === 'true' || w === 'false') return { kind: 'bool', pos, value: w === 'true' };
    if (w === 'nil') return { kind: 'nil', pos };
    if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(w)) {
      if (!KNOWN_FUNCS.has(w)) this.err(`function "${w}" not defined`, pos);
      return { kind: 'ident', pos, name: w };
    }
    this.err(`bad character ${JSON.stringify(w[0])}`, pos);
  }
}

type Frame =
  | { kind: 'root' }
  | { kind: 'if' | 'with' | 'range'; pipe: Pipeline; body: TNode[]; alt: TNode[]; inElse: boolean; chained: boolean };

/** Parse a template; errors read like Go's `template: :1: ...`. */
export function parseTemplate(src: string): { ok: true; nodes: TNode[] } | { ok: false; error: string } {
  try {
    return { ok: true, nodes: parse(src) };
  } catch (e) {
    if (e instanceof ParseError) return { ok: false, error: e.message };
    throw e;
  }
}

function parse(src: string): TNode[] {
  const root: TNode[] = [];
  const stack: { frame: Frame; nodes: TNode[] }[] = [{ frame: { kind: 'root' }, nodes: root }];
  const cur = () => stack[stack.length - 1];
  const target = () => {
    const f = cur().frame;
    return f.kind === 'root' ? cur().nodes : f.inElse ? f.alt : f.body;
  };
  let i = 0;
  let trimNextText = false;
  while (i < src.length) {
    const open = src.indexOf('{{', i);
    let text = open < 0 ? src.slice(i) : src.slice(i, open);
    if (trimNextText) text = text.replace(/^\s+/, '');
    if (open < 0) {
      if (text) target().push({ kind: 'text', text });
      break;
    }
    let a = open + 2;
    const trimLeft = src[a] === '-' && /\s/.test(src[a + 1] ?? '');
    if (trimLeft) {
      text = text.replace(/\s+$/, '');
      a += 2;
    }
    if (text) target().push({ kind: 'text', text });
    const close = src.indexOf('}}', a);
    if (close < 0) throw new ParseError(`template: :${lineOf(src, open)}: unclosed action`);
    let b = close;
    trimNextText = src[b - 1] === '-' && /\s/.test(src[b - 2] ?? '') && b - 2 >= a;
    if (trimNextText) b -= 2;
    i = close + 2;
    const inner = src.slice(a, b).trim();
    if (inner.startsWith('/*')) continue;
    const toks = lex(src, a, b);
    if (!toks.length) throw new ParseError(`template: :${lineOf(src, open)}: missing value for command`);
    const head = toks[0].t === 'word' ? toks[0].v! : '';
    if (head === 'end') {
      // `{{else if}}` frames close together with their parent on one {{end}}.
      for (;;) {
        const f = cur().frame;
        if (f.kind === 'root') throw new ParseError(`template: :${lineOf(src, open)}: unexpected {{end}}`);
        stack.pop();
        const block = { pipe: f.pipe, body: f.body, alt: f.alt };
        target().push(f.kind === 'if' ? { kind: 'if', ...block } : f.kind === 'with' ? { kind: 'with', ...block } : { kind: 'range', ...block });
        if (!f.chained) break;
      }
      continue;
    }
    if (head === 'else') {
      const f = cur().frame;
      if (f.kind === 'root' || f.inElse) throw new ParseError(`template: :${lineOf(src, open)}: unexpected {{else}}`);
      f.inElse = true;
      if (toks[1]?.t === 'word' && toks[1].v === 'if') {
        // `{{else if X}}` nests an if inside the else branch, closed by the same {{end}}.
        const p = new PipeParser(src, toks.slice(2));
        const pipe = p.pipeline(toks[1].pos);
        stack.push({ frame: { kind: 'if', pipe, body: [], alt: [], inElse: false, chained: true }, nodes: [] });
      }
      continue;
    }
    if (head === 'if' || head === 'with' || head === 'range') {
      const p = new PipeParser(src, toks.slice(1));
      const pipe = p.pipeline(toks[0].pos);
      stack.push({ frame: { kind: head, pipe, body: [], alt: [], inElse: false, chained: false }, nodes: [] });
      continue;
    }
    if (['define', 'template', 'block', 'break', 'continue'].includes(head))
      throw new ParseError(`template: :${lineOf(src, open)}: {{${head}}} is not supported here`);
    const p = new PipeParser(src, toks);
    const pipe = p.pipeline(toks[0].pos);
    target().push({ kind: 'action', pipe });
  }
  if (stack.length > 1) throw new ParseError(`template: :${lineOf(src, src.length)}: unexpected EOF`);
  return root;
}
