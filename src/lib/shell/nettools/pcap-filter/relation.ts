/**
 * Byte tests: `tcp[tcpflags] & tcp-syn != 0`, `len > 50`: arithmetic on numbers, constants,
 * the frame's length and `proto[offset:size]`, compared with a relation.
 */
import { type Cursor } from './cursor';
import { protoOffset } from './frame';
import { CONSTANTS, PROTOS, RELOPS } from './names';
import { type FilterFrame, type Predicate, FilterError, syntax } from './types';

type Arith = (f: FilterFrame) => number | null;

export function tryRelation(c: Cursor): Predicate | null {
  const save = c.pos;
  if (!looksArith(c)) return null;
  let left: Arith;
  try {
    left = parseArith(c);
  } catch (e) {
    c.pos = save;
    if (e instanceof FilterError) return null;
    throw e;
  }
  const op = c.peek();
  if (!op || op.k !== 'op' || !RELOPS.has(op.v)) {
    c.pos = save;
    return null;
  }
  c.pos++;
  const right = parseArith(c);
  return (f) => {
    const a = left(f);
    const b = right(f);
    if (a === null || b === null) return false;
    switch (op.v) {
      case '=': case '==': return a === b;
      case '!=': return a !== b;
      case '<': return a < b;
      case '<=': return a <= b;
      case '>': return a > b;
      default: return a >= b;
    }
  };
}

/** A relation starts with a number, `len`, `proto[`, or a parenthesised arithmetic term. */
function looksArith(c: Cursor): boolean {
  const t = c.peek();
  if (!t) return false;
  if (t.k === 'num' && /^(0[xX][0-9a-fA-F]+|\d+)$/.test(t.v)) {
    const n = c.peek(1);
    return !!n && n.k === 'op' && (RELOPS.has(n.v) || '+-*/&|%^<<>>'.includes(n.v));
  }
  if (t.k === 'id' && t.v === 'len') return true;
  if (t.k === 'id' && PROTOS.has(t.v) && c.isOp('[', 1)) return true;
  if (t.k === 'op' && t.v === '(') return true;
  return false;
}

function parseArith(c: Cursor): Arith {
  return parseBin(c, 0);
}

const LEVELS: string[][] = [['|'], ['^'], ['&'], ['<<', '>>'], ['+', '-'], ['*', '/', '%']];

function parseBin(c: Cursor, level: number): Arith {
  if (level >= LEVELS.length) return parseAtom(c);
  let left = parseBin(c, level + 1);
  for (;;) {
    const t = c.peek();
    if (!t || t.k !== 'op' || !LEVELS[level].includes(t.v)) return left;
    c.pos++;
    const right = parseBin(c, level + 1);
    const l = left;
    const op = t.v;
    left = (f) => {
      const a = l(f);
      const b = right(f);
      if (a === null || b === null) return null;
      switch (op) {
        case '|': return (a | b) >>> 0;
        case '^': return (a ^ b) >>> 0;
        case '&': return (a & b) >>> 0;
        case '<<': return (a << b) >>> 0;
        case '>>': return a >>> b;
        case '+': return (a + b) >>> 0;
        case '-': return (a - b) >>> 0;
        case '*': return Math.imul(a, b) >>> 0;
        case '/': return b === 0 ? null : Math.floor(a / b);
        default: return b === 0 ? null : a % b;
      }
    };
  }
}

function parseAtom(c: Cursor): Arith {
  const t = c.peek();
  if (!t) throw syntax();
  if (t.k === 'op' && t.v === '(') {
    c.pos++;
    const inner = parseArith(c);
    if (!c.isOp(')')) throw syntax();
    c.pos++;
    return inner;
  }
  if (t.k === 'op' && t.v === '-') {
    c.pos++;
    const inner = parseAtom(c);
    return (f) => {
      const v = inner(f);
      return v === null ? null : -v >>> 0;
    };
  }
  if (t.k === 'num') {
    if (!/^(0[xX][0-9a-fA-F]+|\d+)$/.test(t.v)) throw syntax();
    c.pos++;
    const v = Number(t.v) >>> 0;
    return () => v;
  }
  if (t.k === 'id' && t.v === 'len') {
    c.pos++;
    return (f) => f.bytes.length;
  }
  if (t.k === 'id' && t.v in CONSTANTS) {
    c.pos++;
    const v = CONSTANTS[t.v];
    return () => v;
  }
  if (t.k === 'id' && PROTOS.has(t.v) && c.isOp('[', 1)) {
    const proto = t.v;
    c.pos += 2;
    const off = parseArith(c);
    let size = 1;
    if (c.isOp(':')) {
      c.pos++;
      const s = c.peek();
      if (!s || s.k !== 'num' || !['1', '2', '4'].includes(s.v)) throw new FilterError('data size must be 1, 2, or 4');
      size = Number(s.v);
      c.pos++;
    }
    if (!c.isOp(']')) throw syntax();
    c.pos++;
    return (f) => {
      const base = protoOffset(f, proto);
      const o = off(f);
      if (base === null || o === null) return null;
      const at = base + o;
      if (at + size > f.bytes.length) return null;
      let v = 0;
      for (let k = 0; k < size; k++) v = v * 256 + f.bytes[at + k];
      return v;
    };
  }
  throw syntax();
}
