/**
 * `sysctl` (procps-ng) for the few kernel settings the lab models, per network namespace:
 * net.ipv4.fib_multipath_hash_policy (ECMP hashing: 0 L3, 1 L4) and net.ipv4.ip_forward.
 * Reads print `key = value`; `-w key=value` writes and prints the same; `-n` prints the value
 * only. Writing needs a privileged container (/proc/sys is read-only otherwise).
 */
import type { NetHost } from '../../engine/net/host';
import { canAdmin, netView } from '../nettools/common';
import { type CommandResult, type LabCommand, errOut } from '../types';

interface Setting {
  get(h: NetHost): number;
  /** null when the value is rejected (EINVAL). */
  set(h: NetHost, v: number): boolean;
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
  'net.ipv4.ip_forward': {
    get: (h) => (h.ipForward ? 1 : 0),
    set: (h, v) => {
      h.ipForward = v !== 0;
      return true;
    }
  }
};

export const sysctlCommand: LabCommand = {
  name: 'sysctl',
  async run(args, ctx): Promise<CommandResult> {
    const view = netView(ctx);
    if (!view) return errOut('sysctl: cannot open /proc/sys\n', 255);
    let write = false;
    let valuesOnly = false;
    const items: string[] = [];
    for (const a of args) {
      if (a === '-w' || a === '--write') write = true;
      else if (a === '-n' || a === '--values') valuesOnly = true;
      else if (a === '-q' || a === '--quiet') continue;
      else if (a.startsWith('-')) return errOut(`sysctl: invalid option -- '${a.replace(/^-+/, '')}'\n`, 255);
      else items.push(a);
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
        stderr += `sysctl: cannot stat ${path}: No such file or directory\n`;
        code = 255;
        continue;
      }
      if (eq >= 0 || write) {
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
        if (!/^\d+$/.test(raw) || !s.set(view.host, Number(raw))) {
          stderr += `sysctl: setting key "${key}": Invalid argument\n`;
          code = 255;
          continue;
        }
      }
      const v = s.get(view.host);
      stdout += valuesOnly ? `${v}\n` : `${key} = ${v}\n`;
    }
    return { stdout, stderr, exitCode: code };
  }
};
