/**
 * Executes templates parsed by template-parse.ts the way Go's text/template does on the data
 * docker hands it: inspect output is decoded JSON (maps: a missing key prints `<no value>`),
 * `docker ps` rows are structs (a missing field is an error). Functions are docker's
 * (json, join, split, lower, upper, title, pad, truncate, println) plus Go's builtins.
 */
import { type Operand, type Pipeline, type TNode, parseTemplate } from './template-parse';

/** A value that behaves like a Go struct: unknown fields are errors, functions are methods. */
export class TStruct {
  constructor(
    readonly typeName: string,
    readonly fields: Record<string, unknown>
  ) {}
}

export type TFunc = (...args: unknown[]) => unknown;

/** Marks "no value" (a missing map key), which prints as `<no value>`. */
const MISSING = Symbol('missing');

class ExecError extends Error {}

function isFunc(v: unknown): v is TFunc {
  return typeof v === 'function';
}

/** fmt.Sprint of a decoded-JSON value. */
export function goSprint(v: unknown): string {
  if (v === MISSING || v === undefined) return '<no value>';
  if (v === null) return '<nil>';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return goFloat(v);
  if (typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `[${v.map(goSprint).join(' ')}]`;
  if (v instanceof TStruct) return `{${Object.values(v.fields).filter((x) => !isFunc(x)).map(goSprint).join(' ')}}`;
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `map[${Object.keys(o).sort().map((k) => `${k}:${goSprint(o[k])}`).join(' ')}]`;
  }
  return String(v);
}

/**
 * docker inspect runs the template on its typed structs first (the decoded JSON is only a
 * fallback), so integer fields print as integers; other numbers print in Go's shortest %v form.
 */
function goFloat(n: number): string {
  if (!Number.isFinite(n)) return n > 0 ? '+Inf' : n < 0 ? '-Inf' : 'NaN';
  if (Number.isInteger(n)) return String(n);
  const exp = Math.floor(Math.log10(Math.abs(n)));
  if (exp < -4 || exp >= 21) {
    const [m, e] = n.toExponential().split('e');
    const en = Number(e);
    return `${m}e${en < 0 ? '-' : '+'}${String(Math.abs(en)).padStart(2, '0')}`;
  }
  return String(n);
}

function truthy(v: unknown): boolean {
  if (v === MISSING || v === undefined || v === null || v === false || v === 0 || v === '') return false;
  if (Array.isArray(v)) return v.length > 0;
  if (v instanceof TStruct) return true;
  if (typeof v === 'object') return Object.keys(v as object).length > 0;
  return true;
}

function typeName(v: unknown): string {
  if (typeof v === 'string') return 'string';
  if (typeof v === 'number') return 'float64';
  if (typeof v === 'boolean') return 'bool';
  if (Array.isArray(v)) return '[]interface {}';
  if (v instanceof TStruct) return v.typeName;
  return 'interface {}';
}

function eqValues(a: unknown, b: unknown): boolean {
  return goSprint(a) === goSprint(b) && typeof a === typeof b;
}

function compare(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  throw new ExecError('incompatible types for comparison');
}

function sprintf(fmt: string, args: unknown[]): string {
  let i = 0;
  return fmt.replace(/%([-+ #0]*\d*)([svdqt%])/g, (_m, _flags: string, verb: string) => {
    if (verb === '%') return '%';
    const a = args[i++];
    if (verb === 'q') return JSON.stringify(goSprint(a));
    if (verb === 'd') return typeof a === 'number' ? String(Math.trunc(a)) : `%!d(${typeName(a)}=${goSprint(a)})`;
    return goSprint(a);
  });
}

const FUNCS: Record<string, TFunc> = {
  json: (v) => JSON.stringify(v === MISSING ? null : v instanceof TStruct ? v.fields : v) ?? 'null',
  split: (s, sep) => String(s).split(String(sep)),
  join: (a, sep) => (Array.isArray(a) ? a.map(goSprint).join(String(sep)) : goSprint(a)),
  title: (s) => String(s).replace(/\b\w/g, (c) => c.toUpperCase()),
  lower: (s) => String(s).toLowerCase(),
  upper: (s) => String(s).toUpperCase(),
  pad: (s, l, r) => ' '.repeat(Number(l)) + goSprint(s) + ' '.repeat(Number(r)),
  truncate: (s, n) => [...goSprint(s)].slice(0, Number(n)).join(''),
  println: (...a) => a.map(goSprint).join(' ') + '\n',
  print: (...a) => a.map(goSprint).join(''),
  printf: (f, ...a) => sprintf(String(f), a),
  len: (v) => (Array.isArray(v) ? v.length : typeof v === 'string' ? v.length : v && typeof v === 'object' ? Object.keys(v).length : 0),
  index: (v, ...keys) => {
    let cur = v;
    for (const k of keys) {
      if (Array.isArray(cur)) cur = cur[Number(k)];
      else if (cur && typeof cur === 'object' && !(cur instanceof TStruct)) {
        const m = cur as Record<string, unknown>;
        cur = String(k) in m ? m[String(k)] : MISSING;
      }
      else throw new ExecError(`can't index item of type ${typeName(cur)}`);
    }
    return cur;
  },
  slice: (v, a, b) => (Array.isArray(v) || typeof v === 'string' ? v.slice(Number(a ?? 0), b === undefined ? undefined : Number(b)) : v),
  eq: (a, ...bs) => bs.some((b) => eqValues(a, b)),
  ne: (a, b) => !eqValues(a, b),
  lt: (a, b) => compare(a, b) < 0,
  le: (a, b) => compare(a, b) <= 0,
  gt: (a, b) => compare(a, b) > 0,
  ge: (a, b) => compare(a, b) >= 0,
  not: (a) => !truthy(a),
  and: (...a) => a.find((x) => !truthy(x)) ?? a[a.length - 1],
  or: (...a) => a.find((x) => truthy(x)) ?? a[a.length - 1]
};

class Exec {
  private out = '';
  private vars: Map<string, unknown>[] = [];

  constructor(private readonly src: string) {}

  private fail(pos: number, what: string, msg: string): never {
    const line = this.src.slice(0, pos).split('\n').length;
    const col = pos - (this.src.lastIndexOf('\n', pos - 1) + 1);
    throw new ExecError(`template: :${line}:${col}: executing "" at <${what}>: ${msg}`);
  }

  run(nodes: TNode[], dot: unknown): string {
    this.vars = [new Map([['$', dot]])];
    this.walk(nodes, dot);
    return this.out;
  }

  private walk(nodes: TNode[], dot: unknown): void {
    for (const n of nodes) {
      if (n.kind === 'text') this.out += n.text;
      else if (n.kind === 'action') {
        const v = this.pipe(n.pipe, dot);
        if (!n.pipe.decl.length) this.out += goSprint(v);
      } else if (n.kind === 'if' || n.kind === 'with') {
        this.vars.push(new Map());
        const v = this.pipe(n.pipe, dot);
        if (truthy(v)) this.walk(n.body, n.kind === 'with' ? v : dot);
        else this.walk(n.alt, dot);
        this.vars.pop();
      } else this.range(n, dot);
    }
  }

  private range(n: Extract<TNode, { kind: 'range' }>, dot: unknown): void {
    this.vars.push(new Map());
    const decl = n.pipe.decl;
    const v = this.pipe({ ...n.pipe, decl: [] }, dot);
    const items: [unknown, unknown][] = Array.isArray(v)
      ? v.map((x, i) => [i, x])
      : v && typeof v === 'object' && !(v instanceof TStruct)
        ? Object.keys(v).sort().map((k) => [k, (v as Record<string, unknown>)[k]])
        : typeof v === 'number'
          ? Array.from({ length: v }, (_, i) => [i, i])
          : [];
    if (v !== MISSING && v !== null && v !== undefined && !Array.isArray(v) && typeof v !== 'object' && typeof v !== 'number')
      this.fail(n.pipe.pos, 'range', `range can't iterate over ${goSprint(v)}`);
    if (!items.length) this.walk(n.alt, dot);
    for (const [k, x] of items) {
      const scope = this.vars[this.vars.length - 1];
      if (decl.length === 1) scope.set(decl[0], x);
      if (decl.length === 2) {
        scope.set(decl[0], k);
        scope.set(decl[1], x);
      }
      this.walk(n.body, x);
    }
    this.vars.pop();
  }

  private lookupVar(name: string, pos: number): unknown {
    for (let i = this.vars.length - 1; i >= 0; i--) if (this.vars[i].has(name)) return this.vars[i].get(name);
    this.fail(pos, name, `undefined variable: ${name}`);
  }

  private pipe(p: Pipeline, dot: unknown): unknown {
    let last: unknown = undefined;
    let have = false;
    for (const cmd of p.cmds) {
      last = this.command(cmd, dot, have ? [last] : []);
      have = true;
    }
    if (p.decl.length) this.vars[this.vars.length - 1].set(p.decl[p.decl.length - 1], last);
    return last;
  }

  private command(cmd: Operand[], dot: unknown, piped: unknown[]): unknown {
    const [head, ...rest] = cmd;
    if (head.kind === 'ident') {
      const args = [...rest.map((o) => this.operand(o, dot)), ...piped];
      try {
        return FUNCS[head.name](...args);
      } catch (e) {
        if (e instanceof ExecError) this.fail(head.pos, head.name, `error calling ${head.name}: ${e.message}`);
        throw e;
      }
    }
    const v = this.operand(head, dot, true);
    if (isFunc(v)) return v(...rest.map((o) => this.operand(o, dot)), ...piped);
    if (rest.length || piped.length) this.fail(head.pos, describe(head), `can't give argument to non-function ${describe(head)}`);
    return v;
  }

  private operand(o: Operand, dot: unknown, keepFunc = false): unknown {
    switch (o.kind) {
      case 'str':
        return o.value;
      case 'num':
        return o.value;
      case 'bool':
        return o.value;
      case 'nil':
        return null;
      case 'ident':
        return FUNCS[o.name]();
      case 'field':
        return this.chain(dot, o.chain, o, keepFunc);
      case 'var':
        return this.chain(this.lookupVar(o.name, o.pos), o.chain, o, keepFunc);
      case 'sub':
        return this.chain(this.pipe(o.pipe, dot), o.chain, o, keepFunc);
    }
  }

  private chain(start: unknown, chain: string[], o: Operand, keepFunc: boolean): unknown {
    let cur = start;
    for (let i = 0; i < chain.length; i++) {
      const f = chain[i];
      if (isFunc(cur)) cur = cur();
      if (cur instanceof TStruct) {
        if (!(f in cur.fields)) this.fail(o.pos, describe(o), `can't evaluate field ${f} in type ${cur.typeName}`);
        cur = cur.fields[f];
      } else if (cur && typeof cur === 'object' && !Array.isArray(cur)) {
        const m = cur as Record<string, unknown>;
        cur = f in m ? m[f] : MISSING;
      } else if (cur === MISSING || cur === null || cur === undefined) {
        this.fail(o.pos, describe(o), `nil pointer evaluating interface {}.${f}`);
      } else this.fail(o.pos, describe(o), `can't evaluate field ${f} in type ${typeName(cur)}`);
    }
    return isFunc(cur) && !keepFunc ? cur() : cur;
  }
}

function describe(o: Operand): string {
  if (o.kind === 'field') return '.' + o.chain.join('.');
  if (o.kind === 'var') return [o.name, ...o.chain].join('.');
  if (o.kind === 'ident') return o.name;
  return o.kind;
}

export type TemplateResult = { ok: true; out: string } | { ok: false; error: string; parse: boolean };

/** Parse and run `src` against `data`. */
export function runTemplate(src: string, data: unknown): TemplateResult {
  const parsed = parseTemplate(src);
  if (!parsed.ok) return { ok: false, error: parsed.error, parse: true };
  return execNodes(src, parsed.nodes, data);
}

export function execNodes(src: string, nodes: TNode[], data: unknown): TemplateResult {
  try {
    return { ok: true, out: new Exec(src).run(nodes, data) };
  } catch (e) {
    if (e instanceof ExecError) return { ok: false, error: e.message, parse: false };
    throw e;
  }
}
