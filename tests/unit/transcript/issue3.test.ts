import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { capturePcap } from '../../../src/cli/pcap';
import { runTranscript } from '../../../src/cli/transcript';
import { blocks, fixture } from './helpers';

/**
 * The article's layer-2 lab, as typed, from the `l2` scenario (step 5 done). Owners are computed
 * here with Node's crypto module, independently of the engine's Web Crypto path.
 */
function owner(ip: string, nodes: string[]): string {
  return [...nodes].sort((a, b) => {
    const da = createHash('sha256').update(`${a}#${ip}`).digest('hex');
    const db = createHash('sha256').update(`${b}#${ip}`).digest('hex');
    return da < db ? -1 : da > db ? 1 : 0;
  })[0];
}

const WORKERS = ['myk8s-worker', 'myk8s-worker2', 'myk8s-worker3'];
const script = fixture('issue3-l2.sh');

describe('issue 3: the article’s L2 lab (seed 1)', async () => {
  const { blocks: b } = await blocks(script, { seed: 1, scenario: 'l2' });
  const all = (cmd: string) => b.filter((x) => x.command === cmd);
  const one = (cmd: string) => {
    const x = all(cmd)[0];
    if (!x) throw new Error(`no block for ${cmd}`);
    return x;
  };
  const loop100 = 'docker exec -it mypc zsh -c "for i in {1..100}; do curl -s $SVC1EXIP | grep Hostname; done | sort | uniq -c | sort -nr"';

  it('runs the controller on a worker with a pod IP and a speaker on every node with its node IP', () => {
    const rows = one('kubectl get pod -n metallb-system -o wide').output.split('\n').filter(Boolean).slice(1);
    const controller = rows.filter((r) => r.startsWith('controller-'));
    expect(controller).toHaveLength(1);
    expect(controller[0]).toMatch(/^controller-[bcdfghjklmnpqrstvwxz2456789]{8,10}-[bcdfghjklmnpqrstvwxz2456789]{5} +1\/1 +Running +0 +\S+ +10\.10\.[1-3]\.\d+ +myk8s-worker\d? /);
    const speakers = rows.filter((r) => r.startsWith('speaker-'));
    expect(speakers.map((r) => r.split(/\s+/)[6]).sort()).toEqual(['myk8s-control-plane', ...WORKERS]);
    for (const s of speakers) expect(s).toMatch(/^speaker-\S{5} +1\/1 +Running +0 +\S+ +172\.18\.0\.[2-5] /);
  });

  it('allocates .200, .201, .202 and names the owner the SHA-256 rule picks', () => {
    const svc = one('kubectl get svc').output.split('\n');
    expect(svc[2]).toMatch(/^svc1 +LoadBalancer +10\.200\.1\.\d+ +172\.18\.255\.200 +80:3\d{4}\/TCP/);
    expect(svc[3]).toMatch(/^svc2 +LoadBalancer +10\.200\.1\.\d+ +172\.18\.255\.201 +80:3\d{4}\/TCP/);
    expect(svc[4]).toMatch(/^svc3 +LoadBalancer +10\.200\.1\.\d+ +172\.18\.255\.202 +80:3\d{4}\/TCP/);
    const d = all('kubectl describe svc svc1')[0].output;
    expect(d).toContain('Annotations:              metallb.universe.tf/ip-allocated-from-pool: my-ippool\n');
    expect(d).toContain('LoadBalancer Ingress:     172.18.255.200 (VIP)\n');
    expect(d).toMatch(/ {2}Normal {2}IPAllocated {3}\S+ +metallb-controller {2}Assigned IP \["172\.18\.255\.200"\]\n/);
    const expected = owner('172.18.255.200', WORKERS);
    expect(expected).toBe('myk8s-worker'); // the article's leader for svc1, too
    expect(d).toMatch(new RegExp(`Normal {2}nodeAssigned .+ metallb-speaker {5}announcing from node "${expected}" with protocol "layer2"\\n`));
  });

  it('spreads the 100-request curl loop over both pods', () => {
    expect(one('echo $SVC1EXIP').output).toBe('172.18.255.200\n');
    const lines = all(loop100)[0].output.split('\n').filter(Boolean);
    expect(lines).toHaveLength(2);
    const counts = lines.map((l) => /^ {4}(\s?\d+) Hostname: (webpod[12])$/.exec(l));
    expect(counts.every(Boolean)).toBe(true);
    const n = counts.map((m) => Number(m![1]));
    expect(n[0] + n[1]).toBe(100);
    expect(n[0]).toBeGreaterThanOrEqual(n[1]);
    // Binomial(100, 1/2): 30..70 holds with overwhelming probability.
    expect(n[1]).toBeGreaterThanOrEqual(30);
  });

  it('arp-scan from the control-plane lists the nodes, mypc and each VIP with its owner’s MAC', () => {
    const out = one('docker exec -it myk8s-control-plane arp-scan --interfac=eth0 --localnet').output;
    const lines = out.split('\n');
    expect(lines[0]).toMatch(/^Interface: eth0, type: EN10MB, MAC: [0-9a-f:]{17}, IPv4: 172\.18\.0\.\d+$/);
    expect(lines[1]).toBe('Starting arp-scan 1.10.0 with 65536 hosts (https://github.com/royhills/arp-scan)');
    const seen = new Map<string, string>();
    for (const l of lines) {
      const m = /^(\d+\.\d+\.\d+\.\d+)\t([0-9a-f:]{17})\t\(Unknown: locally administered\)/.exec(l);
      if (m && !seen.has(m[1])) seen.set(m[1], m[2]);
    }
    for (const ip of ['172.18.0.1', '172.18.0.100', '172.18.255.200', '172.18.255.201', '172.18.255.202']) expect(seen.has(ip)).toBe(true);
    expect(out).toMatch(/\n\n\d+ packets received by filter, 0 packets dropped by kernel\nEnding arp-scan 1\.10\.0: 65536 hosts scanned in 26\d\.\d{3} seconds \(\d+\.\d+ hosts\/sec\)\. \d+ responded\n$/);
    // Each VIP answers with the MAC of the node that owns it.
    const nodeIp = (n: string) => {
      const rows = one('kubectl get pod -n metallb-system -o wide').output.split('\n');
      return rows.find((r) => r.includes(` ${n} `) && r.startsWith('speaker-'))!.split(/\s+/)[5];
    };
    for (const vip of ['172.18.255.200', '172.18.255.201', '172.18.255.202']) {
      const o = owner(vip, WORKERS);
      expect(seen.get(vip)).toBe(seen.get(nodeIp(o)));
    }
  });

  it('shows KUBE-SERVICES → KUBE-EXT → KUBE-SVC → KUBE-SEP with the real names on the owner', () => {
    const out = all("docker exec -it myk8s-worker iptables -t nat -S | grep -E 'DLGPAL4ZCYSJ7UPR|KUBE-SEP-|KUBE-NODEPORTS -p|KUBE-MARK-MASQ -j|POSTROUTING -m comment'")[0].output;
    expect(out).toContain('-A KUBE-SERVICES -d 172.18.255.200/32 -p tcp -m comment --comment "default/svc1:svc1-webport loadbalancer IP" -m tcp --dport 80 -j KUBE-EXT-DLGPAL4ZCYSJ7UPR\n');
    expect(out).toContain('-A KUBE-EXT-DLGPAL4ZCYSJ7UPR -m comment --comment "masquerade traffic for default/svc1:svc1-webport external destinations" -j KUBE-MARK-MASQ\n');
    expect(out).toContain('-A KUBE-EXT-DLGPAL4ZCYSJ7UPR -j KUBE-SVC-DLGPAL4ZCYSJ7UPR\n');
    expect(out).toMatch(/-A KUBE-SVC-DLGPAL4ZCYSJ7UPR -m comment --comment "default\/svc1:svc1-webport -> 10\.10\.\d+\.\d+:80" -m statistic --mode random --probability 0\.50000000000 -j KUBE-SEP-[A-Z2-7]{16}\n/);
    expect(out).toMatch(/-A KUBE-SEP-[A-Z2-7]{16} -p tcp -m comment --comment "default\/svc1:svc1-webport" -m tcp -j DNAT --to-destination 10\.10\.\d+\.\d+:80\n/);
    expect(out).toContain('-A KUBE-MARK-MASQ -j MARK --set-xmark 0x4000/0x4000\n');
  });

  it('fails over to the next node by the hash rule, then serves only webpod2 once the node is NotReady', () => {
    expect(one('docker stop myk8s-worker --signal 9').output).toBe('myk8s-worker\n');
    const d = all('kubectl describe svc svc1')[1].output;
    const next = owner('172.18.255.200', ['myk8s-worker2', 'myk8s-worker3']);
    expect(d).toMatch(new RegExp(`nodeAssigned .+ announcing from node "${next}" with protocol "layer2"\\n`));
    // mypc's neighbour entry was rewritten by the gratuitous ARP to the new owner's MAC.
    const before = all('docker exec mypc ip neigh')[0].output;
    const after = all('docker exec mypc ip neigh')[1].output;
    const mac = (t: string) => /^172\.18\.255\.200 dev eth0 lladdr ([0-9a-f:]{17}) /m.exec(t)?.[1];
    expect(mac(before)).toBeDefined();
    expect(mac(after)).toBeDefined();
    expect(mac(after)).not.toBe(mac(before));
    // Between the takeover and NotReady, connections that pick the dead pod time out.
    const mixed = all('docker exec mypc zsh -c "for i in {1..10}; do curl -s --connect-timeout 2 $SVC1EXIP | grep Hostname || echo failed; done | sort | uniq -c | sort -nr"')[0].output;
    expect(mixed).toMatch(/Hostname: webpod2/);
    expect(mixed).not.toMatch(/webpod1/);
    expect(one('kubectl get nodes').output).toMatch(/\nmyk8s-worker {10}NotReady /);
    expect(all(loop100)[1].output).toBe('    100 Hostname: webpod2\n');
  });
});

describe('issue 3: determinism and capture', () => {
  it('replays to a byte-identical transcript', async () => {
    const s = 'kubectl get svc\ndocker exec mypc zsh -c "for i in {1..20}; do curl -s 172.18.255.201 | grep Hostname; done | sort | uniq -c"\ndocker stop myk8s-worker2 --signal 9\nsleep 15\nkubectl describe svc svc2 | tail -4';
    const a = await runTranscript(s, { seed: 5, scenario: 'l2' });
    const c = await runTranscript(s, { seed: 5, scenario: 'l2' });
    expect(c.text).toBe(a.text);
  });

  it('captures gratuitous ARP pairs that tshark decodes with no malformed frame', async () => {
    const { lab } = await runTranscript('docker stop myk8s-worker --signal 9\nsleep 20', { seed: 2, scenario: 'l2' });
    const pcap = capturePcap(lab);
    expect(pcap.length).toBeGreaterThan(24);
    const garps = lab.sim.trace.ofType('frame').filter((f) => f.bytes[12] === 0x08 && f.bytes[13] === 0x06 && f.bytes.length === 60 && f.bytes.subarray(28, 32).join() === f.bytes.subarray(38, 42).join() && f.bytes.subarray(32, 38).every((x) => x === 0xff));
    expect(garps.length).toBeGreaterThanOrEqual(10);
    const tshark = ['/usr/bin/tshark', '/usr/local/bin/tshark'].find((p) => existsSync(p));
    if (!tshark) return;
    const file = join(mkdtempSync(join(tmpdir(), 'pcap-')), 'l2.pcap');
    writeFileSync(file, pcap);
    const text = execFileSync(tshark, ['-r', file, '-Y', 'arp'], { encoding: 'utf8' });
    expect(text).toMatch(/Gratuitous ARP for 172\.18\.255\.200 \(Request\)/);
    expect(text).not.toMatch(/Malformed/);
    // Memberlist has no Wireshark dissector; its (encrypted-looking) UDP payloads can trip a
    // heuristic dissector (R-GOOSE), so decode port 7946 as plain data, as one would in Wireshark.
    const all = execFileSync(tshark, ['-r', file, '-d', 'udp.port==7946,data'], { encoding: 'utf8' });
    expect(all).not.toMatch(/Malformed/);
  });
});
