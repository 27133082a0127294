import { describe, expect, it } from 'vitest';
import { type FlagSpec, parseFlags, parseGoDuration } from '../../../src/lib/shell/kubectl/flags';

const SPECS: FlagSpec[] = [
  { name: 'namespace', short: 'n', type: 'string' },
  { name: 'all-namespaces', short: 'A', type: 'bool' },
  { name: 'watch', short: 'w', type: 'bool' },
  { name: 'output', short: 'o', type: 'string' },
  { name: 'filename', short: 'f', type: 'stringSlice' },
  { name: 'env', type: 'stringArray' },
  { name: 'replicas', type: 'int', def: -1 },
  { name: 'timeout', type: 'duration' },
  { name: 'dry-run', type: 'string', def: 'none', noOptDefVal: 'unchanged' }
];

function ok(argv: string[]) {
  const r = parseFlags(argv, SPECS);
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

function err(argv: string[]): string {
  const r = parseFlags(argv, SPECS);
  if (r.ok) throw new Error('expected an error');
  return r.error;
}

describe('pflag-style parsing', () => {
  it('reads the namespace in every spelling', () => {
    for (const argv of [['-n', 'kube-system'], ['--namespace=kube-system'], ['--namespace', 'kube-system'], ['-nkube-system'], ['-n=kube-system']])
      expect(ok(['get', 'pods', ...argv]).flags.str('namespace')).toBe('kube-system');
  });

  it('keeps positional arguments around flags and after --', () => {
    const v = ok(['pods', '-A', 'x', '--', '-l', 'y']);
    expect(v.args).toEqual(['pods', 'x', '-l', 'y']);
    expect(v.dashAt).toBe(2);
    expect(v.flags.bool('all-namespaces')).toBe(true);
  });

  it('groups boolean shorthands and takes the rest of a group as a value', () => {
    const v = ok(['-Aw', '-oyaml']);
    expect(v.flags.bool('all-namespaces')).toBe(true);
    expect(v.flags.bool('watch')).toBe(true);
    expect(v.flags.str('output')).toBe('yaml');
  });

  it('splits string slices on commas and appends repeats; string arrays keep commas', () => {
    const v = ok(['-f', 'a.yaml,b.yaml', '-f', 'c.yaml', '--env', 'A=1,2']);
    expect(v.flags.list('filename')).toEqual(['a.yaml', 'b.yaml', 'c.yaml']);
    expect(v.flags.list('env')).toEqual(['A=1,2']);
  });

  it('uses the no-option default for --dry-run alone', () => {
    expect(ok(['--dry-run']).flags.str('dry-run')).toBe('unchanged');
    expect(ok([]).flags.str('dry-run')).toBe('none');
  });

  it('words errors as pflag does', () => {
    expect(err(['--foo'])).toBe('unknown flag: --foo');
    expect(err(['-z'])).toBe("unknown shorthand flag: 'z' in -z");
    expect(err(['-Az'])).toBe("unknown shorthand flag: 'z' in -Az");
    expect(err(['-n'])).toBe("flag needs an argument: 'n' in -n");
    expect(err(['--namespace'])).toBe('flag needs an argument: --namespace');
    expect(err(['--replicas=abc'])).toBe('invalid argument "abc" for "--replicas" flag: strconv.ParseInt: parsing "abc": invalid syntax');
    expect(err(['--watch=maybe'])).toBe('invalid argument "maybe" for "-w, --watch" flag: strconv.ParseBool: parsing "maybe": invalid syntax');
    expect(err(['--timeout=60'])).toBe('invalid argument "60" for "--timeout" flag: time: missing unit in duration "60"');
  });
});

describe('Go durations', () => {
  it('parses units and sums', () => {
    expect(parseGoDuration('30s')).toEqual({ ok: true, ms: 30_000 });
    expect(parseGoDuration('1m30s')).toEqual({ ok: true, ms: 90_000 });
    expect(parseGoDuration('1.5h')).toEqual({ ok: true, ms: 5_400_000 });
    expect(parseGoDuration('0')).toEqual({ ok: true, ms: 0 });
    expect(parseGoDuration('5x')).toEqual({ ok: false, error: 'time: unknown unit "x" in duration "5x"' });
  });
});
