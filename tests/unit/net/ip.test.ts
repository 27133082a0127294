import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  ICMP_PORT_UNREACH,
  IPPROTO_ICMP,
  IPPROTO_TCP,
  IPPROTO_UDP,
  TCP_ACK,
  TCP_FIN,
  TCP_PSH,
  TCP_RST,
  TCP_SYN,
  TcpSeqTracker,
  decodeIcmp,
  decodeIpv4,
  decodeTcp,
  decodeUdp,
  destUnreachable,
  echoId,
  echoReplyFor,
  echoRequest,
  echoSeq,
  encodeIcmp,
  encodeIpv4,
  encodeTcp,
  encodeUdp,
  icmpChecksumOk,
  internetChecksum,
  ipv4HeaderChecksumOk,
  ipv4Summary,
  makeIpv4,
  makeTcp,
  parseIpv4,
  tcpChecksumOk,
  tcpFlagsText,
  udpChecksumOk
} from '../../../src/lib/engine/net';
import { fromHex, hex, pseudo, refChecksum } from './helpers';

const ip = (s: string) => parseIpv4(s)!;
const CLIENT = ip('172.18.0.100');
const VIP = ip('172.18.255.200');

describe('Internet checksum', () => {
  test('RFC 1071 §3 example words and a textbook IPv4 header', () => {
    // RFC 1071: 0001 f203 f4f5 f6f7 sums to ddf2, so the checksum is 220d
    expect(internetChecksum(fromHex('0001f203f4f5f6f7'))).toBe(0x220d);
    // the well-known 192.168.0.1 → 192.168.0.199 UDP header has checksum b861
    expect(internetChecksum(fromHex('45000073000040004011 0000 c0a80001c0a800c7'))).toBe(0xb861);
    expect(internetChecksum(fromHex('01'))).toBe(~0x0100 & 0xffff);
  });
});

describe('IPv4', () => {
  // hand-summed: 4500+002c+1c46+4000+4006+ac12+0064+ac12+ffc8 = 339c8 → 39cb → ~ = c634
  const header = 'c634';
  test('hand-computed header checksum with DF, TTL 64, id 0x1c46', () => {
    const tcpLen = 24;
    const b = encodeIpv4(makeIpv4({ src: CLIENT, dst: VIP, protocol: IPPROTO_TCP, id: 0x1c46, payload: new Uint8Array(tcpLen) }));
    expect(hex(b.subarray(0, 20))).toBe(`4500002c1c46400040 06 ${header} ac120064 ac12ffc8`.replace(/ /g, ''));
    expect(refChecksum([b.subarray(0, 20)])).toBe(0);
    expect(ipv4HeaderChecksumOk(b)).toBe(true);
    b[8] = 63;
    expect(ipv4HeaderChecksumOk(b)).toBe(false);
  });

  test('decode drops Ethernet padding after Total Length and rejects cut packets', () => {
    const b = encodeIpv4(makeIpv4({ src: CLIENT, dst: VIP, protocol: IPPROTO_ICMP, payload: Uint8Array.of(1, 2, 3) }));
    const padded = new Uint8Array(46);
    padded.set(b);
    expect(decodeIpv4(padded)!.payload).toEqual(Uint8Array.of(1, 2, 3));
    expect(decodeIpv4(b.subarray(0, 22))).toBeNull();
    expect(decodeIpv4(fromHex('60000000'))).toBeNull();
  });

  const arbIpv4 = fc.record({
    tos: fc.nat(255),
    id: fc.nat(0xffff),
    df: fc.boolean(),
    ttl: fc.nat(255),
    protocol: fc.nat(255),
    src: fc.integer({ min: 0, max: 0xffffffff }),
    dst: fc.integer({ min: 0, max: 0xffffffff }),
    payload: fc.uint8Array({ maxLength: 64 })
  });

  test('decode(encode(x)) == x, and the header sums to zero (property)', () => {
    fc.assert(
      fc.property(arbIpv4, (p) => {
        const b = encodeIpv4(p);
        expect(decodeIpv4(b)).toEqual(p);
        expect(refChecksum([b.subarray(0, 20)])).toBe(0);
        expect(internetChecksum(b, 0, 20)).toBe(0);
      })
    );
  });
});

describe('TCP', () => {
  test('SYN with MSS: bytes and pseudo-header checksum computed by hand', () => {
    const seg = makeTcp({ srcPort: 41922, dstPort: 80, seq: 123, flags: TCP_SYN, window: 64240, mss: 1460 });
    const b = encodeTcp(seg, CLIENT, VIP);
    // sum of pseudo-header (ac12 0064 ac12 ffc8 0006 0018) and header words, folded and inverted: a056
    expect(hex(b)).toBe('a3c20050 0000007b 00000000 6002 faf0 a056 0000 020405b4'.replace(/ /g, ''));
    expect(refChecksum([pseudo('172.18.0.100', '172.18.255.200', 6, b.length), b])).toBe(0);
    expect(tcpChecksumOk(b, CLIENT, VIP)).toBe(true);
    expect(tcpChecksumOk(b, CLIENT, VIP + 1)).toBe(false);
  });

  test('odd-length payload checksum agrees with an independent sum', () => {
    const seg = makeTcp({ srcPort: 80, dstPort: 41922, seq: 7, ack: 124, flags: TCP_PSH | TCP_ACK, payload: new TextEncoder().encode('abc') });
    const b = encodeTcp(seg, VIP, CLIENT);
    const zeroed = b.slice();
    zeroed[16] = 0;
    zeroed[17] = 0;
    expect((b[16] << 8) | b[17]).toBe(refChecksum([pseudo('172.18.255.200', '172.18.0.100', 6, b.length), zeroed]));
  });

  const arbTcp = fc.record(
    {
      srcPort: fc.nat(0xffff),
      dstPort: fc.nat(0xffff),
      seq: fc.integer({ min: 0, max: 0xffffffff }),
      ack: fc.integer({ min: 0, max: 0xffffffff }),
      flags: fc.nat(255),
      window: fc.nat(0xffff),
      urgent: fc.nat(0xffff),
      mss: fc.nat(0xffff),
      payload: fc.uint8Array({ maxLength: 80 })
    },
    { requiredKeys: ['srcPort', 'dstPort', 'seq', 'ack', 'flags', 'window', 'urgent', 'payload'] }
  );

  test('decode(encode(x)) == x and the checksum verifies (property)', () => {
    fc.assert(
      fc.property(arbTcp, fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 0, max: 0xffffffff }), (s, src, dst) => {
        const b = encodeTcp(s, src, dst);
        expect(decodeTcp(b)).toEqual(s);
        expect(tcpChecksumOk(b, src, dst)).toBe(true);
      })
    );
  });

  test('options: NOP padding and unknown kinds are skipped, bad lengths rejected', () => {
    const b = encodeTcp(makeTcp({ srcPort: 1, dstPort: 2, flags: TCP_SYN }), 0, 0);
    const withOpts = new Uint8Array(36);
    withOpts.set(b.subarray(0, 20));
    withOpts[12] = 0x90; // 36-byte header
    withOpts.set([1, 1, 8, 10, 0, 0, 0, 1, 0, 0, 0, 0, 2, 4, 0x05, 0xb4], 20); // nop nop TS(10) mss
    expect(decodeTcp(withOpts)!.mss).toBe(1460);
    withOpts[23] = 40;
    expect(decodeTcp(withOpts)).toBeNull();
  });
});

describe('UDP and ICMP', () => {
  test('UDP checksum and round trip', () => {
    const b = encodeUdp({ srcPort: 7946, dstPort: 7946, payload: Uint8Array.of(1, 2, 3, 4, 5) }, ip('172.18.0.2'), ip('172.18.0.3'));
    expect(refChecksum([pseudo('172.18.0.2', '172.18.0.3', 17, b.length), b])).toBe(0);
    expect(udpChecksumOk(b, ip('172.18.0.2'), ip('172.18.0.3'))).toBe(true);
    expect(decodeUdp(b)).toEqual({ srcPort: 7946, dstPort: 7946, payload: Uint8Array.of(1, 2, 3, 4, 5) });
    expect(decodeUdp(b.subarray(0, 7))).toBeNull();
  });

  test('echo request/reply keep id, seq and data; checksums sum to zero', () => {
    const req = echoRequest(1, 2, new Uint8Array(56).map((_, i) => i));
    const b = encodeIcmp(req);
    expect(hex(b.subarray(0, 2))).toBe('0800');
    expect(hex(b.subarray(4, 8))).toBe('00010002');
    expect(refChecksum([b])).toBe(0);
    expect(icmpChecksumOk(b)).toBe(true);
    const m = decodeIcmp(b)!;
    expect([echoId(m), echoSeq(m)]).toEqual([1, 2]);
    const rep = encodeIcmp(echoReplyFor(m));
    expect(rep[0]).toBe(0);
    expect(icmpChecksumOk(rep)).toBe(true);
    fc.assert(
      fc.property(fc.nat(0xffff), fc.nat(0xffff), fc.uint8Array({ maxLength: 100 }), (id, seq, data) => {
        const x = encodeIcmp(echoRequest(id, seq, data));
        return refChecksum([x]) === 0 && hex(decodeIcmp(x)!.payload) === hex(data);
      })
    );
  });
});

describe('tcpdump -nn IPv4 lines', () => {
  const pkt = (src: number, dst: number, payload: Uint8Array, protocol = IPPROTO_TCP) => makeIpv4({ src, dst, protocol, payload });

  test('TCP SYN as in the brief', () => {
    const syn = encodeTcp(makeTcp({ srcPort: 41922, dstPort: 80, seq: 123, flags: TCP_SYN, window: 64240, mss: 1460 }), CLIENT, VIP);
    expect(ipv4Summary(pkt(CLIENT, VIP, syn))).toBe('IP 172.18.0.100.41922 > 172.18.255.200.80: Flags [S], seq 123, win 64240, options [mss 1460], length 0');
  });

  test('flag letters in tcpdump order', () => {
    expect(tcpFlagsText(TCP_SYN | TCP_ACK)).toBe('S.');
    expect(tcpFlagsText(TCP_PSH | TCP_ACK)).toBe('P.');
    expect(tcpFlagsText(TCP_FIN | TCP_PSH | TCP_ACK)).toBe('FP.');
    expect(tcpFlagsText(TCP_RST | TCP_ACK)).toBe('R.');
    expect(tcpFlagsText(0)).toBe('none');
  });

  test('a handshake and a request with relative numbers, as one tcpdump shows them', () => {
    const tr = new TcpSeqTracker();
    const c = (s: Parameters<typeof makeTcp>[0]) => ipv4Summary(pkt(CLIENT, VIP, encodeTcp(makeTcp(s), CLIENT, VIP)), { tcpSeq: tr });
    const s = (x: Parameters<typeof makeTcp>[0]) => ipv4Summary(pkt(VIP, CLIENT, encodeTcp(makeTcp(x), VIP, CLIENT)), { tcpSeq: tr });
    expect(c({ srcPort: 41922, dstPort: 80, seq: 1000, flags: TCP_SYN, mss: 1460 })).toBe(
      'IP 172.18.0.100.41922 > 172.18.255.200.80: Flags [S], seq 1000, win 64240, options [mss 1460], length 0'
    );
    expect(s({ srcPort: 80, dstPort: 41922, seq: 5000, ack: 1001, flags: TCP_SYN | TCP_ACK, window: 65160, mss: 1460 })).toBe(
      'IP 172.18.255.200.80 > 172.18.0.100.41922: Flags [S.], seq 5000, ack 1001, win 65160, options [mss 1460], length 0'
    );
    expect(c({ srcPort: 41922, dstPort: 80, seq: 1001, ack: 5001, flags: TCP_ACK, window: 502 })).toBe(
      'IP 172.18.0.100.41922 > 172.18.255.200.80: Flags [.], ack 1, win 502, length 0'
    );
    const get = new TextEncoder().encode('GET / HTTP/1.1\r\nHost: 172.18.255.200\r\n\r\n');
    expect(c({ srcPort: 41922, dstPort: 80, seq: 1001, ack: 5001, flags: TCP_PSH | TCP_ACK, window: 502, payload: get })).toBe(
      `IP 172.18.0.100.41922 > 172.18.255.200.80: Flags [P.], seq 1:${1 + get.length}, ack 1, win 502, length ${get.length}: HTTP: GET / HTTP/1.1`
    );
    const ok = new TextEncoder().encode('HTTP/1.1 200 OK\r\n\r\n');
    expect(s({ srcPort: 80, dstPort: 41922, seq: 5001, ack: 1001 + get.length, flags: TCP_PSH | TCP_ACK, window: 509, payload: ok })).toBe(
      `IP 172.18.255.200.80 > 172.18.0.100.41922: Flags [P.], seq 1:${1 + ok.length}, ack ${1 + get.length}, win 509, length ${ok.length}: HTTP: HTTP/1.1 200 OK`
    );
  });

  test('BGP payload is named; RST prints seq', () => {
    const upd = encodeTcp(makeTcp({ srcPort: 40000, dstPort: 179, seq: 10, ack: 20, flags: TCP_PSH | TCP_ACK, payload: new Uint8Array(19) }), 1, 2);
    expect(ipv4Summary(pkt(ip('172.18.0.2'), ip('172.18.0.5'), upd))).toBe('IP 172.18.0.2.40000 > 172.18.0.5.179: Flags [P.], seq 10:29, ack 20, win 64240, length 19: BGP');
    const rst = encodeTcp(makeTcp({ srcPort: 80, dstPort: 41922, seq: 0, ack: 124, flags: TCP_RST | TCP_ACK, window: 0 }), 1, 2);
    expect(ipv4Summary(pkt(VIP, CLIENT, rst))).toBe('IP 172.18.255.200.80 > 172.18.0.100.41922: Flags [R.], seq 0, ack 124, win 0, length 0');
  });

  test('ICMP echo, port unreachable, host unreachable; UDP', () => {
    const echo = encodeIcmp(echoRequest(1, 1, new Uint8Array(56)));
    expect(ipv4Summary(pkt(CLIENT, ip('172.18.0.3'), echo, IPPROTO_ICMP))).toBe('IP 172.18.0.100 > 172.18.0.3: ICMP echo request, id 1, seq 1, length 64');
    const rep = encodeIcmp(echoReplyFor(decodeIcmp(echo)!));
    expect(ipv4Summary(pkt(ip('172.18.0.3'), CLIENT, rep, IPPROTO_ICMP))).toBe('IP 172.18.0.3 > 172.18.0.100: ICMP echo reply, id 1, seq 1, length 64');
    const udpPkt = encodeIpv4(pkt(CLIENT, ip('172.18.0.3'), encodeUdp({ srcPort: 7946, dstPort: 7946, payload: new Uint8Array(52) }, CLIENT, ip('172.18.0.3')), IPPROTO_UDP));
    expect(ipv4Summary(decodeIpv4(udpPkt)!)).toBe('IP 172.18.0.100.7946 > 172.18.0.3.7946: UDP, length 52');
    const unreach = encodeIcmp(destUnreachable(ICMP_PORT_UNREACH, udpPkt));
    expect(ipv4Summary(pkt(ip('172.18.0.3'), CLIENT, unreach, IPPROTO_ICMP))).toBe(`IP 172.18.0.3 > 172.18.0.100: ICMP 172.18.0.3 udp port 7946 unreachable, length ${8 + udpPkt.length}`);
    const host = encodeIcmp(destUnreachable(1, udpPkt));
    expect(ipv4Summary(pkt(CLIENT, CLIENT, host, IPPROTO_ICMP))).toBe(`IP 172.18.0.100 > 172.18.0.100: ICMP host 172.18.0.3 unreachable, length ${8 + udpPkt.length}`);
  });
});
