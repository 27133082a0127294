/**
 * tests/fixtures/bgp.sh from the `bgp` scenario: MetalLB in native BGP mode peering with the
 * router, one LoadBalancer service, then externalTrafficPolicy Local. Expected next hops are
 * worked out from the cluster (the nodes' docker addresses, webpod1's node), not from the router.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { capturePcap } from '../../../src/cli/pcap';
import { runTranscript } from '../../../src/cli/transcript';
import type { Pod } from '../../../src/lib/engine/k8s/types';
import { fixture } from '../transcript/helpers';

describe('bgp.sh: MetalLB native BGP against the FRR router', async () => {
  const { text, lab, exitCodes } = await runTranscript(fixture('bgp.sh'), { seed: 1, scenario: 'bgp' });
  const sections = text.split(/^\$ /m).slice(1);
  const out = (prefix: string, nth = 0) => {
    const s = sections.filter((x) => x.startsWith(prefix))[nth];
    if (!s) throw new Error(`no command ${prefix}`);
    return s.slice(s.indexOf('\n') + 1);
  };
  const ipOf = (name: string) => lab.docker.endpoint(lab.docker.find(name)!, 'kind')!.ipv4;
  const workers = ['myk8s-worker', 'myk8s-worker2', 'myk8s-worker3'].map(ipOf).sort();
  const cp = ipOf('myk8s-control-plane');

  it('every command succeeds', () => {
    expect(exitCodes.every((c) => c === 0)).toBe(true);
  });

  it('before MetalLB: the router waits in Active for all four nodes', () => {
    const rows = out("docker exec router vtysh -c 'show ip bgp summary'", 0).split('\n').filter((l) => /^172\.18\.0\./.test(l));
    expect(rows.length).toBe(4);
    for (const r of rows) expect(r).toMatch(/^172\.18\.0\.\d +4 {6}64513 {9}0 {9}0 {8}0 {4}0 {4}0 {4}never {7}Active {8}0 N\/A$/);
  });

  it('after: every node has a session, the workers send one prefix each, the control-plane none', () => {
    const rows = out("docker exec router vtysh -c 'show ip bgp summary'", 1).split('\n').filter((l) => /^172\.18\.0\./.test(l));
    expect(rows.length).toBe(4);
    for (const r of rows) {
      const ip = r.split(' ')[0];
      expect(r.slice(68, 76)).toMatch(/^\d\d:\d\d:\d\d$/);
      expect(r.slice(76, 89)).toBe(ip === cp ? '            0' : '            1');
    }
  });

  it('show ip bgp: 172.18.255.200/32 with one next hop per worker', () => {
    const o = out("docker exec router vtysh -c 'show ip bgp'", 0);
    const paths = o.split('\n').filter((l) => / 64513 i$/.test(l));
    expect(paths.length).toBe(3);
    expect(paths.map((l) => l.trim().split(/\s+/).find((w) => /^172\.18\.0\./.test(w))).sort()).toEqual(workers);
    expect(o).toContain(' *>  172.18.255.200/32\n');
    expect(o.match(/^ \*= {19}172/gm)?.length).toBe(2);
    expect(o).toContain('\nDisplayed 1 routes and 3 total paths\n');
  });

  it('the router\'s kernel has the ECMP route, next hops sorted by address', () => {
    expect(out('docker exec router ip route')).toMatch(new RegExp(`^172\\.18\\.255\\.200 nhid \\d+ proto bgp metric 20 \\n${workers.map((w) => `\\tnexthop via ${w.replace(/\./g, '\\.')} dev eth0 weight 1 \\n`).join('')}`, 'm'));
    expect(out("docker exec router vtysh -c 'show ip route'")).toContain(`B>* 172.18.255.200/32 [20/0] via ${workers[0]}, eth0, weight 1, `);
  });

  it('one nodeAssigned event per worker with protocol "bgp", none from the control-plane', () => {
    const lines = out('kubectl describe svc svc1 | grep nodeAssigned').trim().split('\n');
    expect(lines.map((l) => /node "([^"]+)"/.exec(l)?.[1]).sort()).toEqual(['myk8s-worker', 'myk8s-worker2', 'myk8s-worker3']);
    for (const l of lines) expect(l).toMatch(/with protocol "bgp"$/);
  });

  it('externalTrafficPolicy Local: only webpod1\'s node stays a next hop', () => {
    const node = lab.cluster()!.api.get<Pod>('pods', 'default', 'webpod1')!.spec.nodeName ?? '';
    const o = out("docker exec router vtysh -c 'show ip bgp'", 1);
    expect(o).toContain(` *>  172.18.255.200/32\n                    ${ipOf(node).padEnd(16)}${' '.repeat(17)}      0 64513 i\n`);
    expect(o).toContain('Displayed 1 routes and 1 total paths');
  });

  it('a worker killed with signal 9: its path stays 60 s later and is gone 95 s later (hold time 90 s)', () => {
    const victim = out('echo $VICTIM').trim();
    expect(victim).toMatch(/^myk8s-worker\d?$/);
    expect(out("docker exec router vtysh -c 'show ip bgp' | tail -1", 0)).toBe('Displayed 1 routes and 3 total paths\n');
    expect(out("docker exec router vtysh -c 'show ip bgp' | tail -1", 1)).toBe('Displayed 1 routes and 2 total paths\n');
    const n = out("docker exec router vtysh -c 'show ip bgp neighbors' | grep");
    const block = n.split('BGP neighbor is ').find((b) => b.startsWith(`${ipOf(victim)},`))!;
    expect(block).toContain('  BGP state = Active\n');
    expect(block).toMatch(/  Last reset 00:00:\d\d,  due to NOTIFICATION sent \(Hold Timer Expired\)\n/);
  });

  it('the client behind the router gets an answer from a webpod', () => {
    expect(out('docker exec client curl -s 172.18.255.200 | grep Hostname')).toBe('Hostname: webpod1\n');
  });

  it('speaker logs: sessionUp and updatedAdvertisements', () => {
    const o = out('kubectl logs -n metallb-system');
    expect(o).toContain('"event":"sessionUp","level":"info","localASN":64513,"msg":"BGP session established","peer":"172.18.0.6:179","peerASN":64512');
    expect(o).toContain('"event":"updatedAdvertisements"');
  });

  it.skipIf(!existsSync('/usr/bin/tshark'))('the capture decodes as BGP with no malformed frame', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bgp-lab-'));
    const f = join(dir, 'lab.pcap');
    writeFileSync(f, capturePcap(lab));
    // memberlist's UDP on 7946 is encrypted (version byte 1, random nonce): tshark's heuristic
    // dissectors sometimes take that noise for CLTP/R-GOOSE and call it malformed, so decode the
    // port as plain data, as one would in Wireshark
    expect(execFileSync('/usr/bin/tshark', ['-r', f, '-d', 'udp.port==7946,data', '-Y', '_ws.malformed'], { encoding: 'utf8' }).trim()).toBe('');
    const bgp = execFileSync('/usr/bin/tshark', ['-r', f, '-Y', 'bgp'], { encoding: 'utf8' });
    for (const name of ['OPEN Message', 'UPDATE Message', 'KEEPALIVE Message']) expect(bgp).toContain(name);
  });
});
