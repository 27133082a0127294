import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { createSim } from '../../../src/lib/engine/sim';
import {
  Bridge,
  IPPROTO_ICMP,
  IPPROTO_TCP,
  IPPROTO_UDP,
  NetHost,
  TCP_SYN,
  decodeArpFrame,
  echoRequest,
  encodeIcmp,
  encodeTcp,
  encodeUdp,
  kernelArpReply,
  kernelArpRequest,
  makeTcp,
  metallbArpReply,
  metallbGratuitousPair,
  parseIpv4,
  readPcap,
  startCapture,
  writePcap
} from '../../../src/lib/engine/net';
import { hex } from './helpers';

const ip = (s: string) => parseIpv4(s)!;

describe('pcap writer', () => {
  test('global header bytes (net-protocols.md §8.1)', () => {
    const f = writePcap([]);
    expect(hex(f)).toBe('d4c3b2a1' + '0200' + '0400' + '00000000' + '00000000' + '00000400' + '01000000');
  });

  test('record header: seconds and microseconds from epoch + virtual ms, lengths LE', () => {
    const epoch = Date.UTC(2024, 9, 3, 9, 0, 0); // 1727946000 s
    const frame = kernelArpRequest('02:42:ac:12:00:05', ip('172.18.0.5'), ip('172.18.255.200'));
    const f = writePcap([{ t: 1500.05, bytes: frame }], epoch);
    const rec = f.subarray(24, 40);
    const sec = 1727946001;
    const usec = 500050;
    const le = (n: number) => Buffer.from(Uint32Array.of(n).buffer).toString('hex');
    expect(hex(rec)).toBe(le(sec) + le(usec) + le(42) + le(42));
    expect(hex(f.subarray(40))).toBe(hex(frame));
    const back = readPcap(f)!;
    expect(back.linktype).toBe(1);
    expect(back.snaplen).toBe(262144);
    expect(back.records).toEqual([{ sec, usec, origLen: 42, bytes: frame }]);
    expect(readPcap(f.subarray(0, 30))).toBeNull();
    expect(readPcap(new Uint8Array(24))).toBeNull();
  });
});

/** A capture of the lab's typical frames: kernel ARP, MetalLB reply and gratuitous pair, IPv4. */
async function labCapture(): Promise<Uint8Array> {
  const sim = createSim(9);
  const kind = new Bridge('kind', sim);
  const cap = startCapture(kind);
  const mypc = new NetHost('mypc', sim);
  const node = new NetHost('myk8s-worker', sim);
  mypc.attachBridge({ bridge: kind, mac: '02:42:ac:12:00:64', ip: ip('172.18.0.100'), prefix: 16 });
  node.attachBridge({ bridge: kind, mac: '02:42:ac:12:00:03', ip: ip('172.18.0.3'), prefix: 16 });
  const vip = ip('172.18.255.200');
  node.addArpResponder((t) => (t === vip ? '02:42:ac:12:00:03' : null));
  mypc.sendIpv4({ dst: ip('172.18.0.3'), protocol: IPPROTO_ICMP, payload: encodeIcmp(echoRequest(1, 1, new Uint8Array(56))) });
  mypc.sendIpv4({ dst: vip, protocol: IPPROTO_TCP, payload: encodeTcp(makeTcp({ srcPort: 41922, dstPort: 80, seq: 1, flags: TCP_SYN, mss: 1460 }), ip('172.18.0.100'), vip) });
  mypc.sendIpv4({ dst: ip('172.18.0.3'), protocol: IPPROTO_UDP, payload: encodeUdp({ srcPort: 7946, dstPort: 7946, payload: new Uint8Array(20) }, ip('172.18.0.100'), ip('172.18.0.3')) });
  await sim.scheduler.advance(100);
  // a second node taking the VIP over (tshark flags the duplicate use, which is only a warning)
  kind.attach({ name: 'worker2', mac: '02:42:ac:12:00:04', receive: () => undefined });
  for (const f of metallbGratuitousPair('02:42:ac:12:00:04', vip)) kind.send(f, 'worker2');
  cap.stop();
  return writePcap(cap.records, sim.clock.epochMs);
}

const tshark = (() => {
  try {
    execFileSync('sh', ['-c', 'command -v tshark'], { stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
})();

describe.skipIf(!tshark)('tshark reads the capture', () => {
  test('ARP (kernel, MetalLB reply, gratuitous pair), ICMP, TCP and UDP: nothing malformed, checksums good', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'netpcap-'));
    try {
      const file = join(dir, 'lab.pcap');
      writeFileSync(file, await labCapture());
      const checks = ['-o', 'ip.check_checksum:TRUE', '-o', 'tcp.check_checksum:TRUE', '-o', 'udp.check_checksum:TRUE'];
      const summary = execFileSync('tshark', ['-r', file, ...checks], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
      const verbose = execFileSync('tshark', ['-r', file, '-V', ...checks], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 24 });
      expect(summary).not.toMatch(/Malformed/i);
      expect(verbose).not.toMatch(/Malformed|Bad checksum|INCORRECT|\[incorrect/i);
      expect(summary).toMatch(/ARP 42 Who has 172\.18\.0\.3\? Tell 172\.18\.0\.100/);
      expect(summary).toMatch(/ARP 60 172\.18\.255\.200 is at 02:42:ac:12:00:03/);
      expect(summary).toMatch(/ARP 60 Gratuitous ARP for 172\.18\.255\.200 \(Request\)/);
      expect(summary).toMatch(/ARP 60 Gratuitous ARP for 172\.18\.255\.200 \(Reply\)/);
      expect(summary).toMatch(/ICMP 98 Echo \(ping\) request\s+id=0x0001, seq=1\/256, ttl=64/);
      expect(summary).toMatch(/ICMP 98 Echo \(ping\) reply/);
      expect(summary).toMatch(/TCP 58 41922 → 80 \[SYN\] Seq=0 Win=64240 Len=0 MSS=1460/);
      expect(summary).toMatch(/UDP 62 7946 → 7946 Len=20/);
      expect(verbose).toMatch(/\[Is gratuitous: True\]/);
      expect(verbose).toMatch(/Header checksum: 0x[0-9a-f]{4} \[correct\]/i);
      expect(verbose).toMatch(/\[Checksum Status: Good\]/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a hand-built MetalLB exchange decodes too', () => {
    const dir = mkdtempSync(join(tmpdir(), 'netpcap-'));
    try {
      const req = kernelArpRequest('02:42:ac:12:00:64', ip('172.18.0.100'), ip('172.18.255.201'));
      const arp = decodeArpFrame(req)!.arp;
      const frames = [req, metallbArpReply('02:42:ac:12:00:05', ip('172.18.255.201'), arp), kernelArpReply('02:42:ac:12:00:05', ip('172.18.0.5'), arp), ...metallbGratuitousPair('02:42:ac:12:00:04', ip('172.18.255.201'))];
      const file = join(dir, 'arp.pcap');
      writeFileSync(file, writePcap(frames.map((bytes, i) => ({ t: i * 100, bytes }))));
      const out = execFileSync('tshark', ['-r', file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
      expect(out.trim().split('\n').length).toBe(5);
      expect(out).not.toMatch(/Malformed/i);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
