import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classifyFrame, decodeFrame } from '../../../src/lib/engine/observe';
import type { FrameLayer } from '../../../src/lib/engine/observe';

/** Frames written out byte by byte, so offsets and values below are checked against the bytes, not the engine's encoders. */
const hex = (s: string) => Uint8Array.from(s.replace(/\s+/g, '').match(/../g)!.map((x) => parseInt(x, 16)));

// who-has 172.18.255.200 tell 172.18.0.100, from 02:42:ac:12:00:64, unpadded (42 bytes)
const ARP_REQUEST = hex(`
  ffffffffffff 0242ac120064 0806
  0001 0800 06 04 0001 0242ac120064 ac120064 000000000000 ac12ffc8`);

// MetalLB's gratuitous reply for 172.18.255.200 from 76:13:23:ab:16:64, padded to 60
const GARP_REPLY = hex(`
  ffffffffffff 761323ab1664 0806
  0001 0800 06 04 0002 761323ab1664 ac12ffc8 ffffffffffff ac12ffc8
  000000000000000000000000000000000000`);

// 172.18.0.100:56480 > 172.18.255.200:80 SYN, seq 563778534, win 64240, mss 1460
const TCP_SYN = hex(`
  761323ab1664 0242ac120064 0800
  45 00 002c 1234 4000 40 06 0000 ac120064 ac12ffc8
  dca0 0050 219a8ce6 00000000 60 02 faf0 0000 0000 020405b4`);

// 172.18.255.200:80 > 172.18.0.100:56480 PSH|ACK carrying a short HTTP response
const HTTP_BODY = 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhi';
const HTTP_RESP = (() => {
  const body = new TextEncoder().encode(HTTP_BODY);
  const head = hex(`
    0242ac120064 761323ab1664 0800
    45 00 ${(40 + body.length).toString(16).padStart(4, '0')} 0001 4000 40 06 0000 ac12ffc8 ac120064
    0050 dca0 00000001 219a8ce7 50 18 faf0 0000 0000`);
  const b = new Uint8Array(head.length + body.length);
  b.set(head);
  b.set(body, head.length);
  return b;
})();

// UDP 172.18.0.4:7946 > 172.18.0.5:7946, 4 bytes of payload
const MEMBERLIST_UDP = hex(`
  761323ab1664 566f6a410ea3 0800
  45 00 0020 0000 4000 40 11 0000 ac120004 ac120005
  1f0a 1f0a 000c 0000 deadbeef
  0000000000000000000000000000`);

// ICMP echo request 172.18.0.100 > 172.18.0.2, id 7 seq 1
const ICMP_ECHO = hex(`
  ce38d709b57d 0242ac120064 0800
  45 00 001c 0000 4000 40 01 0000 ac120064 ac120002
  08 00 0000 0007 0001
  000000000000000000000000000000000000`);

// TCP 172.18.0.10:179 > 172.18.0.2:40000 with a BGP KEEPALIVE (19 bytes)
const BGP_KEEPALIVE = hex(`
  ce38d709b57d 0242ac12000a 0800
  45 c0 003b 0000 4000 01 06 0000 ac12000a ac120002
  00b3 9c40 00000001 00000001 50 18 faf0 0000 0000
  ffffffffffffffffffffffffffffffff 0013 04`);

const field = (layers: FrameLayer[], layer: string, name: string) => {
  const l = layers.find((x) => x.name === layer);
  const f = l?.fields.find((x) => x.name === name);
  if (!f) throw new Error(`no ${layer}.${name}`);
  return f;
};

describe('classifyFrame', () => {
  it('names each kind', () => {
    expect(classifyFrame(ARP_REQUEST)).toBe('arp-request');
    expect(classifyFrame(GARP_REPLY)).toBe('garp');
    const reply = ARP_REQUEST.slice();
    reply[21] = 2; // opcode reply, sender ≠ target
    expect(classifyFrame(reply)).toBe('arp-reply');
    expect(classifyFrame(TCP_SYN)).toBe('http');
    expect(classifyFrame(HTTP_RESP)).toBe('http');
    expect(classifyFrame(MEMBERLIST_UDP)).toBe('memberlist');
    expect(classifyFrame(ICMP_ECHO)).toBe('icmp');
    expect(classifyFrame(BGP_KEEPALIVE)).toBe('bgp');
    const tcp = TCP_SYN.slice();
    tcp[36] = 0x1f; // dport 8000 → plain TCP (0x1f40)
    tcp[37] = 0x40;
    expect(classifyFrame(tcp)).toBe('tcp');
    const udp = MEMBERLIST_UDP.slice();
    udp[34] = 0x00; // 53 > 53
    udp[35] = 0x35;
    udp[36] = 0x00;
    udp[37] = 0x35;
    expect(classifyFrame(udp)).toBe('udp');
    const v6 = TCP_SYN.slice();
    v6[12] = 0x86;
    v6[13] = 0xdd;
    expect(classifyFrame(v6)).toBe('other');
    expect(classifyFrame(new Uint8Array(5))).toBe('other');
  });
});

describe('decodeFrame', () => {
  it('ARP request: Ethernet and ARP fields at their offsets', () => {
    const L = decodeFrame(ARP_REQUEST);
    expect(L.map((l) => l.name)).toEqual(['Ethernet II', 'ARP']);
    expect(L[0].summary).toBe('Ethernet II, Src: 02:42:ac:12:00:64, Dst: ff:ff:ff:ff:ff:ff');
    expect(field(L, 'Ethernet II', 'Destination')).toEqual({ name: 'Destination', value: 'Broadcast (ff:ff:ff:ff:ff:ff)', offset: 0, length: 6 });
    expect(field(L, 'Ethernet II', 'Source')).toEqual({ name: 'Source', value: '02:42:ac:12:00:64', offset: 6, length: 6 });
    expect(field(L, 'Ethernet II', 'Type')).toEqual({ name: 'Type', value: 'ARP (0x0806)', offset: 12, length: 2 });
    expect(L[1].summary).toBe('Address Resolution Protocol (request)');
    expect(L[1].fields).toEqual([
      { name: 'Hardware type', value: 'Ethernet (1)', offset: 14, length: 2 },
      { name: 'Protocol type', value: 'IPv4 (0x0800)', offset: 16, length: 2 },
      { name: 'Hardware size', value: '6', offset: 18, length: 1 },
      { name: 'Protocol size', value: '4', offset: 19, length: 1 },
      { name: 'Opcode', value: 'request (1)', offset: 20, length: 2 },
      { name: 'Sender MAC address', value: '02:42:ac:12:00:64', offset: 22, length: 6 },
      { name: 'Sender IP address', value: '172.18.0.100', offset: 28, length: 4 },
      { name: 'Target MAC address', value: '00:00:00:00:00:00', offset: 32, length: 6 },
      { name: 'Target IP address', value: '172.18.255.200', offset: 38, length: 4 }
    ]);
    expect(L[0].fields.some((f) => f.name === 'Padding')).toBe(false);
  });

  it('gratuitous reply: flagged, padding after byte 42', () => {
    const L = decodeFrame(GARP_REPLY);
    expect(L[1].summary).toBe('Address Resolution Protocol (reply/gratuitous ARP)');
    expect(field(L, 'ARP', 'Opcode').value).toBe('reply (2)');
    expect(field(L, 'ARP', 'Target MAC address').value).toBe('ff:ff:ff:ff:ff:ff');
    expect(field(L, 'Ethernet II', 'Padding')).toMatchObject({ offset: 42, length: 18 });
  });

  it('TCP SYN: IPv4 and TCP fields, the MSS option', () => {
    const L = decodeFrame(TCP_SYN);
    expect(L.map((l) => l.name)).toEqual(['Ethernet II', 'IPv4', 'TCP']);
    expect(L[1].summary).toBe('Internet Protocol Version 4, Src: 172.18.0.100, Dst: 172.18.255.200');
    expect(field(L, 'IPv4', 'Header Length')).toEqual({ name: 'Header Length', value: '20 bytes (5)', offset: 14, length: 1 });
    expect(field(L, 'IPv4', 'Total Length')).toEqual({ name: 'Total Length', value: '44', offset: 16, length: 2 });
    expect(field(L, 'IPv4', 'Identification').value).toBe('0x1234 (4660)');
    expect(field(L, 'IPv4', 'Flags').value).toBe("0x4000, Don't fragment");
    expect(field(L, 'IPv4', 'Time to Live')).toEqual({ name: 'Time to Live', value: '64', offset: 22, length: 1 });
    expect(field(L, 'IPv4', 'Protocol')).toEqual({ name: 'Protocol', value: 'TCP (6)', offset: 23, length: 1 });
    expect(field(L, 'IPv4', 'Source Address')).toEqual({ name: 'Source Address', value: '172.18.0.100', offset: 26, length: 4 });
    expect(field(L, 'IPv4', 'Destination Address')).toEqual({ name: 'Destination Address', value: '172.18.255.200', offset: 30, length: 4 });
    expect(field(L, 'TCP', 'Source Port')).toEqual({ name: 'Source Port', value: '56480', offset: 34, length: 2 });
    expect(field(L, 'TCP', 'Destination Port')).toEqual({ name: 'Destination Port', value: '80', offset: 36, length: 2 });
    expect(field(L, 'TCP', 'Sequence Number')).toEqual({ name: 'Sequence Number', value: '563776742', offset: 38, length: 4 });
    expect(field(L, 'TCP', 'Header Length').value).toBe('24 bytes (6)');
    expect(field(L, 'TCP', 'Flags')).toEqual({ name: 'Flags', value: '0x002 (SYN)', offset: 46, length: 2 });
    expect(field(L, 'TCP', 'Window')).toEqual({ name: 'Window', value: '64240', offset: 48, length: 2 });
    expect(field(L, 'TCP', 'Maximum segment size')).toEqual({ name: 'Maximum segment size', value: '1460 bytes', offset: 54, length: 4 });
    expect(L[2].summary).toBe('Transmission Control Protocol, Src Port: 56480, Dst Port: 80, Seq: 563776742, Ack: 0, Len: 0');
  });

  it('HTTP response: status line, headers and body located in the frame', () => {
    const L = decodeFrame(HTTP_RESP);
    expect(L.map((l) => l.name)).toEqual(['Ethernet II', 'IPv4', 'TCP', 'HTTP']);
    expect(field(L, 'TCP', 'Flags').value).toBe('0x018 (PSH, ACK)');
    expect(L[3].summary).toBe('Hypertext Transfer Protocol: HTTP/1.1 200 OK');
    // 14 + 20 + 20 = 54: "HTTP/1.1 200 OK\r\n" is 17 bytes, "Content-Length: 2\r\n" 19, "\r\n" 2
    expect(field(L, 'HTTP', 'Status Line')).toEqual({ name: 'Status Line', value: 'HTTP/1.1 200 OK', offset: 54, length: 17 });
    expect(field(L, 'HTTP', 'Content-Length')).toEqual({ name: 'Content-Length', value: '2', offset: 71, length: 19 });
    expect(field(L, 'HTTP', 'File Data')).toEqual({ name: 'File Data', value: '2 bytes', offset: 92, length: 2 });
    expect(new TextDecoder().decode(HTTP_RESP.subarray(92, 94))).toBe('hi');
  });

  it('memberlist UDP: the payload as Data, padding not included', () => {
    const L = decodeFrame(MEMBERLIST_UDP);
    expect(L.map((l) => l.name)).toEqual(['Ethernet II', 'IPv4', 'UDP', 'Data']);
    expect(field(L, 'UDP', 'Length')).toEqual({ name: 'Length', value: '12', offset: 38, length: 2 });
    expect(field(L, 'Data', 'Data')).toEqual({ name: 'Data', value: 'deadbeef', offset: 42, length: 4 });
    expect(L[3].summary).toBe('Data (4 bytes)');
    expect(field(L, 'Ethernet II', 'Padding')).toMatchObject({ offset: 46, length: 14 });
  });

  it('ICMP echo and BGP keepalive', () => {
    const I = decodeFrame(ICMP_ECHO);
    expect(field(I, 'ICMP', 'Type')).toEqual({ name: 'Type', value: '8 (Echo (ping) request)', offset: 34, length: 1 });
    expect(field(I, 'ICMP', 'Identifier').value).toBe('7 (0x0007)');
    expect(field(I, 'ICMP', 'Sequence Number').value).toBe('1 (0x0001)');
    const B = decodeFrame(BGP_KEEPALIVE);
    expect(B.map((l) => l.name)).toEqual(['Ethernet II', 'IPv4', 'TCP', 'BGP']);
    expect(field(B, 'BGP', 'Type')).toEqual({ name: 'Type', value: 'KEEPALIVE Message (4)', offset: 72, length: 1 });
    expect(field(B, 'IPv4', 'Differentiated Services Field').value).toBe('0xc0');
  });

  it('truncated frames give the layers that fit', () => {
    const L = decodeFrame(ARP_REQUEST.subarray(0, 30));
    expect(L.map((l) => l.name)).toEqual(['Ethernet II', 'ARP']);
    expect(L[1].summary).toBe('Address Resolution Protocol (request) [truncated]');
    expect(L[1].fields.map((f) => f.name)).toEqual(['Hardware type', 'Protocol type', 'Hardware size', 'Protocol size', 'Opcode', 'Sender MAC address']);
    expect(decodeFrame(new Uint8Array(8))[0].fields.map((f) => f.name)).toEqual(['Destination']);
    expect(decodeFrame(new Uint8Array(0))).toEqual([{ name: 'Ethernet II', summary: 'Ethernet II [truncated: 0 bytes]', fields: [] }]);
    const tcp = decodeFrame(TCP_SYN.subarray(0, 40));
    expect(tcp.map((l) => l.name)).toEqual(['Ethernet II', 'IPv4', 'TCP']);
    expect(tcp[2].summary).toBe('Transmission Control Protocol [truncated]');
    expect(tcp[2].fields.map((f) => f.name)).toEqual(['Source Port', 'Destination Port']);
  });

  it('never throws, and every field lies inside the frame (random and mutated bytes)', () => {
    const seeds = [ARP_REQUEST, GARP_REPLY, TCP_SYN, HTTP_RESP, MEMBERLIST_UDP, ICMP_ECHO, BGP_KEEPALIVE];
    const mutated = fc
      .tuple(fc.constantFrom(...seeds), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 8 }), fc.nat())
      .map(([s, edits, cut]) => {
        const b = s.slice(0, s.length - (cut % (s.length + 1)));
        for (const [i, v] of edits) if (b.length) b[i % b.length] = v;
        return b;
      });
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 120 }), mutated), (b) => {
        const layers = decodeFrame(b);
        classifyFrame(b);
        for (const l of layers) for (const f of l.fields) expect(f.offset + f.length).toBeLessThanOrEqual(b.length);
      }),
      { numRuns: 2000 }
    );
  });
});
