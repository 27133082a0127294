import { describe, expect, it } from 'vitest';
import { kindEndpoints, labShell, lines } from './helpers';

const RTT = String.raw`\d+\.\d{3}`;

describe('ping (iputils)', () => {
  it('ping -c 2 to a node: the iputils shape, one second of virtual time per packet', async () => {
    const { lab, sh } = await labShell();
    const eps = await kindEndpoints(sh);
    const ip = eps.get('myk8s-worker')!.ip;
    const t0 = lab.now();
    const r = await sh.run(`docker exec mypc ping -c 2 ${ip}`);
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toBe('');
    const out = lines(r.stdout);
    expect(out).toHaveLength(7);
    expect(out[0]).toBe(`PING ${ip} (${ip}) 56(84) bytes of data.`);
    expect(out[1]).toMatch(new RegExp(`^64 bytes from ${ip.replace(/\./g, '\\.')}: icmp_seq=1 ttl=64 time=${RTT} ms$`));
    expect(out[2]).toMatch(new RegExp(`^64 bytes from ${ip.replace(/\./g, '\\.')}: icmp_seq=2 ttl=64 time=${RTT} ms$`));
    expect(out[3]).toBe('');
    expect(out[4]).toBe(`--- ${ip} ping statistics ---`);
    expect(out[5]).toMatch(/^2 packets transmitted, 2 received, 0% packet loss, time 100[0-2]ms$/);
    expect(out[6]).toMatch(new RegExp(`^rtt min/avg/max/mdev = ${RTT}/${RTT}/${RTT}/${RTT} ms$`));
    // the statistics agree with the reply lines
    const times = out.slice(1, 3).map((l) => Number(/time=([\d.]+)/.exec(l)![1]));
    const [min, avg, max] = /= ([\d.]+)\/([\d.]+)\/([\d.]+)/.exec(out[6])!.slice(1).map(Number);
    expect(min).toBe(Math.min(...times));
    expect(max).toBe(Math.max(...times));
    expect(avg).toBeCloseTo((times[0] + times[1]) / 2, 2);
    // sub-millisecond bridge RTTs, about one second of virtual time
    expect(max).toBeLessThan(1);
    expect(lab.now() - t0).toBeGreaterThan(1000);
    expect(lab.now() - t0).toBeLessThan(1200);
    // the echo really crossed the bridge
    const frames = lab.sim.trace.ofType('frame').filter((f) => f.t >= t0).map((f) => f.summary);
    expect(frames).toContain(`IP 172.18.0.100 > ${ip}: ICMP echo request, id ${/id (\d+)/.exec(frames.find((s) => s.includes('echo request'))!)![1]}, seq 1, length 64`);
    expect(frames.some((s) => s.startsWith(`IP ${ip} > 172.18.0.100: ICMP echo reply`))).toBe(true);
  });

  it('an unused address: Destination Host Unreachable from our own address, 100% loss, +errors, pipe', async () => {
    const { sh } = await labShell();
    const r = await sh.run('docker exec mypc ping -c 3 172.18.0.99');
    expect(r.exitCode).toBe(1);
    const out = lines(r.stdout);
    expect(out.slice(0, 4)).toEqual([
      'PING 172.18.0.99 (172.18.0.99) 56(84) bytes of data.',
      'From 172.18.0.100 icmp_seq=1 Destination Host Unreachable',
      'From 172.18.0.100 icmp_seq=2 Destination Host Unreachable',
      'From 172.18.0.100 icmp_seq=3 Destination Host Unreachable'
    ]);
    expect(out[4]).toBe('');
    expect(out[5]).toBe('--- 172.18.0.99 ping statistics ---');
    expect(out[6]).toMatch(/^3 packets transmitted, 0 received, \+3 errors, 100% packet loss, time 200\dms$/);
    expect(out[7]).toBe('pipe 3');
    expect(out).toHaveLength(8);
    const n = await sh.run('docker exec mypc ip neigh');
    expect(n.stdout).toBe('172.18.0.99 dev eth0 FAILED \n');
  });

  it('a host name through Docker DNS is printed with its reverse name', async () => {
    const { sh } = await labShell();
    const eps = await kindEndpoints(sh);
    const ip = eps.get('myk8s-worker3')!.ip;
    const r = await sh.run('docker exec mypc ping -c 1 myk8s-worker3');
    const out = lines(r.stdout);
    expect(out[0]).toBe(`PING myk8s-worker3 (${ip}) 56(84) bytes of data.`);
    expect(out[1]).toMatch(new RegExp(`^64 bytes from myk8s-worker3\\.kind \\(${ip.replace(/\./g, '\\.')}\\): icmp_seq=1 ttl=64 time=${RTT} ms$`));
    expect(out[4]).toMatch(/^1 packets transmitted, 1 received, 0% packet loss, time 0ms$/);
  });

  it('without -c the runner stops it after 10 packets, as if Ctrl-C', async () => {
    const { sh } = await labShell();
    const r = await sh.run('docker exec mypc ping -q 172.18.0.1');
    expect(r.exitCode).toBe(0);
    expect(lines(r.stdout)[3]).toMatch(/^10 packets transmitted, 10 received, 0% packet loss, time 90\d\dms$/);
  });

  it('-q, -W and a VIP nobody answers: 100% loss, the linger time, a trailing empty line', async () => {
    const { sh } = await labShell();
    const r = await sh.run('docker exec mypc ping -c 2 -W 1 172.18.255.250');
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toMatch(/^PING 172\.18\.255\.250 \(172\.18\.255\.250\) 56\(84\) bytes of data\.\n\n--- 172\.18\.255\.250 ping statistics ---\n2 packets transmitted, 0 received, 100% packet loss, time 100\dms\n\n$/);
  });

  it('errors', async () => {
    const { sh } = await labShell();
    // netshoot is Alpine: musl's getaddrinfo and getopt wording
    expect(await sh.run('docker exec mypc ping foo')).toEqual({ stdout: '', stderr: 'ping: foo: Name does not resolve\n', exitCode: 2 });
    // the learner's machine (glibc) has no Docker DNS
    expect(await sh.run('ping -c 1 myk8s-worker')).toEqual({ stdout: '', stderr: 'ping: myk8s-worker: Name or service not known\n', exitCode: 2 });
    expect(await sh.run('docker exec mypc ping')).toEqual({ stdout: '', stderr: 'ping: usage error: Destination address required\n', exitCode: 1 });
    expect(await sh.run('docker exec mypc ping -c 0 172.18.0.1')).toEqual({
      stdout: '',
      stderr: "ping: invalid argument: '0': out of range: 1 <= value <= 9223372036854775807\n",
      exitCode: 1
    });
    expect(await sh.run('docker exec mypc ping -c x 172.18.0.1')).toEqual({ stdout: '', stderr: "ping: invalid argument: 'x'\n", exitCode: 1 });
    expect(await sh.run('docker exec mypc ping -i x 172.18.0.1')).toEqual({ stdout: '', stderr: 'ping: bad timing interval: x\n', exitCode: 2 });
    const bad = await sh.run('docker exec mypc ping -Z 172.18.0.1');
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr.startsWith('ping: unrecognized option: Z\n\nUsage\n  ping [options] <destination>\n')).toBe(true);
    const missing = await sh.run('docker exec mypc ping -c');
    expect(missing.stderr.split('\n')[0]).toBe('ping: option requires an argument: c');
    expect(await sh.run('docker exec mypc ping -c 1 172.18.255.255')).toEqual({
      stdout: '',
      stderr: 'ping: Do you want to ping broadcast? Then -b. If not, check your local firewall rules\n',
      exitCode: 2
    });
  });
});
