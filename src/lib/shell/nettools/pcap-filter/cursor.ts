/** The expression as tokens, and the parser's place in them. */
import { type FilterEnv, syntax } from './types';

export type Tok = { k: 'op'; v: string } | { k: 'id'; v: string } | { k: 'num'; v: string } | { k: 'mac'; v: string };

export function tokenize(src: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < src.length) {
    const rest = src.slice(i);
    const ws = /^\s+/.exec(rest);
    if (ws) {
      i += ws[0].length;
      continue;
    }
    const two = rest.slice(0, 2);
    if (['&&', '||', '==', '!=', '<=', '>=', '<<', '>>'].includes(two)) {
      out.push({ k: 'op', v: two });
      i += 2;
      continue;
    }
    const mac = /^[0-9a-fA-F]{1,2}([:.-])[0-9a-fA-F]{1,2}(\1[0-9a-fA-F]{1,2}){4}(?![0-9a-zA-Z:])/.exec(rest);
    if (mac) {
      out.push({ k: 'mac', v: mac[0] });
      i += mac[0].length;
      continue;
    }
    const num = /^(0[xX][0-9a-fA-F]+|\d+(\.\d+){0,3}(\/\d+)?)(?![A-Za-z_])/.exec(rest);
    if (num) {
      out.push({ k: 'num', v: num[0] });
      i += num[0].length;
      continue;
    }
    const id = /^\\?[A-Za-z_][-_.A-Za-z0-9]*[_.A-Za-z0-9]|^\\?[A-Za-z_]/.exec(rest);
    if (id) {
      out.push({ k: 'id', v: id[0] });
      i += id[0].length;
      continue;
    }
    if ('()[]:!&|+-*/%^<>='.includes(rest[0])) {
      out.push({ k: 'op', v: rest[0] });
      i += 1;
      continue;
    }
    throw syntax();
  }
  return out;
}

export interface Quals {
  proto: string | null;
  dir: 'src' | 'dst' | 'src or dst' | 'src and dst' | null;
  type: string | null;
}

export class Cursor {
  pos = 0;
  /** The qualifiers of the last primitive that had a value: a bare value takes them. */
  last: Quals | null = null;

  constructor(
    readonly toks: readonly Tok[],
    readonly env: FilterEnv
  ) {}

  peek(o = 0): Tok | undefined {
    return this.toks[this.pos + o];
  }

  isOp(v: string, o = 0): boolean {
    return this.peek(o)?.k === 'op' && this.peek(o)?.v === v;
  }

  isWord(v: string, o = 0): boolean {
    return this.peek(o)?.k === 'id' && this.peek(o)?.v === v;
  }
}
