import { describe, expect, it } from 'vitest';
import { gatewayMac, kindEndpoints, labShell, lines } from './helpers';

const HEADER_2 = 'Starting arp-scan 1.10.0 with 65536 hosts (https://github.com/royhills/arp-scan)';
const LA = '(Unknown: locally administered)';

describe('arp-scan 1.10.0', () => {
  it('the article step: --interfac=eth0 --localnet on the control plane lists every other host on kind', async () => {
    const { lab, sh } = await labShell();
    const eps = await kindEndpoints(sh);
    const gw = await gatewayMac(sh);
    const cp = eps.get('myk8s-control-plane')!;
    const t0 = lab.now();
    const framesBefore = lab.sim.trace.ofType('frame').length;
    const r = await sh.run('docker exec -it myk8s-control-plane arp-scan --interfac=eth0 --localnet');
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toBe('');
    const out = lines(r.stdout);
    expect(out[0]).toBe(`Interface: eth0, type: EN10MB, MAC: ${cp.mac}, IPv4: ${cp.ip}`);
    expect(out[1]).toBe(HEADER_2);
    // replies arrive in scan order, which is address order; the scanner never lists itself
    const others = [...eps.entries()].filter(([n]) => n !== 'myk8s-control-plane').map(([, e]) => e);
    const byIp = (a: { ip: string }, b: { ip: string }) => Number(a.ip.split('.')[3]) - Number(b.ip.split('.')[3]);
    const expected = [{ ip: '172.18.0.1', mac: gw }, ...others.sort(byIp)].map((e) => `${e.ip}\t${e.mac}\t${LA}`);
    expect(out.slice(2, 2 + expected.length)).toEqual(expected);
    expect(out.some((l) => l.startsWith(`${cp.ip}\t`))).toBe(false);
    expect(out.slice(2 + expected.length)).toHaveLength(3);
    expect(out[2 + expected.length]).toBe('');
    expect(out[3 + expected.length]).toBe('5 packets received by filter, 0 packets dropped by kernel');
    expect(out[4 + expected.length]).toMatch(/^Ending arp-scan 1\.10\.0: 65536 hosts scanned in 262\.\d{3} seconds \(249\.\d{2} hosts\/sec\)\. 5 responded$/);
    // the virtual clock moved by what the real scan takes, and the trace did not get 131072 frames
    const secs = Number(/in (\d+\.\d+) seconds/.exec(out[4 + expected.length])![1]);
    expect(Math.abs((lab.now() - t0) / 1000 - secs)).toBeLessThan(0.2);
    const frames = lab.sim.trace.ofType('frame').slice(framesBefore);
    expect(frames.filter((f) => f.why?.startsWith('arp-scan')).length).toBeLessThan(60);
    // the elapsed time is arp-scan's own arithmetic: 2 ms per request, two tries, 750 ms last timeout
    expect(secs).toBeGreaterThan(262.1);
    expect(secs).toBeLessThan(263.1);
  });

  it('a range from mypc; a speaker-style responder answers for a VIP, twice answers are flagged DUP', async () => {
    const { lab, sh } = await labShell();
    const eps = await kindEndpoints(sh);
    const vip = (172 << 24) | (18 << 16) | (255 << 8) | 200;
    for (const n of ['myk8s-worker', 'myk8s-worker2']) {
      const ns = lab.docker.netnsOf(n)!;
      ns.addArpResponder((t) => (t >>> 0 === vip >>> 0 ? ns.iface('eth0')!.mac : null), { why: 'test speaker' });
    }
    const r = await sh.run('docker exec mypc arp-scan 172.18.255.199-172.18.255.201');
    expect(r.exitCode).toBe(0);
    const out = lines(r.stdout);
    expect(out[1]).toBe('Starting arp-scan 1.10.0 with 3 hosts (https://github.com/royhills/arp-scan)');
    const replies = out.slice(2, out.indexOf(''));
    expect(replies).toHaveLength(2);
    const macs = [eps.get('myk8s-worker')!.mac, eps.get('myk8s-worker2')!.mac];
    expect(replies[0]).toMatch(/^172\.18\.255\.200\t([0-9a-f:]{17})\t\(Unknown: locally administered\)$/);
    expect(replies[1]).toMatch(/^172\.18\.255\.200\t([0-9a-f:]{17})\t\(Unknown: locally administered\) \(DUP: 2\)$/);
    expect(macs).toContain(replies[0].split('\t')[1]);
    expect(out.at(-1)).toMatch(/^Ending arp-scan 1\.10\.0: 3 hosts scanned in \d+\.\d{3} seconds \(\d+\.\d{2} hosts\/sec\)\. 1 responded$/);
    expect(out.at(-2)).toBe('2 packets received by filter, 0 packets dropped by kernel');
  });

  it('--quiet and --plain, -I prefix forms, a single host by Docker DNS name', async () => {
    const { sh } = await labShell();
    const eps = await kindEndpoints(sh);
    const w = eps.get('myk8s-worker3')!;
    const r = await sh.run('docker exec mypc arp-scan -q -x -I eth0 myk8s-worker3');
    expect(r).toEqual({ stdout: `${w.ip}\t${w.mac}\n`, stderr: '', exitCode: 0 });
    const r2 = await sh.run('docker exec mypc arp-scan --interf eth0 -x 172.18.0.1');
    expect(lines(r2.stdout)).toHaveLength(1);
    expect(r2.stdout).toMatch(/^172\.18\.0\.1\t[0-9a-f:]{17}\t\(Unknown: locally administered\)\n$/);
    // "--inter" is a prefix of both --interval and --interface: getopt refuses it
    const amb = await sh.run('docker exec myk8s-worker arp-scan --inter eth0 -l');
    expect(amb.stderr.split('\n')[0]).toBe("arp-scan: option '--inter' is ambiguous; possibilities: '--interval' '--interface'");
    expect((await sh.run('docker exec mypc arp-scan --inter eth0 -l')).stderr.split('\n')[0]).toBe('arp-scan: option is ambiguous: inter');
  });

  it('timing of a small silent range follows the retry/backoff loop', async () => {
    const { sh } = await labShell();
    const r = await sh.run('docker exec mypc arp-scan 172.18.1.0/30');
    // 4 requests 2 ms apart, second tries after 500 ms, removal 750 ms after the last one
    expect(lines(r.stdout).at(-1)).toMatch(/^Ending arp-scan 1\.10\.0: 4 hosts scanned in 1\.2\d\d seconds \(3\.\d\d hosts\/sec\)\. 0 responded$/);
    expect(lines(r.stdout).at(-2)).toBe('0 packets received by filter, 0 packets dropped by kernel');
  });

  it('errors: getopt wording per C library, missing targets, bad interface, bad values', async () => {
    const { sh } = await labShell();
    const hint = 'Usage: arp-scan [options] [hosts...]\nUse "arp-scan --help" for detailed information on the available options.\n';
    expect(await sh.run('docker exec mypc arp-scan --foo')).toEqual({ stdout: '', stderr: `arp-scan: unrecognized option: foo\n${hint}`, exitCode: 1 });
    expect(await sh.run('docker exec myk8s-worker arp-scan --foo')).toEqual({ stdout: '', stderr: `arp-scan: unrecognized option '--foo'\n${hint}`, exitCode: 1 });
    const amb = await sh.run('docker exec myk8s-worker arp-scan --re -l');
    expect(amb.stderr.split('\n')[0]).toBe(
      "arp-scan: option '--re' is ambiguous; possibilities: '--retry' '--retry-send' '--retry-send-interval' '--readpktfromfile' '--resolve'"
    );
    expect(await sh.run('docker exec myk8s-worker arp-scan -I')).toEqual({ stdout: '', stderr: `arp-scan: option requires an argument -- 'I'\n${hint}`, exitCode: 1 });
    expect(await sh.run('docker exec mypc arp-scan')).toEqual({
      stdout: '',
      stderr: 'ERROR: No target hosts on command line and neither --file or --localnet options given\n',
      exitCode: 1
    });
    expect(await sh.run('docker exec mypc arp-scan -I eth9 -l')).toEqual({
      stdout: '',
      stderr: 'pcap_activate: eth9: No such device exists\n(SIOCGIFHWADDR: No such device)\n',
      exitCode: 1
    });
    expect(await sh.run('docker exec mypc arp-scan -r x -l')).toEqual({ stdout: '', stderr: 'ERROR: "x" is not a valid numeric value\n', exitCode: 1 });
    const targets = await sh.run('docker exec mypc arp-scan -l 172.18.0.1');
    expect(targets.exitCode).toBe(1);
    expect(targets.stderr).toBe('ERROR: You can not specify targets with the --localnet option\n');
    const unknown = await sh.run('docker exec mypc arp-scan nosuchhost');
    expect(unknown.stderr).toBe('WARNING: get_host_address failed for "nosuchhost": Name does not resolve - target ignored\nERROR: No hosts to process.\n');
    expect(unknown.stdout).toMatch(/^Interface: eth0, type: EN10MB, MAC: [0-9a-f:]{17}, IPv4: 172\.18\.0\.100\n$/);
    const bits = await sh.run('docker exec mypc arp-scan 10.0.0.0/2');
    expect(bits.stderr).toBe('ERROR: Number of bits in 10.0.0.0/2 must be between 3 and 32\n');
    const v = await sh.run('docker exec mypc arp-scan --version');
    expect(v.stdout.split('\n')[0]).toBe('arp-scan 1.10.0');
    const h = await sh.run('docker exec mypc arp-scan --help');
    expect(h.stdout.startsWith('Usage: arp-scan [options] [hosts...]\n')).toBe(true);
    expect(h.exitCode).toBe(0);
  });
});
