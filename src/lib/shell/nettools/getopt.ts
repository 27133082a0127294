/**
 * getopt / getopt_long / getopt_long_only as the C tools get them from their C library, with
 * glibc's and musl's own error wording (the kind nodes are Debian, netshoot is Alpine). Long
 * options may be abbreviated to any unambiguous prefix (arp-scan's `--interfac=eth0`).
 */
import type { Libc } from './common';

export interface LongOpt {
  name: string;
  arg: 'none' | 'required' | 'optional';
  /** Key reported for this option (its short letter, or a name for long-only options). */
  key: string;
}

export interface GetoptSpec {
  prog: string;
  /** Short options in getopt syntax ("c:i:nq"). */
  short: string;
  long?: LongOpt[];
  /** getopt_long_only: `-interface` is a long option too. */
  longOnly?: boolean;
  libc: Libc;
  /** Move operands after the options (glibc always; musl in getopt_long only, plain getopt stops at the first operand). */
  permute?: boolean;
}

export interface ParsedOpt {
  key: string;
  arg?: string;
  /** As written (`-c`, `--interfac`), for messages. */
  as: string;
}

export type GetoptResult = { ok: true; opts: ParsedOpt[]; operands: string[] } | { ok: false; message: string };

function shortSpec(short: string, ch: string): 'none' | 'required' | 'optional' | null {
  const s = short.replace(/^[+:-]+/, '');
  for (let i = 0; i < s.length; i++) {
    if (s[i] === ':') continue;
    if (s[i] === ch) {
      if (s[i + 1] === ':' && s[i + 2] === ':') return 'optional';
      if (s[i + 1] === ':') return 'required';
      return 'none';
    }
  }
  return null;
}

type LongMatch = { ok: true; opt: LongOpt } | { ok: false; kind: 'none' } | { ok: false; kind: 'ambiguous'; candidates: LongOpt[] };

function matchLong(spec: GetoptSpec, name: string): LongMatch {
  const longs = spec.long ?? [];
  const exact = longs.find((l) => l.name === name);
  if (exact) return { ok: true, opt: exact };
  const cands = longs.filter((l) => l.name.startsWith(name));
  if (cands.length === 0) return { ok: false, kind: 'none' };
  if (cands.length === 1) return { ok: true, opt: cands[0] };
  // glibc accepts several prefixes that all mean the same option; musl calls it ambiguous
  if (spec.libc === 'glibc' && cands.every((c) => c.key === cands[0].key && c.arg === cands[0].arg)) return { ok: true, opt: cands[0] };
  return { ok: false, kind: 'ambiguous', candidates: cands };
}

const glibc = {
  unrecognized: (p: string, prefix: string, rest: string) => `${p}: unrecognized option '${prefix}${rest}'`,
  ambiguous: (p: string, prefix: string, name: string, c: LongOpt[]) =>
    `${p}: option '${prefix}${name}' is ambiguous; possibilities:${c.map((o) => ` '${prefix}${o.name}'`).join('')}`,
  noArg: (p: string, prefix: string, name: string) => `${p}: option '${prefix}${name}' doesn't allow an argument`,
  needArg: (p: string, prefix: string, name: string) => `${p}: option '${prefix}${name}' requires an argument`,
  invalidShort: (p: string, c: string) => `${p}: invalid option -- '${c}'`,
  needArgShort: (p: string, c: string) => `${p}: option requires an argument -- '${c}'`
};

const musl = {
  unrecognized: (p: string, rest: string) => `${p}: unrecognized option: ${rest}`,
  ambiguous: (p: string, rest: string) => `${p}: option is ambiguous: ${rest}`,
  noArg: (p: string, name: string) => `${p}: option does not take an argument: ${name}`,
  needArg: (p: string, name: string) => `${p}: option requires an argument: ${name}`,
  invalidShort: (p: string, c: string) => `${p}: unrecognized option: ${c}`,
  needArgShort: (p: string, c: string) => `${p}: option requires an argument: ${c}`
};

/** Parse argv (without the program name). The first error ends parsing, as the tools all exit on it. */
export function getopt(argv: string[], spec: GetoptSpec): GetoptResult {
  const opts: ParsedOpt[] = [];
  const operands: string[] = [];
  const p = spec.prog;
  const permute = spec.permute ?? spec.libc === 'glibc';
  let i = 0;
  while (i < argv.length) {
    const a = argv[i];
    if (a === '--') {
      operands.push(...argv.slice(i + 1));
      break;
    }
    if (!a.startsWith('-') || a === '-') {
      if (!permute) {
        operands.push(...argv.slice(i));
        break;
      }
      operands.push(a);
      i++;
      continue;
    }
    // long options: "--name[=value]", or "-name" with getopt_long_only
    const isDouble = a.startsWith('--');
    const tryLong = spec.long && (isDouble || (spec.longOnly && (a.length > 2 || shortSpec(spec.short, a[1]) === null)));
    if (tryLong) {
      const prefix = isDouble ? '--' : '-';
      const body = a.slice(prefix.length);
      const eq = body.indexOf('=');
      const name = eq >= 0 ? body.slice(0, eq) : body;
      const m = matchLong(spec, name);
      // musl's long-only: a name that is also a short option letter goes the short way
      const muslShortFirst = spec.libc === 'musl' && !isDouble && m.ok && name.length === 1 && shortSpec(spec.short, name) !== null;
      if (m.ok && !muslShortFirst) {
        const o = m.opt;
        i++;
        if (eq >= 0) {
          if (o.arg === 'none') return { ok: false, message: spec.libc === 'glibc' ? glibc.noArg(p, prefix, o.name) : musl.noArg(p, o.name) };
          opts.push({ key: o.key, arg: body.slice(eq + 1), as: `${prefix}${o.name}` });
        } else if (o.arg === 'required') {
          if (i >= argv.length) return { ok: false, message: spec.libc === 'glibc' ? glibc.needArg(p, prefix, o.name) : musl.needArg(p, o.name) };
          opts.push({ key: o.key, arg: argv[i++], as: `${prefix}${o.name}` });
        } else {
          opts.push({ key: o.key, as: `${prefix}${o.name}` });
        }
        continue;
      }
      if (!m.ok && m.kind === 'ambiguous') {
        if (spec.libc === 'glibc') return { ok: false, message: glibc.ambiguous(p, prefix, name, m.candidates) };
        if (isDouble) return { ok: false, message: musl.ambiguous(p, body) };
      } else if (!m.ok) {
        // not a long option: getopt_long_only falls back to short letters when the first one is valid
        if (isDouble || !spec.longOnly || shortSpec(spec.short, a[1]) === null) {
          if (spec.libc === 'glibc') return { ok: false, message: glibc.unrecognized(p, prefix, body) };
          if (isDouble) return { ok: false, message: musl.unrecognized(p, body) };
        }
      }
    }
    // a cluster of short options: "-nnc" "5" or "-c5"
    let j = 1;
    i++;
    while (j < a.length) {
      const ch = a[j];
      const kind = shortSpec(spec.short, ch);
      if (kind === null || ch === ':') return { ok: false, message: spec.libc === 'glibc' ? glibc.invalidShort(p, ch) : musl.invalidShort(p, ch) };
      if (kind === 'none') {
        opts.push({ key: ch, as: `-${ch}` });
        j++;
        continue;
      }
      const attached = a.slice(j + 1);
      if (attached) {
        opts.push({ key: ch, arg: attached, as: `-${ch}` });
      } else if (kind === 'required') {
        if (i >= argv.length) return { ok: false, message: spec.libc === 'glibc' ? glibc.needArgShort(p, ch) : musl.needArgShort(p, ch) };
        opts.push({ key: ch, arg: argv[i++], as: `-${ch}` });
      } else {
        opts.push({ key: ch, as: `-${ch}` });
      }
      break;
    }
  }
  return { ok: true, opts, operands };
}
