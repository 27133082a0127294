/**
 * A pflag-style argv parser (the flag library behind the docker and kind CLIs): `--name=v`,
 * `--name v`, `-n v`, `-nv`, grouped booleans (`-it`), `--` to stop, and pflag's error texts.
 * pflag does no prefix matching of long options, so neither do we.
 */

export type FlagType = 'bool' | 'string' | 'int' | 'list';

export interface FlagSpec {
  long: string;
  short?: string;
  type: FlagType;
  help?: string;
  /** Word shown after the flag in --help ("string", "int", "list"). */
  valueName?: string;
  hidden?: boolean;
  /** Other long names accepted for the same flag (`--time` for `--timeout`). */
  aliases?: string[];
}

export type FlagValue = boolean | string | number | string[];

export interface Parsed {
  flags: Map<string, FlagValue>;
  args: string[];
  help: boolean;
}

export type ParseResult = { ok: true; value: Parsed } | { ok: false; error: string };

export interface ParseOptions {
  /** false: the first non-flag argument ends flag parsing (docker run/exec IMAGE CMD...). */
  interspersed?: boolean;
}

/** Parse argv against a flag list; `-h/--help` are always known. */
export function parseFlags(argv: string[], specs: FlagSpec[], opts: ParseOptions = {}): ParseResult {
  const interspersed = opts.interspersed ?? true;
  const flags = new Map<string, FlagValue>();
  const args: string[] = [];
  let help = false;
  const byLong = (n: string) => specs.find((s) => s.long === n || s.aliases?.includes(n));
  const byShort = (c: string) => specs.find((s) => s.short === c);

  const set = (spec: FlagSpec, raw: string, shown: string): string | null => {
    switch (spec.type) {
      case 'bool': {
        const v = parseBool(raw);
        if (v === null) return `invalid argument "${raw}" for "${shown}" flag: strconv.ParseBool: parsing "${raw}": invalid syntax`;
        flags.set(spec.long, v);
        return null;
      }
      case 'int': {
        if (!/^[+-]?\d+$/.test(raw)) return `invalid argument "${raw}" for "${shown}" flag: strconv.ParseInt: parsing "${raw}": invalid syntax`;
        flags.set(spec.long, Number(raw));
        return null;
      }
      case 'list': {
        const prev = flags.get(spec.long);
        flags.set(spec.long, [...(Array.isArray(prev) ? prev : []), raw]);
        return null;
      }
      default:
        flags.set(spec.long, raw);
        return null;
    }
  };
  const shownName = (s: FlagSpec) => (s.short ? `-${s.short}, --${s.long}` : `--${s.long}`);

  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') {
      args.push(...argv.slice(i + 1));
      break;
    }
    if (a.startsWith('--') && a.length > 2) {
      const eq = a.indexOf('=');
      const name = eq >= 0 ? a.slice(2, eq) : a.slice(2);
      if (name === 'help') {
        help = true;
        continue;
      }
      const spec = byLong(name);
      if (!spec) return { ok: false, error: `unknown flag: --${name}` };
      if (spec.type === 'bool') {
        const e = set(spec, eq >= 0 ? a.slice(eq + 1) : 'true', shownName(spec));
        if (e) return { ok: false, error: e };
        continue;
      }
      let value: string;
      if (eq >= 0) value = a.slice(eq + 1);
      else if (i + 1 < argv.length) value = argv[++i];
      else return { ok: false, error: `flag needs an argument: --${name}` };
      const e = set(spec, value, shownName(spec));
      if (e) return { ok: false, error: e };
      continue;
    }
    if (a.startsWith('-') && a.length > 1) {
      // A group of shorthands: -it, -e K=V, -eK=V, -s9.
      for (let j = 1; j < a.length; j++) {
        const c = a[j];
        if (c === 'h' && !byShort('h')) {
          help = true;
          continue;
        }
        const spec = byShort(c);
        if (!spec) return { ok: false, error: `unknown shorthand flag: '${c}' in ${a}` };
        if (spec.type === 'bool') {
          if (a[j + 1] === '=') {
            const e = set(spec, a.slice(j + 2), shownName(spec));
            if (e) return { ok: false, error: e };
            break;
          }
          flags.set(spec.long, true);
          continue;
        }
        let value: string;
        if (j + 1 < a.length) value = a[j + 1] === '=' ? a.slice(j + 2) : a.slice(j + 1);
        else if (i + 1 < argv.length) value = argv[++i];
        else return { ok: false, error: `flag needs an argument: '${c}' in ${a}` };
        const e = set(spec, value, shownName(spec));
        if (e) return { ok: false, error: e };
        break;
      }
      continue;
    }
    if (!interspersed) {
      args.push(...argv.slice(i));
      break;
    }
    args.push(a);
  }
  return { ok: true, value: { flags, args, help } };
}

function parseBool(s: string): boolean | null {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(s)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(s)) return false;
  return null;
}

export function flagBool(p: Parsed, name: string): boolean {
  return p.flags.get(name) === true;
}

export function flagString(p: Parsed, name: string): string | undefined {
  const v = p.flags.get(name);
  return typeof v === 'string' ? v : undefined;
}

export function flagInt(p: Parsed, name: string): number | undefined {
  const v = p.flags.get(name);
  return typeof v === 'number' ? v : undefined;
}

export function flagList(p: Parsed, name: string): string[] {
  const v = p.flags.get(name);
  return Array.isArray(v) ? v : [];
}

/** pflag's FlagUsages: `  -s, --signal string   Signal to send`, aligned on the widest flag. */
export function flagUsages(specs: FlagSpec[]): string {
  const rows = specs
    .filter((s) => !s.hidden)
    .map((s) => {
      const type = s.type === 'bool' ? '' : ` ${s.valueName ?? s.type}`;
      const left = s.short ? `  -${s.short}, --${s.long}${type}` : `      --${s.long}${type}`;
      return { left, help: s.help ?? '' };
    });
  const w = Math.max(0, ...rows.map((r) => r.left.length));
  return rows.map((r) => `${r.left.padEnd(w)}   ${r.help}`.trimEnd()).join('\n');
}
