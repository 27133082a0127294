/**
 * `sysctl` (procps-ng) for the few kernel settings the lab models, per network namespace:
 * net.ipv4.fib_multipath_hash_policy (ECMP hashing: 0 L3, 1 L4) and net.ipv4.ip_forward, plus
 * two multipath neighbours shown at their kernel defaults (ip-sysctl.rst) and not writable here.
 * Reads print `key = value`; `-w key=value` writes and prints the same; `-n` prints the value
 * only, `-N` the name only. `-a` lists the settings the lab models, sorted by name: a real
 * kernel has about a thousand more. Writing needs a privileged container (/proc/sys is
 * read-only otherwise).
 */
import type { NetHost } from '../../engine/net/host';
import { canAdmin, netView } from '../nettools/common';
import { type CommandResult, type LabCommand, errOut } from '../types';

interface Setting {
  get(h: NetHost): number;
  /** false when the value is rejected (EINVAL); absent when the lab does not let it change. */
  set?(h: NetHost, v: number): boolean;
}

const SETTINGS: Record<string, Setting> = {
  'net.ipv4.fib_multipath_hash_policy': {
    get: (h) => h.routes.multipathHashPolicy,
    set: (h, v) => {
      if (v < 0 || v > 3) return false;
      h.routes.multipathHashPolicy = v;
      return true;
    }
  },
  // Default 0x0007 (source IP, destination IP, protocol); the kernel prints it in decimal.
  'net.ipv4.fib_multipath_hash_fields': { get: () => 7 },
  'net.ipv4.fib_multipath_use_neigh': { get: () => 0 },
  'net.ipv4.ip_forward': {
    get: (h) => (h.ipForward ? 1 : 0),
    set: (h, v) => {
      h.ipForward = v !== 0;
      return true;
    }
  }
};

/** The short options procps-ng's sysctl takes that the lab understands (they may be bundled: -an). */
const SHORT: Record<string, Flag> = { a: 'all', A: 'all', X: 'all', n: 'values', N: 'names', w: 'write', q: 'quiet', e: 'ignore' };
const LONG: Record<string, Flag> = { '--all': 'all', '--values': 'values', '--names': 'names', '--write': 'write', '--quiet': 'quiet', '--ignore': 'ignore' };
type Flag = 'all' | 'values' | 'names' | 'write' | 'quiet' | 'ignore';

function line(key: string, v: number, flags: Set<Flag>): string {
  if (flags.has('names')) return `${key}\n`;
  return flags.has('values') ? `${v}\n` : `${key} = ${v}\n`;
}

export const sysctlCommand: LabCommand = {
  name: 'sysctl',
  async run(args, ctx): Promise<CommandResult> {
    const view = netView(ctx);
    if (!view) return errOut('sysctl: cannot open /proc/sys\n', 255);
    const flags = new Set<Flag>();
    const items: string[] = [];
    for (const a of args) {
      if (a.startsWith('--')) {
        const f = LONG[a];
        if (!f) return errOut(`sysctl: unrecognized option '${a}'\n`, 255);
        flags.add(f);
      } else if (a.startsWith('-') && a.length > 1) {
        for (const c of a.slice(1)) {
          const f = SHORT[c];
          if (!f) return errOut(`sysctl: invalid option -- '${c}'\n`, 255);
          flags.add(f);
        }
      } else items.push(a);
    }
    // procps lists everything and ignores any names given with -a
    if (flags.has('all')) {
      const keys = Object.keys(SETTINGS).sort();
      return { stdout: keys.map((k) => line(k, SETTINGS[k].get(view.host), flags)).join(''), stderr: '', exitCode: 0 };
    }
    if (!items.length) return errOut('sysctl: no variables specified\n', 255);
    let stdout = '';
    let stderr = '';
    let code = 0;
    for (const item of items) {
      const eq = item.indexOf('=');
      const key = (eq >= 0 ? item.slice(0, eq) : item).replace(/\//g, '.');
      const s = SETTINGS[key];
      const path = `/proc/sys/${key.replace(/\./g, '/')}`;
      if (!s) {
        if (flags.has('ignore')) continue;
        stderr += `sysctl: cannot stat ${path}: No such file or directory\n`;
        code = 255;
        continue;
      }
      const writing = eq >= 0 || flags.has('write');
      if (writing) {
        if (eq < 0) {
          stderr += `sysctl: "${key}" must be of the form name=value\n`;
          code = 255;
          continue;
        }
        const raw = item.slice(eq + 1).trim();
        if (!canAdmin(view)) {
          stderr += `sysctl: setting key "${key}": Read-only file system\n`;
          code = 255;
          continue;
        }
        if (!s.set) {
          stderr += `sysctl: permission denied on key "${key}"\n`;
          code = 255;
          continue;
        }
        if (!/^\d+$/.test(raw) || !s.set(view.host, Number(raw))) {
          stderr += `sysctl: setting key "${key}": Invalid argument\n`;
          code = 255;
          continue;
        }
      }
      // -q only quiets the echo of a value written
      if (!(writing && flags.has('quiet'))) stdout += line(key, s.get(view.host), flags);
    }
    return { stdout, stderr, exitCode: code };
  }
};
