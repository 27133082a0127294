import { describe, expect, it } from 'vitest';
import { kindEndpoints, labShell, lines } from './helpers';

describe('arp (net-tools)', () => {
  it('arp -n, arp -an, arp -a after pings', async () => {
    const { sh } = await labShell();
    const eps = await kindEndpoints(sh);
    const w = eps.get('myk8s-worker')!;
    await sh.run(`docker exec mypc ping -c 1 ${w.ip}`);
    await sh.run('docker exec mypc ping -c 1 -W 1 172.18.0.77');
    expect(lines((await sh.run('docker exec mypc arp -n')).stdout)).toEqual([
      'Address                  HWtype  HWaddress           Flags Mask            Iface',
      `${w.ip.padEnd(23)}  ether   ${w.mac}   C                     eth0`,
      '172.18.0.77                      (incomplete)                              eth0'
    ]);
    expect(lines((await sh.run('docker exec mypc arp -an')).stdout)).toEqual([`? (${w.ip}) at ${w.mac} [ether] on eth0`, '? (172.18.0.77) at <incomplete> on eth0']);
    expect(lines((await sh.run('docker exec mypc arp -a')).stdout)[0]).toBe(`myk8s-worker.kind (${w.ip}) at ${w.mac} [ether] on eth0`);
    expect((await sh.run(`docker exec mypc arp -n ${w.ip}`)).stdout.split('\n')).toHaveLength(3);
    expect((await sh.run('docker exec mypc arp -n 172.18.0.5')).stdout).toBe('172.18.0.5 (172.18.0.5) -- no entry\n');
  });

  it('arp -d: refused without CAP_NET_ADMIN, works on the learner machine', async () => {
    const { sh } = await labShell();
    await sh.run('docker exec mypc ping -c 1 172.18.0.1');
    expect(await sh.run('docker exec mypc arp -d 172.18.0.1')).toEqual({ stdout: '', stderr: 'SIOCDARP(dontpub): Operation not permitted\n', exitCode: 255 });
    // the host learnt mypc from its who-has
    expect((await sh.run('arp -n')).stdout).toContain('172.18.0.100 ');
    expect(await sh.run('arp -d 172.18.0.100')).toEqual({ stdout: '', stderr: '', exitCode: 0 });
    expect((await sh.run('arp -n')).stdout).toBe('');
    expect(await sh.run('arp -d 172.18.0.100')).toEqual({ stdout: 'No ARP entry for 172.18.0.100\n', stderr: '', exitCode: 255 });
    expect(await sh.run('arp -d')).toEqual({ stdout: '', stderr: 'arp: need host name\n', exitCode: 255 });
  });

  it('bad options print the usage, exit 4', async () => {
    const { sh } = await labShell();
    const r = await sh.run('docker exec mypc arp -Z');
    expect(r.exitCode).toBe(4);
    expect(r.stderr.startsWith('arp: unrecognized option: Z\nUsage:\n  arp [-vn]  [<HW>] [-i <if>] [-a] [<hostname>]             <-Display ARP cache\n')).toBe(true);
    const g = await sh.run('arp --bogus');
    expect(g.stderr.split('\n')[0]).toBe("arp: unrecognized option '--bogus'");
    // kind nodes do not ship net-tools
    expect((await sh.run('docker exec myk8s-worker arp -n')).exitCode).toBe(126);
  });
});
