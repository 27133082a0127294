import { goSprintV } from './print';

/**
 * A small text/template for `-o go-template=…`: text, `{{.field.path}}`, `$`, variables,
 * string/number literals, pipelines with the common functions (index, len, printf, eq/ne/lt/gt,
 * and/or/not, base64decode), and the range / if / with / else / end blocks with `{{-` trimming.
 * Missing map keys print `<no value>`, as kubectl's printer does.
 */

type Node =
  | { t: 'text'; s: string }
  | { t: 'action'; pipe: string }
  | { t: 'range' | 'if' | 'with'; pipe: string; body: Node[]; alt: Node[] };

export type TemplateOutcome = { ok: true; text: string } | { ok: false; error: string };

class TplError extends Error {}

function lexTemplate(src: string): ({ t: 'text'; s: string } | { t: 'act'; s: string })[] {
  const out: ({ t: 'text'; s: string } | { t: 'act'; s: string })[] = [];
  let i = 0;
  while (i < src.length) {
    const open = src.indexOf('{{', i);
    if (open < 0) {
      out.push({ t: 'text', s: src.slice(i) });
      break;
    }
    let text = src.slice(i, open);
    let body = '';
    const close = findClose(src, open + 2);
    if (close < 0) throw new TplError('unclosed action');
    body = src.slice(open + 2, close);
    if (body.startsWith('- ')) {
      text = text.replace(/\s+$/, '');
      body = body.slice(2);
    }
    let next = close + 2;
    if (body.endsWith(' -')) {
      body = body.slice(0, -2);
      const m = /^\s*/.exec(src.slice(next))!;
      next += m[0].length;
    }
    if (text) out.push({ t: 'text', s: text });
    out.push({ t: 'act', s: body.trim() });
    i = next;
  }
  return out;
}

function findClose(src: string, from: number): number {
  let inStr: string | null = null;
  for (let i = from; i < src.length - 1; i++) {
    const c = src[i];
    if (inStr) {
      if (c === '\\' && inStr === '"') i++;
      else if (c === inStr) inStr = null;
      continue;
    }
    if (c === '"' || c === '`') inStr = c;
    else if (c === '}' && src[i + 1] === '}') return i;
  }
  return -1;
}

function parseNodes(toks: ReturnType<typeof lexTemplate>, pos: { i: number }, stopAt: string[]): { nodes: Node[]; stop: string } {
  const nodes: Node[] = [];
  while (pos.i < toks.length) {
    const tk = toks[pos.i++];
    if (tk.t === 'text') {
      nodes.push({ t: 'text', s: tk.s });
      continue;
    }
    const word = tk.s.split(/\s+/)[0];
    if (stopAt.includes(word)) return { nodes, stop: tk.s };
    if (word === 'range' || word === 'if' || word === 'with') {
      const body = parseNodes(toks, pos, ['end', 'else']);
      let alt: Node[] = [];
      if (body.stop.startsWith('else')) {
        const rest = body.stop.slice(4).trim();
        if (rest.startsWith('if ')) {
          // "else if" chains into a nested if.
          const inner = parseNodes(toks, pos, ['end', 'else']);
          let innerAlt: Node[] = [];
          if (inner.stop.startsWith('else')) innerAlt = parseNodes(toks, pos, ['end']).nodes;
          alt = [{ t: 'if', pipe: rest.slice(3), body: inner.nodes, alt: innerAlt }];
        } else {
          alt = parseNodes(toks, pos, ['end']).nodes;
        }
      } else if (body.stop === '') throw new TplError(`unexpected EOF`);
      nodes.push({ t: word, pipe: tk.s.slice(word.length).trim(), body: body.nodes, alt });
      continue;
    }
    if (word === 'end' || word === 'else') throw new TplError(`unexpected {{${word}}}`);
    if (tk.s.startsWith('/*')) continue;
    nodes.push({ t: 'action', pipe: tk.s });
  }
  if (stopAt.length) return { nodes, stop: '' };
  return { nodes, stop: '' };
}

type Scope = { dot: unknown; root: unknown; vars: Map<string, unknown> };

function words(pipe: string): string[] {
  const out: string[] = [];
  const re = /"(?:[^"\\]|\\.)*"|`[^`]*`|\(|\)|\||[^\s|()]+/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(pipe))) out.push(m[0]);
  return out;
}

function field(v: unknown, path: string): unknown {
  let cur = v;
  for (const p of path.split('.').filter(Boolean)) {
    if (cur === null || typeof cur !== 'object' || Array.isArray(cur)) return undefined;
    cur = (cur as Record<string, unknown>)[p];
  }
  return cur;
}

function truthy(v: unknown): boolean {
  if (v === undefined || v === null || v === false || v === 0 || v === '') return false;
  if (Array.isArray(v)) return v.length > 0;
  if (typeof v === 'object') return Object.keys(v as object).length > 0;
  return true;
}

function sprintf(fmt: string, args: unknown[]): string {
  let i = 0;
  return fmt.replace(/%[-+ #0]*\d*(?:\.\d+)?([svdqfx%])/g, (_m, verb: string) => {
    if (verb === '%') return '%';
    const a = args[i++];
    if (verb === 'q') return JSON.stringify(typeof a === 'string' ? a : goSprintV(a));
    if (verb === 'x') return typeof a === 'number' ? a.toString(16) : [...new TextEncoder().encode(String(a))].map((b) => b.toString(16).padStart(2, '0')).join('');
    return typeof a === 'string' ? a : goSprintV(a);
  });
}

/** Browser-safe base64 → UTF-8 text (no Buffer in the app). */
function base64Decode(s: string): string {
  try {
    return new TextDecoder().decode(Uint8Array.from(atob(s), (c) => c.charCodeAt(0)));
  } catch {
    return '';
  }
}

const FUNCS: Record<string, (args: unknown[]) => unknown> = {
  index: ([v, ...keys]) => keys.reduce<unknown>((cur, k) => (cur !== null && typeof cur === 'object' ? (cur as Record<string, unknown>)[String(k)] : undefined), v),
  len: ([v]) => (Array.isArray(v) ? v.length : typeof v === 'string' ? v.length : v && typeof v === 'object' ? Object.keys(v).length : 0),
  printf: ([f, ...rest]) => sprintf(String(f), rest),
  print: (args) => args.map((a) => (typeof a === 'string' ? a : goSprintV(a))).join(''),
  println: (args) => args.map((a) => (typeof a === 'string' ? a : goSprintV(a))).join(' ') + '\n',
  eq: ([a, ...bs]) => bs.some((b) => a === b),
  ne: ([a, b]) => a !== b,
  lt: ([a, b]) => (a as number) < (b as number),
  le: ([a, b]) => (a as number) <= (b as number),
  gt: ([a, b]) => (a as number) > (b as number),
  ge: ([a, b]) => (a as number) >= (b as number),
  not: ([a]) => !truthy(a),
  and: (args) => args.find((a) => !truthy(a)) ?? args[args.length - 1],
  or: (args) => args.find((a) => truthy(a)) ?? args[args.length - 1],
  base64decode: ([a]) => base64Decode(String(a))
};

function evalWord(w: string, s: Scope): unknown {
  if (w.startsWith('"')) return JSON.parse(w) as string;
  if (w.startsWith('`')) return w.slice(1, -1);
  if (/^-?\d+(\.\d+)?$/.test(w)) return Number(w);
  if (w === 'true' || w === 'false') return w === 'true';
  if (w === 'nil') return null;
  if (w === '.') return s.dot;
  if (w.startsWith('.')) return field(s.dot, w);
  if (w.startsWith('$')) {
    const dot = w.indexOf('.');
    const name = dot < 0 ? w : w.slice(0, dot);
    const base = name === '$' ? s.root : s.vars.get(name);
    if (!s.vars.has(name) && name !== '$') throw new TplError(`undefined variable "${name}"`);
    return dot < 0 ? base : field(base, w.slice(dot));
  }
  throw new TplError(`function "${w}" not defined`);
}

function evalCommand(ws: string[], s: Scope, piped: unknown[]): unknown {
  if (!ws.length) throw new TplError('missing value for command');
  const args: unknown[] = [];
  const fn: ((args: unknown[]) => unknown) | undefined = Object.prototype.hasOwnProperty.call(FUNCS, ws[0]) ? FUNCS[ws[0]] : undefined;
  const rest = fn ? ws.slice(1) : ws;
  for (let i = 0; i < rest.length; i++) {
    if (rest[i] === '(') {
      let depth = 1;
      let j = i + 1;
      for (; j < rest.length && depth; j++) depth += rest[j] === '(' ? 1 : rest[j] === ')' ? -1 : 0;
      args.push(evalPipe(rest.slice(i + 1, j - 1).join(' '), s));
      i = j - 1;
    } else args.push(evalWord(rest[i], s));
  }
  if (fn) return fn([...args, ...piped]);
  if (args.length !== 1 || piped.length) throw new TplError(`can't give argument to non-function ${ws[0]}`);
  return args[0];
}

function evalPipe(pipe: string, s: Scope): unknown {
  const ws = words(pipe);
  const cmds: string[][] = [[]];
  let depth = 0;
  for (const w of ws) {
    if (w === '(') depth++;
    if (w === ')') depth--;
    if (w === '|' && depth === 0) cmds.push([]);
    else cmds[cmds.length - 1].push(w);
  }
  let piped: unknown[] = [];
  let v: unknown;
  for (const c of cmds) {
    v = evalCommand(c, s, piped);
    piped = [v];
  }
  return v;
}

/** `$x := pipe` or `$i, $e := pipe` declarations at the start of a pipeline. */
function declarations(pipe: string): { names: string[]; pipe: string } {
  const m = /^(\$\w*)(?:\s*,\s*(\$\w*))?\s*:?=\s*(.*)$/.exec(pipe);
  if (!m) return { names: [], pipe };
  return { names: [m[1], m[2]].filter((x): x is string => !!x), pipe: m[3] };
}

function show(v: unknown): string {
  if (v === undefined) return '<no value>';
  if (typeof v === 'string') return v;
  return goSprintV(v);
}

function exec(nodes: Node[], s: Scope): string {
  let out = '';
  for (const n of nodes) {
    if (n.t === 'text') out += n.s;
    else if (n.t === 'action') {
      const d = declarations(n.pipe);
      const v = evalPipe(d.pipe, s);
      if (d.names.length) d.names.forEach((name) => s.vars.set(name, v));
      else out += show(v);
    } else if (n.t === 'if' || n.t === 'with') {
      const v = evalPipe(n.pipe, s);
      if (truthy(v)) out += exec(n.body, n.t === 'with' ? { ...s, dot: v } : s);
      else out += exec(n.alt, s);
    } else {
      const d = declarations(n.pipe);
      const v = evalPipe(d.pipe, s);
      const entries: [unknown, unknown][] = Array.isArray(v)
        ? v.map((x, i) => [i, x])
        : v && typeof v === 'object'
          ? Object.keys(v as object)
              .sort()
              .map((k) => [k, (v as Record<string, unknown>)[k]])
          : [];
      if (!entries.length) out += exec(n.alt, s);
      for (const [k, x] of entries) {
        const vars = new Map(s.vars);
        if (d.names.length === 2) {
          vars.set(d.names[0], k);
          vars.set(d.names[1], x);
        } else if (d.names.length === 1) vars.set(d.names[0], x);
        out += exec(n.body, { ...s, dot: x, vars });
      }
    }
  }
  return out;
}

export function runGoTemplate(template: string, data: unknown): TemplateOutcome {
  let nodes: Node[];
  try {
    nodes = parseNodes(lexTemplate(template), { i: 0 }, []).nodes;
  } catch (e) {
    return { ok: false, error: `error parsing template ${template}, template: output:1: ${(e as Error).message}` };
  }
  try {
    return { ok: true, text: exec(nodes, { dot: data, root: data, vars: new Map() }) };
  } catch (e) {
    return { ok: false, error: `error executing template ${JSON.stringify(template)}: template: output:1: ${(e as Error).message}` };
  }
}
