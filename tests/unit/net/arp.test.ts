import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  ARP_REPLY,
  ARP_REQUEST,
  type ArpPacket,
  BROADCAST_MAC,
  ZERO_MAC,
  arpFrame,
  arpSummary,
  bytesToMac,
  decodeArp,
  decodeArpFrame,
  decodeEthernet,
  encodeArp,
  encodeEthernet,
  frameSummary,
  isGratuitous,
  kernelArpReply,
  kernelArpRequest,
  metallbArpReply,
  metallbGratuitousPair,
  parseIpv4
} from '../../../src/lib/engine/net';
import { fromHex, hex } from './helpers';

const ip = (s: string) => parseIpv4(s)!;
const PAD = '00'.repeat(18);

// net-protocols.md §1.2: a router (172.18.0.5, 02:42:ac:12:00:05) asking for the VIP, 60 bytes
const VECTOR_60 = `ff ff ff ff ff ff 02 42 ac 12 00 05 08 06
  00 01 08 00 06 04 00 01
  02 42 ac 12 00 05 ac 12 00 05
  00 00 00 00 00 00 ac 12 ff c8 ${PAD}`;

describe('Ethernet', () => {
  test('encodes header and pads to 60 on request', () => {
    const f = encodeEthernet({ dst: BROADCAST_MAC, src: '02:42:ac:12:00:05', ethertype: 0x0806, payload: new Uint8Array(28) });
    expect(f.length).toBe(42);
    expect(hex(f.subarray(0, 14))).toBe('ffffffffffff0242ac1200050806');
    const p = encodeEthernet({ dst: BROADCAST_MAC, src: '02:42:ac:12:00:05', ethertype: 0x0800, payload: new Uint8Array(10) }, { pad: true });
    expect(p.length).toBe(60);
    expect(hex(p.subarray(12, 14))).toBe('0800');
  });

  test('decode/encode round trip (property)', () => {
    const mac = fc.uint8Array({ minLength: 6, maxLength: 6 }).map((b) => bytesToMac(b));
    fc.assert(
      fc.property(mac, mac, fc.integer({ min: 0, max: 0xffff }), fc.uint8Array({ maxLength: 100 }), (dst, src, ethertype, payload) => {
        const d = decodeEthernet(encodeEthernet({ dst, src, ethertype, payload }))!;
        return d.dst === dst && d.src === src && d.ethertype === ethertype && hex(d.payload) === hex(payload);
      })
    );
    expect(decodeEthernet(new Uint8Array(13))).toBeNull();
  });
});

describe('ARP codec', () => {
  test('the §1.2 request vector, padded and unpadded', () => {
    const req: ArpPacket = { op: ARP_REQUEST, sha: '02:42:ac:12:00:05', spa: ip('172.18.0.5'), tha: ZERO_MAC, tpa: ip('172.18.255.200') };
    expect(hex(arpFrame(BROADCAST_MAC, '02:42:ac:12:00:05', req, true))).toBe(hex(fromHex(VECTOR_60)));
    const kernel = kernelArpRequest('02:42:ac:12:00:05', ip('172.18.0.5'), ip('172.18.255.200'));
    expect(kernel.length).toBe(42);
    expect(hex(kernel)).toBe(hex(fromHex(VECTOR_60).subarray(0, 42)));
    expect(decodeArpFrame(fromHex(VECTOR_60))).toEqual({ ethDst: BROADCAST_MAC, ethSrc: '02:42:ac:12:00:05', arp: req, frameLen: 60 });
  });

  test('kernel reply: unicast to the requester, THA = requester, 42 bytes', () => {
    const req = decodeArp(fromHex(VECTOR_60).subarray(14))!;
    const r = kernelArpReply('02:42:ac:12:00:03', ip('172.18.0.3'), req);
    expect(hex(r)).toBe(
      hex(fromHex(`0242ac120005 0242ac120003 0806 0001 0800 06 04 0002
        0242ac120003 ac120003 0242ac120005 ac120005`))
    );
  });

  test('MetalLB reply: padded to 60, Ethernet dst is the request SHA', () => {
    // a request whose Ethernet source differs from its SHA: MetalLB answers the SHA
    const req: ArpPacket = { op: ARP_REQUEST, sha: '02:42:ac:12:00:64', spa: ip('172.18.0.100'), tha: ZERO_MAC, tpa: ip('172.18.255.201') };
    const r = metallbArpReply('02:42:ac:12:00:05', ip('172.18.255.201'), req);
    expect(r.length).toBe(60);
    expect(hex(r)).toBe(
      hex(fromHex(`0242ac120064 0242ac120005 0806 0001 0800 06 04 0002
        0242ac120005 ac12ffc9 0242ac120064 ac120064 ${PAD}`))
    );
  });

  test('MetalLB gratuitous pair: request then reply, SPA=TPA=VIP, THA broadcast', () => {
    const [a, b] = metallbGratuitousPair('02:42:ac:12:00:04', ip('172.18.255.201'));
    const body = (op: string) => `ffffffffffff 0242ac120004 0806 0001 0800 06 04 ${op} 0242ac120004 ac12ffc9 ffffffffffff ac12ffc9 ${PAD}`;
    expect(hex(a)).toBe(hex(fromHex(body('0001'))));
    expect(hex(b)).toBe(hex(fromHex(body('0002'))));
  });

  test('decode rejects short or non-IPv4 packets', () => {
    expect(decodeArp(new Uint8Array(27))).toBeNull();
    const bad = encodeArp({ op: 1, sha: ZERO_MAC, spa: 0, tha: ZERO_MAC, tpa: 0 });
    bad[3] = 0xdd; // PTYPE 0x08dd
    expect(decodeArp(bad)).toBeNull();
  });

  test('decode(encode(x)) == x (property)', () => {
    const mac = fc.uint8Array({ minLength: 6, maxLength: 6 }).map((b) => bytesToMac(b));
    const ip32 = fc.integer({ min: 0, max: 0xffffffff });
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffff }), mac, ip32, mac, ip32, (op, sha, spa, tha, tpa) => {
        const p = { op, sha, spa, tha, tpa };
        expect(decodeArp(encodeArp(p))).toEqual(p);
      })
    );
  });
});

describe('gratuitous ARP as Linux sees it (arp_is_garp)', () => {
  const vip = ip('172.18.255.201');
  test("MetalLB's request is gratuitous, its reply (THA ff:…) is not", () => {
    const [req, rep] = metallbGratuitousPair('02:42:ac:12:00:04', vip).map((f) => decodeArpFrame(f)!.arp);
    expect(isGratuitous(req)).toBe(true);
    expect(isGratuitous(rep)).toBe(false);
  });
  test('a reply with THA == SHA is; an RFC 5227 announcement is; ordinary traffic is not', () => {
    const mac = '02:42:ac:12:00:04';
    expect(isGratuitous({ op: ARP_REPLY, sha: mac, spa: vip, tha: mac, tpa: vip })).toBe(true);
    expect(isGratuitous({ op: ARP_REQUEST, sha: mac, spa: vip, tha: ZERO_MAC, tpa: vip })).toBe(true);
    expect(isGratuitous({ op: ARP_REQUEST, sha: mac, spa: ip('172.18.0.100'), tha: ZERO_MAC, tpa: vip })).toBe(false);
    expect(isGratuitous({ op: ARP_REQUEST, sha: mac, spa: 0, tha: ZERO_MAC, tpa: 0 })).toBe(false);
  });
});

describe('tcpdump -nn ARP lines (k8s-linux.md §3.5)', () => {
  test('kernel request, MetalLB reply, gratuitous request and reply', () => {
    const req = kernelArpRequest('02:42:ac:12:00:64', ip('172.18.0.100'), ip('172.18.255.201'));
    expect(frameSummary(req)).toBe('ARP, Request who-has 172.18.255.201 tell 172.18.0.100, length 28');
    const reply = metallbArpReply('02:42:ac:12:00:05', ip('172.18.255.201'), decodeArpFrame(req)!.arp);
    expect(frameSummary(reply)).toBe('ARP, Reply 172.18.255.201 is-at 02:42:ac:12:00:05, length 46');
    const [g1, g2] = metallbGratuitousPair('02:42:ac:12:00:04', ip('172.18.255.201'));
    expect(frameSummary(g1)).toBe('ARP, Request who-has 172.18.255.201 (ff:ff:ff:ff:ff:ff) tell 172.18.255.201, length 46');
    expect(frameSummary(g2)).toBe('ARP, Reply 172.18.255.201 is-at 02:42:ac:12:00:04, length 46');
  });
  test('a kernel reply is length 28; an unknown opcode is named', () => {
    const req = decodeArpFrame(kernelArpRequest('02:42:ac:12:00:64', ip('172.18.0.100'), ip('172.18.0.3')))!.arp;
    expect(frameSummary(kernelArpReply('02:42:ac:12:00:03', ip('172.18.0.3'), req))).toBe('ARP, Reply 172.18.0.3 is-at 02:42:ac:12:00:03, length 28');
    expect(arpSummary({ ...req, op: 9 }, 42)).toBe('ARP, Unknown (9), length 28');
  });
});
