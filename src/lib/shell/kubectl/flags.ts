/**
 * Command-line flags the way cobra/pflag parse them for kubectl: `--name=value`, `--name value`,
 * `-n value`, `-nvalue`, `-n=value`, grouped booleans (`-it`), flags anywhere among the
 * positional arguments, and `--` ending the flags. Errors use pflag's exact wording; the caller
 * adds kubectl's "See '<cmd> --help' for usage." line.
 */

export type FlagType = 'bool' | 'string' | 'int' | 'duration' | 'stringArray' | 'stringSlice';
export type FlagValue = boolean | string | number | string[];

export interface FlagSpec {
  name: string;
  short?: string;
  type: FlagType;
  /** Value used when the flag is given without one (`--dry-run` → "unchanged"); bools use "true". */
  noOptDefVal?: string;
  def?: FlagValue;
}

export interface ParsedArgs {
  flags: Flags;
  /** Positional arguments, including those after `--`. */
  args: string[];
  /** Index in `args` where `--` was seen (cobra's ArgsLenAtDash), or -1. */
  dashAt: number;
}

export type ParseResult = { ok: true; value: ParsedArgs } | { ok: false; error: string };

/** The parsed flag values with typed accessors; unset flags read as their defaults. */
export class Flags {
  private readonly specs: Map<string, FlagSpec>;
  private readonly values = new Map<string, FlagValue>();
  private readonly changedSet = new Set<string>();

  constructor(specs: FlagSpec[]) {
    this.specs = new Map(specs.map((s) => [s.name, s]));
  }

  set(name: string, v: FlagValue): void {
    this.values.set(name, v);
    this.changedSet.add(name);
  }

  raw(name: string): FlagValue | undefined {
    return this.values.get(name);
  }

  changed(name: string): boolean {
    return this.changedSet.has(name);
  }

  bool(name: string): boolean {
    const v = this.values.get(name) ?? this.specs.get(name)?.def;
    return v === true;
  }

  str(name: string): string {
    const v = this.values.get(name) ?? this.specs.get(name)?.def;
    return typeof v === 'string' ? v : '';
  }

  int(name: string, fallback = 0): number {
    const v = this.values.get(name) ?? this.specs.get(name)?.def;
    return typeof v === 'number' ? v : fallback;
  }

  list(name: string): string[] {
    const v = this.values.get(name) ?? this.specs.get(name)?.def;
    return Array.isArray(v) ? v : [];
  }
}

function displayName(s: FlagSpec): string {
  return s.short ? `-${s.short}, --${s.name}` : `--${s.name}`;
}

/** Go's %q for the strings kubectl quotes (ASCII in practice). */
export function goQuote(s: string): string {
  return JSON.stringify(s).replace(/\\u00([0-9a-f]{2})/g, '\\x$1');
}

/** time.ParseDuration: "30s", "1m30s", "1.5h", "100ms", "0". Returns ms or the Go error. */
export function parseGoDuration(s: string): { ok: true; ms: number } | { ok: false; error: string } {
  const orig = s;
  let neg = false;
  if (s.startsWith('-') || s.startsWith('+')) {
    neg = s[0] === '-';
    s = s.slice(1);
  }
  if (s === '0') return { ok: true, ms: 0 };
  if (s === '') return { ok: false, error: `time: invalid duration ${goQuote(orig)}` };
  const units: Record<string, number> = { ns: 1e-6, us: 1e-3, 'µs': 1e-3, 'μs': 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  let total = 0;
  while (s !== '') {
    const num = /^(\d*)(\.\d*)?/.exec(s);
    if (!num || (num[1] === '' && (num[2] ?? '').length <= 1)) return { ok: false, error: `time: invalid duration ${goQuote(orig)}` };
    s = s.slice(num[0].length);
    const unit = /^[^\d.]*/.exec(s)![0];
    if (unit === '') return { ok: false, error: `time: missing unit in duration ${goQuote(orig)}` };
    const mult = units[unit];
    if (mult === undefined) return { ok: false, error: `time: unknown unit ${goQuote(unit)} in duration ${goQuote(orig)}` };
    s = s.slice(unit.length);
    total += Number(num[0] || '0') * mult;
  }
  return { ok: true, ms: neg ? -total : total };
}

/** strconv.ParseInt(s, 0, 64) acceptance: decimal, 0x.., 0o.., 0b.., leading-0 octal. */
function parseGoInt(s: string): number | null {
  const m = /^([+-]?)(0[xX][0-9a-fA-F_]+|0[oO][0-7_]+|0[bB][01_]+|0[0-7_]*|[1-9][0-9_]*)$/.exec(s);
  if (!m) return null;
  const body = m[2].replace(/_/g, '');
  let v: number;
  if (/^0[xX]/.test(body)) v = parseInt(body.slice(2), 16);
  else if (/^0[oO]/.test(body)) v = parseInt(body.slice(2), 8);
  else if (/^0[bB]/.test(body)) v = parseInt(body.slice(2), 2);
  else if (body.length > 1 && body.startsWith('0')) v = parseInt(body.slice(1), 8);
  else v = parseInt(body, 10);
  return m[1] === '-' ? -v : v;
}

function parseGoBool(s: string): boolean | null {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(s)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(s)) return false;
  return null;
}

/** encoding/csv reading of one stringSlice value ("a,b", "\"a,b\",c"). */
function splitCsv(s: string): string[] {
  if (s === '') return [];
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (quoted) {
      if (c === '"' && s[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cur += c;
    } else if (c === '"' && cur === '') quoted = true;
    else if (c === ',') {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out;
}

function setValue(flags: Flags, spec: FlagSpec, value: string): string | null {
  const bad = (why: string) => `invalid argument ${goQuote(value)} for ${goQuote(displayName(spec))} flag: ${why}`;
  switch (spec.type) {
    case 'bool': {
      const b = parseGoBool(value);
      if (b === null) return bad(`strconv.ParseBool: parsing ${goQuote(value)}: invalid syntax`);
      flags.set(spec.name, b);
      return null;
    }
    case 'int': {
      const n = parseGoInt(value);
      if (n === null) return bad(`strconv.ParseInt: parsing ${goQuote(value)}: invalid syntax`);
      flags.set(spec.name, n);
      return null;
    }
    case 'duration': {
      const d = parseGoDuration(value);
      if (!d.ok) return bad(d.error);
      flags.set(spec.name, d.ms);
      return null;
    }
    case 'stringArray': {
      const prev = flags.changed(spec.name) ? flags.list(spec.name) : [];
      flags.set(spec.name, [...prev, value]);
      return null;
    }
    case 'stringSlice': {
      const prev = flags.changed(spec.name) ? flags.list(spec.name) : [];
      flags.set(spec.name, [...prev, ...splitCsv(value)]);
      return null;
    }
    default:
      flags.set(spec.name, value);
      return null;
  }
}

function takesNoValue(spec: FlagSpec): boolean {
  return spec.type === 'bool' || spec.noOptDefVal !== undefined;
}

function noOpt(spec: FlagSpec): string {
  return spec.noOptDefVal ?? 'true';
}

/** Parse argv against the flag specs (the command's own flags plus kubectl's global ones). */
export function parseFlags(argv: string[], specs: FlagSpec[]): ParseResult {
  const flags = new Flags(specs);
  const byName = new Map(specs.map((s) => [s.name, s]));
  const byShort = new Map(specs.filter((s) => s.short).map((s) => [s.short!, s]));
  const args: string[] = [];
  let dashAt = -1;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') {
      dashAt = args.length;
      args.push(...argv.slice(i + 1));
      break;
    }
    if (a.startsWith('--') && a.length > 2) {
      const body = a.slice(2);
      const eq = body.indexOf('=');
      // kubectl normalises "_" to "-" in flag names (cliflag.WordSepNormalizeFunc).
      const name = (eq < 0 ? body : body.slice(0, eq)).replace(/_/g, '-');
      const spec = byName.get(name);
      if (!spec) return { ok: false, error: `unknown flag: --${name}` };
      let value: string;
      if (eq >= 0) value = body.slice(eq + 1);
      else if (takesNoValue(spec)) value = noOpt(spec);
      else if (i + 1 < argv.length) value = argv[++i];
      else return { ok: false, error: `flag needs an argument: --${name}` };
      const err = setValue(flags, spec, value);
      if (err) return { ok: false, error: err };
      continue;
    }
    if (a.startsWith('-') && a.length > 1) {
      let rest = a.slice(1);
      while (rest.length) {
        const c = rest[0];
        const spec = byShort.get(c);
        if (!spec) return { ok: false, error: `unknown shorthand flag: '${c}' in ${a}` };
        rest = rest.slice(1);
        let value: string;
        if (rest.startsWith('=')) {
          value = rest.slice(1);
          rest = '';
        } else if (takesNoValue(spec)) {
          value = noOpt(spec);
        } else if (rest.length) {
          value = rest;
          rest = '';
        } else if (i + 1 < argv.length) {
          value = argv[++i];
        } else {
          return { ok: false, error: `flag needs an argument: '${c}' in -${c}` };
        }
        const err = setValue(flags, spec, value);
        if (err) return { ok: false, error: err };
      }
      continue;
    }
    args.push(a);
  }
  return { ok: true, value: { flags, args, dashAt } };
}

/** Does a flag token consume the next argument (for finding the sub-command among flags)? */
export function consumesNext(token: string, specs: FlagSpec[]): boolean {
  if (token.startsWith('--')) {
    if (token.includes('=')) return false;
    const spec = specs.find((s) => s.name === token.slice(2).replace(/_/g, '-'));
    // cobra's stripFlags treats unknown long flags as taking a value.
    return spec ? !takesNoValue(spec) : true;
  }
  if (token.startsWith('-') && token.length === 2) {
    const spec = specs.find((s) => s.short === token[1]);
    return spec ? !takesNoValue(spec) : false;
  }
  return false;
}
