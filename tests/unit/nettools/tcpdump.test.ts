import { describe, expect, it } from 'vitest';
import { kindEndpoints, labShell, lines, schedulePing } from './helpers';

const HEADER = 'tcpdump: verbose output suppressed, use -v[v]... for full protocol decode\nlistening on eth0, link-type EN10MB (Ethernet), snapshot length 262144 bytes\n';
const TS = String.raw`\d{2}:\d{2}:\d{2}\.\d{6}`;

describe('tcpdump 4.99', () => {
  it('tcpdump -i eth0 -nn arp -c 2 in mypc while a second terminal pings a fresh address', async () => {
    const { lab, sh } = await labShell();
    const eps = await kindEndpoints(sh);
    const w2 = eps.get('myk8s-worker2')!;
    schedulePing(lab, 'mypc', w2.ip, 500);
    const r = await sh.run('docker exec mypc tcpdump -i eth0 -nn arp -c 2');
    expect(r.exitCode).toBe(0);
    const out = lines(r.stdout);
    expect(out).toHaveLength(2);
    expect(out[0]).toMatch(new RegExp(`^${TS} ARP, Request who-has ${w2.ip.replace(/\./g, '\\.')} tell 172\\.18\\.0\\.100, length 28$`));
    expect(out[1]).toMatch(new RegExp(`^${TS} ARP, Reply ${w2.ip.replace(/\./g, '\\.')} is-at ${w2.mac}, length 28$`));
    expect(r.stderr).toBe(`${HEADER}2 packets captured\n2 packets received by filter\n0 packets dropped by kernel\n`);
    // timestamps are the lab clock in UTC, the reply after the request
    const [a, b] = out.map((l) => l.slice(0, 15));
    expect(a <= b).toBe(true);
    expect(out[0].slice(0, 8)).toBe(lab.sim.clock.date(lab.now()).toISOString().slice(11, 19));
  });

  it('-e link-level headers, names without -n, -v IP headers, -i any', async () => {
    const { lab, sh } = await labShell();
    const eps = await kindEndpoints(sh);
    const me = eps.get('mypc')!;
    const w = eps.get('myk8s-worker')!;
    schedulePing(lab, 'mypc', w.ip, 300);
    const e = lines((await sh.run('docker exec mypc tcpdump -e -nn -c 4')).stdout);
    expect(e[0]).toMatch(new RegExp(`^${TS} ${me.mac} > ff:ff:ff:ff:ff:ff, ethertype ARP \\(0x0806\\), length 42: Request who-has ${w.ip} tell 172.18.0.100, length 28$`));
    expect(e[1]).toMatch(new RegExp(`^${TS} ${w.mac} > ${me.mac}, ethertype ARP \\(0x0806\\), length 42: Reply ${w.ip} is-at ${w.mac}, length 28$`));
    expect(e[2]).toMatch(new RegExp(`^${TS} ${me.mac} > ${w.mac}, ethertype IPv4 \\(0x0800\\), length 98: 172.18.0.100 > ${w.ip}: ICMP echo request, id 16962, seq 1, length 64$`));

    schedulePing(lab, 'mypc', w.ip, 300);
    const named = lines((await sh.run('docker exec mypc tcpdump -c 2 icmp')).stdout);
    expect(named[0]).toMatch(new RegExp(`^${TS} IP mypc > myk8s-worker\\.kind: ICMP echo request, id 16962, seq 1, length 64$`));
    expect(named[1]).toMatch(new RegExp(`^${TS} IP myk8s-worker\\.kind > mypc: ICMP echo reply, id 16962, seq 1, length 64$`));

    schedulePing(lab, 'mypc', w.ip, 300);
    const v = await sh.run('docker exec mypc tcpdump -v -nn -c 1 icmp');
    expect(v.stderr.startsWith('tcpdump: listening on eth0, link-type EN10MB (Ethernet), snapshot length 262144 bytes\n')).toBe(true);
    expect(lines(v.stdout)[0]).toMatch(new RegExp(`^${TS} IP \\(tos 0x0, ttl 64, id \\d+, offset 0, flags \\[DF\\], proto ICMP \\(1\\), length 84\\)$`));
    expect(lines(v.stdout)[1]).toBe(`    172.18.0.100 > ${w.ip}: ICMP echo request, id 16962, seq 1, length 64`);

    schedulePing(lab, 'mypc', w.ip, 300);
    const any = await sh.run('docker exec mypc tcpdump -i any -nn -c 2 icmp');
    expect(any.stderr.split('\n')[1]).toBe('listening on any, link-type LINUX_SLL2 (Linux cooked v2), snapshot length 262144 bytes');
    expect(lines(any.stdout)[0]).toMatch(new RegExp(`^${TS} eth0  Out IP 172.18.0.100 > ${w.ip}: ICMP echo request`));
    expect(lines(any.stdout)[1]).toMatch(new RegExp(`^${TS} eth0  In  IP ${w.ip} > 172.18.0.100: ICMP echo reply`));
  });

  it('filters: host, and/or/not, byte tests', async () => {
    const { lab, sh } = await labShell();
    const w = (await kindEndpoints(sh)).get('myk8s-worker3')!;
    schedulePing(lab, 'mypc', w.ip, 300);
    const r = await sh.run(`docker exec mypc tcpdump -nn -c 2 "host ${w.ip} and not arp"`);
    expect(lines(r.stdout).map((l) => l.slice(16))).toEqual([
      `IP 172.18.0.100 > ${w.ip}: ICMP echo request, id 16962, seq 1, length 64`,
      `IP ${w.ip} > 172.18.0.100: ICMP echo reply, id 16962, seq 1, length 64`
    ]);
    schedulePing(lab, 'mypc', w.ip, 300);
    const b = await sh.run("docker exec mypc tcpdump -nn -c 1 'icmp[icmptype] == icmp-echoreply'");
    expect(lines(b.stdout)[0].slice(16)).toBe(`IP ${w.ip} > 172.18.0.100: ICMP echo reply, id 16962, seq 1, length 64`);
  });

  it('without -c the runner listens 10 s of virtual time, then ends as if Ctrl-C', async () => {
    const { lab, sh } = await labShell();
    const t0 = lab.now();
    const r = await sh.run('docker exec mypc tcpdump -nn icmp');
    expect(r.stdout).toBe('\n');
    expect(r.stderr).toBe(`${HEADER}0 packets captured\n0 packets received by filter\n0 packets dropped by kernel\n`);
    expect(lab.now() - t0).toBeGreaterThanOrEqual(10_000);
    expect(lab.now() - t0).toBeLessThan(10_500);
  });

  it('singular counts', async () => {
    const { lab, sh } = await labShell();
    schedulePing(lab, 'mypc', '172.18.0.1', 300);
    const r = await sh.run('docker exec mypc tcpdump -nn -c 1 icmp');
    expect(r.stderr.endsWith('1 packet captured\n1 packet received by filter\n0 packets dropped by kernel\n')).toBe(true);
  });

  it('errors', async () => {
    const { sh } = await labShell();
    expect(await sh.run('docker exec mypc tcpdump -i eth9')).toEqual({ stdout: '', stderr: 'tcpdump: eth9: No such device exists\n(SIOCGIFHWADDR: No such device)\n', exitCode: 1 });
    expect(await sh.run('docker exec mypc tcpdump -c 0')).toEqual({ stdout: '', stderr: 'tcpdump: invalid packet count 0\n', exitCode: 1 });
    expect(await sh.run('docker exec mypc tcpdump -c x')).toEqual({ stdout: '', stderr: 'tcpdump: invalid packet count x\n', exitCode: 1 });
    expect(await sh.run('docker exec mypc tcpdump tcp and')).toEqual({ stdout: '', stderr: "tcpdump: can't parse filter expression: syntax error\n", exitCode: 1 });
    expect(await sh.run('docker exec mypc tcpdump host nosuch')).toEqual({ stdout: '', stderr: "tcpdump: unknown host 'nosuch'\n", exitCode: 1 });
    expect(await sh.run('docker exec mypc tcpdump port 70000')).toEqual({ stdout: '', stderr: 'tcpdump: illegal port number 70000 > 65535\n', exitCode: 1 });
    const musl = await sh.run('docker exec mypc tcpdump -k');
    expect(musl.exitCode).toBe(1);
    expect(musl.stderr.split('\n').slice(0, 2)).toEqual(['tcpdump: unrecognized option: k', 'tcpdump version 4.99.5']);
    const glibc = await sh.run('docker exec myk8s-worker tcpdump -k');
    expect(glibc.stderr.split('\n').slice(0, 2)).toEqual(["tcpdump: invalid option -- 'k'", 'tcpdump version 4.99.3']);
    expect(glibc.stderr).toContain('Usage: tcpdump [-AbdDefhHIJKlLnNOpqStuUvxX#] [ -B size ] [ -c count ] [--count]\n');
  });
});
