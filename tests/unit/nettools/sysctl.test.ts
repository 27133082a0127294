import { beforeAll, describe, expect, it } from 'vitest';
import { buildLab } from '../../../src/lib/shell/scenarios';
import { LabShell } from '../../../src/lib/shell/shell';

// Expected texts follow procps-ng sysctl: `key = value` lines sorted by name for -a, `-n` values
// only, `-N` names only; defaults from the kernel's ip-sysctl.rst (hash_fields 0x0007, printed
// in decimal by proc_douintvec_minmax; use_neigh 0; hash_policy 0).
describe('sysctl -a', () => {
  let shell: LabShell;
  const sh = async (line: string) => {
    const r = await shell.run(line);
    return { out: r.stdout, err: r.stderr, code: r.exitCode };
  };
  beforeAll(async () => {
    shell = new LabShell(await buildLab({ scenario: 'bgp', seed: 1 }));
  });

  it('lists every modelled setting, sorted', async () => {
    const all = [
      'net.ipv4.fib_multipath_hash_fields = 7',
      'net.ipv4.fib_multipath_hash_policy = 0',
      'net.ipv4.fib_multipath_use_neigh = 0',
      'net.ipv4.ip_forward = 1',
      ''
    ].join('\n');
    for (const opt of ['-a', '-A', '-X', '--all']) expect(await sh(`docker exec router sysctl ${opt}`)).toEqual({ out: all, err: '', code: 0 });
  });

  it('greps to the multipath settings', async () => {
    expect((await sh('docker exec router sysctl -a | grep multipath')).out).toBe(
      'net.ipv4.fib_multipath_hash_fields = 7\nnet.ipv4.fib_multipath_hash_policy = 0\nnet.ipv4.fib_multipath_use_neigh = 0\n'
    );
  });

  it('takes -N and -n, bundled or not', async () => {
    const names = 'net.ipv4.fib_multipath_hash_fields\nnet.ipv4.fib_multipath_hash_policy\nnet.ipv4.fib_multipath_use_neigh\nnet.ipv4.ip_forward\n';
    expect((await sh('docker exec router sysctl -aN')).out).toBe(names);
    expect((await sh('docker exec router sysctl -a --names')).out).toBe(names);
    expect((await sh('docker exec router sysctl -an')).out).toBe('7\n0\n0\n1\n');
    expect((await sh('docker exec router sysctl -N net.ipv4.ip_forward')).out).toBe('net.ipv4.ip_forward\n');
  });

  it('shows a written value in the listing', async () => {
    expect((await sh('docker exec router sysctl -qw net.ipv4.fib_multipath_hash_policy=1')).out).toBe('');
    expect((await sh('docker exec router sysctl -a | grep policy')).out).toBe('net.ipv4.fib_multipath_hash_policy = 1\n');
    await sh('docker exec router sysctl -w net.ipv4.fib_multipath_hash_policy=0');
  });

  it('does not let the unmodelled multipath settings change', async () => {
    expect(await sh('docker exec router sysctl -w net.ipv4.fib_multipath_use_neigh=1')).toEqual({
      out: '',
      err: 'sysctl: permission denied on key "net.ipv4.fib_multipath_use_neigh"\n',
      code: 255
    });
    expect((await sh('docker exec router sysctl net.ipv4.fib_multipath_use_neigh')).out).toBe('net.ipv4.fib_multipath_use_neigh = 0\n');
  });

  it('refuses an unknown option', async () => {
    expect(await sh('sysctl -z')).toEqual({ out: '', err: "sysctl: invalid option -- 'z'\n", code: 255 });
  });
});
