import { describe, expect, it } from 'vitest';
import { buildLab } from '../../../src/lib/shell/scenarios';
import { imageOf } from '../../../src/lib/shell/docker/images';
import { LabShell } from '../../../src/lib/shell/shell';

// The router runs quay.io/frrouting/frr: an image named with its registry is still the FRR image
// (Alpine: busybox applets, bash, vtysh), so a missing program fails in runc, as for mypc.
describe('an image named with its registry host', () => {
  it('is the catalog’s image', () => {
    expect(imageOf('quay.io/frrouting/frr:10.5.3')?.repo).toBe('frrouting/frr');
    expect(imageOf('docker.io/library/alpine')?.repo).toBe('alpine');
    expect(imageOf('quay.io/nope/frr')).toBeUndefined();
  });

  it('docker exec router <missing program> is runc’s error, exit 126; busybox sysctl is there', async () => {
    const sh = new LabShell(await buildLab({ scenario: 'bgp', seed: 2 }));
    expect(await sh.run('docker exec router kind')).toEqual({
      stdout: '',
      stderr: 'OCI runtime exec failed: exec failed: unable to start container process: exec: "kind": executable file not found in $PATH: unknown\n',
      exitCode: 126
    });
    expect((await sh.run('docker exec router sysctl net.ipv4.fib_multipath_hash_policy')).stdout).toBe('net.ipv4.fib_multipath_hash_policy = 0\n');
  });
});
