/**
 * BGP message codec, byte for byte. Every vector below was written by hand from the RFCs
 * (RFC 4271 §4, RFC 5492, RFC 4760 §8, RFC 6793, RFC 1997), one comment per field; the
 * reference's tshark-verified samples are marked as such.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  AS_SEQUENCE,
  MessageReader,
  as4Capability,
  decodeMessage,
  encodeEndOfRib,
  encodeKeepalive,
  encodeNotification,
  encodeOpen,
  encodeRouteRefresh,
  encodeUpdate,
  mpCapability,
  myAsField,
  notifyText,
  openAsn,
  routeRefreshCapability
} from '../../../src/lib/engine/bgp/messages';
import { makeCidr, parseIpv4 } from '../../../src/lib/engine/net/addr';
import { hex, toHex } from './hex';

const ip = (s: string) => parseIpv4(s) ?? 0;
const cidr = (s: string) => {
  const [a, p] = s.split('/');
  return makeCidr(ip(a), Number(p));
};

describe('OPEN', () => {
  test('capabilities in one optional parameter (the reference\'s tshark-verified sample, 45 bytes)', () => {
    const want = hex(`
      ff×16        marker
      002d         length 45
      01           type OPEN
      04           version 4
      fc01         My AS 64513
      005a         Hold Time 90
      ac120002     BGP Identifier 172.18.0.2
      10           Opt Parm Len 16
      02 0e        param: Capabilities, 14 bytes
      01 04 0001 00 01    MP: AFI 1 IPv4, reserved, SAFI 1 unicast
      02 00               Route Refresh, no value
      41 04 0000fc01      4-octet AS 64513`);
    const got = encodeOpen({
      version: 4,
      myAs: 64513,
      holdTime: 90,
      bgpId: ip('172.18.0.2'),
      capabilities: [mpCapability(1, 1), routeRefreshCapability(), as4Capability(64513)],
      packing: 'single'
    });
    expect(toHex(got)).toBe(toHex(want));
    const back = decodeMessage(want, { as4: false });
    expect(back.ok).toBe(true);
    if (back.ok && back.msg.type === 'open') {
      expect(back.msg.holdTime).toBe(90);
      expect(back.msg.bgpId).toBe(ip('172.18.0.2'));
      expect(openAsn(back.msg)).toBe(64513);
      expect(back.msg.packing).toBe('single');
      expect(back.msg.capabilities.map((c) => c.code)).toEqual([1, 2, 65]);
    }
  });

  test('MetalLB native: MP IPv4 + MP IPv6 + AS4 in one parameter (OptsLen 20, OptLen 18)', () => {
    const want = hex(`
      ff×16 0031 01      marker, length 49, OPEN
      04 fc01 005a       version 4, AS 64513, hold 90
      ac120003           id 172.18.0.3
      14                 Opt Parm Len 20
      02 12              Capabilities, 18 bytes
      01 04 0001 00 01   MP IPv4 unicast
      01 04 0002 00 01   MP IPv6 unicast
      41 04 0000fc01     AS4 64513`);
    const got = encodeOpen({ version: 4, myAs: 64513, holdTime: 90, bgpId: ip('172.18.0.3'), capabilities: [mpCapability(1, 1), mpCapability(2, 1), as4Capability(64513)], packing: 'single' });
    expect(toHex(got)).toBe(toHex(want));
  });

  test('FRR: one optional parameter per capability', () => {
    const want = hex(`
      ff×16 0031 01         marker, length 49, OPEN
      04 fc00 00b4          version 4, AS 64512, hold 180
      ac120005              id 172.18.0.5
      14                    Opt Parm Len 20
      02 06 01 04 0001 00 01   param 2 len 6: MP IPv4 unicast
      02 02 02 00              param 2 len 2: Route Refresh
      02 06 41 04 0000fc00     param 2 len 6: AS4 64512`);
    const got = encodeOpen({ version: 4, myAs: 64512, holdTime: 180, bgpId: ip('172.18.0.5'), capabilities: [mpCapability(1, 1), routeRefreshCapability(), as4Capability(64512)], packing: 'per-capability' });
    expect(toHex(got)).toBe(toHex(want));
    const back = decodeMessage(want, { as4: false });
    expect(back.ok && back.msg.type === 'open' && back.msg.packing).toBe('per-capability');
  });

  test('a 4-byte ASN goes out as AS_TRANS 23456 with the real one in capability 65 (RFC 6793)', () => {
    expect(myAsField(4200000000)).toBe(23456);
    expect(myAsField(64513)).toBe(64513);
    const want = hex(`
      ff×16 0025 01      length 37, OPEN
      04 5ba0 005a       version 4, My AS 23456 (AS_TRANS), hold 90
      0a000001           id 10.0.0.1
      08                 Opt Parm Len 8
      02 06 41 04 fa56ea00   AS4 4200000000 = 0xfa56ea00`);
    const got = encodeOpen({ version: 4, myAs: myAsField(4200000000), holdTime: 90, bgpId: ip('10.0.0.1'), capabilities: [as4Capability(4200000000)], packing: 'per-capability' });
    expect(toHex(got)).toBe(toHex(want));
    const back = decodeMessage(want, { as4: false });
    expect(back.ok && back.msg.type === 'open' && openAsn(back.msg)).toBe(4200000000);
  });
});

describe('UPDATE', () => {
  test('eBGP advertisement of 172.18.255.200/32 (the reference\'s verified 48 bytes)', () => {
    const want = hex(`
      ff×16 0030 02      marker, length 48, UPDATE
      0000               withdrawn routes length 0
      0014               total path attribute length 20
      40 01 01 00        ORIGIN (well-known transitive), len 1, IGP
      40 02 06 02 01 0000fc01   AS_PATH len 6: AS_SEQUENCE of 1 ASN, 64513 in 4 bytes
      40 03 04 ac120002  NEXT_HOP 172.18.0.2
      20 ac12ffc8        NLRI /32 172.18.255.200`);
    const got = encodeUpdate({ withdrawn: [], attrs: { origin: 0, asPath: [{ type: AS_SEQUENCE, asns: [64513] }], nextHop: ip('172.18.0.2') }, nlri: [cidr('172.18.255.200/32')] }, true);
    expect(toHex(got)).toBe(toHex(want));
    const back = decodeMessage(want, { as4: true });
    expect(back.ok).toBe(true);
    if (back.ok && back.msg.type === 'update') {
      expect(back.msg.nlri).toEqual([cidr('172.18.255.200/32')]);
      expect(back.msg.attrs).toEqual({ origin: 0, asPath: [{ type: 2, asns: [64513] }], nextHop: ip('172.18.0.2') });
    }
  });

  test('with COMMUNITIES 64513:100 and a MED (RFC 1997: ASN<<16 | value)', () => {
    const want = hex(`
      ff×16 003e 02      length 62, UPDATE
      0000               no withdrawn
      0022               path attributes 34
      40 01 01 00        ORIGIN IGP
      40 02 06 02 01 0000fc01   AS_PATH 64513
      40 03 04 ac120002  NEXT_HOP 172.18.0.2
      80 04 04 00000000  MULTI_EXIT_DISC (optional non-transitive) 0
      c0 08 04 fc010064  COMMUNITIES (optional transitive) 64513:100
      20 ac12ffc8        NLRI 172.18.255.200/32`);
    const got = encodeUpdate(
      { withdrawn: [], attrs: { origin: 0, asPath: [{ type: 2, asns: [64513] }], nextHop: ip('172.18.0.2'), med: 0, communities: [(64513 << 16) | 100] }, nlri: [cidr('172.18.255.200/32')] },
      true
    );
    expect(toHex(got)).toBe(toHex(want));
    const back = decodeMessage(want, { as4: true });
    expect(back.ok && back.msg.type === 'update' && back.msg.attrs.communities).toEqual([0xfc010064]);
  });

  test('iBGP: empty AS_PATH and LOCAL_PREF 100', () => {
    const want = hex(`
      ff×16 0031 02      length 49, UPDATE
      0000 0015          no withdrawn; attributes 21
      40 01 01 00        ORIGIN IGP
      40 02 00           AS_PATH empty
      40 03 04 ac120002  NEXT_HOP 172.18.0.2
      40 05 04 00000064  LOCAL_PREF 100
      20 c0a80a00        NLRI 192.168.10.0/32`);
    const got = encodeUpdate({ withdrawn: [], attrs: { origin: 0, asPath: [], nextHop: ip('172.18.0.2'), localPref: 100 }, nlri: [cidr('192.168.10.0/32')] }, true);
    expect(toHex(got)).toBe(toHex(want));
  });

  test('2-octet AS_PATH when 4-octet AS was not negotiated', () => {
    const want = hex(`
      ff×16 002e 02 0000 0012   length 46, UPDATE, no withdrawn, attributes 18
      40 01 01 00              ORIGIN IGP
      40 02 04 02 01 fc01      AS_PATH: AS_SEQUENCE, 1 ASN, 64513 in 2 bytes
      40 03 04 ac120002        NEXT_HOP
      20 ac12ffc8              NLRI`);
    expect(toHex(encodeUpdate({ withdrawn: [], attrs: { origin: 0, asPath: [{ type: 2, asns: [64513] }], nextHop: ip('172.18.0.2') }, nlri: [cidr('172.18.255.200/32')] }, false))).toBe(toHex(want));
    const back = decodeMessage(want, { as4: false });
    expect(back.ok && back.msg.type === 'update' && back.msg.attrs.asPath).toEqual([{ type: 2, asns: [64513] }]);
  });

  test('withdrawal (verified 28 bytes) and End-of-RIB (23 bytes)', () => {
    const wd = hex(`ff×16 001c 02 | 0005 | 20 ac12ffc9 | 0000   withdrawn len 5: 172.18.255.201/32; no attributes`);
    expect(toHex(encodeUpdate({ withdrawn: [cidr('172.18.255.201/32')], attrs: {}, nlri: [] }, true))).toBe(toHex(wd));
    expect(toHex(encodeEndOfRib())).toBe(toHex(hex('ff×16 0017 02 0000 0000')));
    const back = decodeMessage(wd, { as4: true });
    expect(back.ok && back.msg.type === 'update' && back.msg.withdrawn).toEqual([cidr('172.18.255.201/32')]);
  });

  test('prefixes take the fewest octets: /0, /8, /26, /24', () => {
    const got = encodeUpdate({ withdrawn: [cidr('0.0.0.0/0'), cidr('10.0.0.0/8'), cidr('172.18.255.192/26'), cidr('192.168.10.0/24')], attrs: {}, nlri: [] }, true);
    expect(toHex(got)).toBe(toHex(hex(`
      ff×16 0023 02      length 35
      000c               withdrawn length 12 (1 + 2 + 5 + 4)
      00                 0.0.0.0/0: no address octets
      08 0a              10.0.0.0/8: one octet
      1a ac12ffc0        172.18.255.192/26: four octets
      18 c0a80a          192.168.10.0/24: three octets
      0000               no attributes`)));
  });
});

describe('KEEPALIVE, NOTIFICATION, ROUTE-REFRESH', () => {
  test('bytes', () => {
    expect(toHex(encodeKeepalive())).toBe(toHex(hex('ff×16 0013 04')));
    expect(toHex(encodeNotification(4, 0))).toBe(toHex(hex('ff×16 0015 03 04 00   Hold Timer Expired')));
    expect(toHex(encodeNotification(6, 2))).toBe(toHex(hex('ff×16 0015 03 06 02   Cease / Administrative Shutdown')));
    expect(toHex(encodeNotification(2, 2, hex('fc01')))).toBe(toHex(hex('ff×16 0017 03 02 02 fc01   Bad Peer AS, data = the AS')));
    expect(toHex(encodeRouteRefresh(1, 1))).toBe(toHex(hex('ff×16 0017 05 0001 00 01')));
  });

  test('decoding and FRR\'s names', () => {
    const n = decodeMessage(hex('ff×16 0015 03 06 02'), { as4: true });
    expect(n.ok && n.msg.type === 'notification' && [n.msg.code, n.msg.subcode]).toEqual([6, 2]);
    expect(notifyText(4, 0)).toBe('Hold Timer Expired');
    expect(notifyText(6, 2)).toBe('Cease/Administrative Shutdown');
    expect(notifyText(6, 0)).toBe('Cease/Unspecific');
    expect(decodeMessage(hex('ff×16 0013 04'), { as4: true })).toEqual({ ok: true, msg: { type: 'keepalive' } });
  });
});

describe('malformed input gives the NOTIFICATION to send (RFC 4271 §6)', () => {
  const err = (h: string, as4 = true) => {
    const r = decodeMessage(hex(h), { as4 });
    if (r.ok) throw new Error('decoded');
    return { code: r.error.code, subcode: r.error.subcode, data: toHex(r.error.data) };
  };
  test('header errors (§6.1)', () => {
    expect(err('ffffffffffffffffffffffffffffff00 0013 04')).toEqual({ code: 1, subcode: 1, data: '' });
    expect(err('ff×16 0012 04')).toEqual({ code: 1, subcode: 2, data: '0012' });
    expect(err('ff×16 0014 04 00')).toEqual({ code: 1, subcode: 2, data: '0014' });
    expect(err('ff×16 0013 07')).toEqual({ code: 1, subcode: 3, data: '07' });
    expect(err('ff×16 0014 03 04')).toEqual({ code: 1, subcode: 2, data: '0014' });
  });
  test('OPEN errors (§6.2)', () => {
    expect(err('ff×16 001d 01 03 fc01 005a ac120002 00')).toEqual({ code: 2, subcode: 1, data: '0004' });
    expect(err('ff×16 001d 01 04 fc01 0002 ac120002 00')).toEqual({ code: 2, subcode: 6, data: '' });
    expect(err('ff×16 001d 01 04 fc01 005a 00000000 00')).toEqual({ code: 2, subcode: 3, data: '' });
    expect(err('ff×16 001f 01 04 fc01 005a ac120002 02 01 00')).toEqual({ code: 2, subcode: 4, data: '' });
  });
  test('UPDATE errors (§6.3)', () => {
    // NLRI without NEXT_HOP: Missing Well-known Attribute, data = type code 3
    expect(err('ff×16 0029 02 0000 000d 40 01 01 00 40 02 06 02 01 0000fc01 20 ac12ffc8')).toEqual({ code: 3, subcode: 3, data: '03' });
    // ORIGIN 3: Invalid ORIGIN, data = the attribute
    expect(err('ff×16 001b 02 0000 0004 40 01 01 03')).toEqual({ code: 3, subcode: 6, data: '40010103' });
    // ORIGIN marked optional: Attribute Flags Error
    expect(err('ff×16 001b 02 0000 0004 80 01 01 00')).toEqual({ code: 3, subcode: 4, data: '80010100' });
    // NEXT_HOP of length 3: Attribute Length Error
    expect(err('ff×16 001d 02 0000 0006 40 03 03 ac1200')).toEqual({ code: 3, subcode: 5, data: '400303ac1200' });
    // ORIGIN claiming 5 value bytes where the list has 1 left
    expect(err('ff×16 001b 02 0000 0004 40 01 05 00')).toEqual({ code: 3, subcode: 5, data: '40010500' });
    // NLRI prefix length 33: Invalid Network Field
    expect(err('ff×16 001d 02 0000 0000 21 ac12ffc8 00')).toEqual({ code: 3, subcode: 10, data: '' });
    // unknown well-known attribute 99
    expect(err('ff×16 001b 02 0000 0004 40 63 01 00')).toEqual({ code: 3, subcode: 2, data: '40630100' });
    // AS_PATH segment type 9 (2-octet ASNs)
    expect(err('ff×16 001e 02 0000 0007 40 02 04 09 01 fc01', false)).toEqual({ code: 3, subcode: 11, data: '' });
  });

  test('random bytes never throw', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 80 }), fc.boolean(), (tail, as4) => {
        const b = new Uint8Array(19 + tail.length);
        b.fill(0xff, 0, 16);
        b[16] = (b.length >> 8) & 0xff;
        b[17] = b.length & 0xff;
        b[18] = 1 + (tail[0] ?? 0) % 5;
        b.set(tail, 19);
        decodeMessage(b, { as4 });
        new MessageReader().push(b);
      }),
      { numRuns: 3000 }
    );
  });
});

describe('MessageReader', () => {
  test('splits a stream at message boundaries whatever the segment sizes', () => {
    const stream = new Uint8Array([...encodeKeepalive(), ...encodeNotification(6, 2), ...encodeKeepalive()]);
    const r = new MessageReader();
    const got: number[] = [];
    for (let i = 0; i < stream.length; i += 7) for (const m of r.push(stream.slice(i, i + 7)).messages) got.push(m[18]);
    expect(got).toEqual([4, 3, 4]);
  });
});
