import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { Rng } from '../../../src/lib/engine/sim/prng';
import {
  BROADCAST_MAC,
  bytesToMac,
  cidrBroadcast,
  cidrContains,
  cidrNth,
  cidrOverlaps,
  cidrSize,
  formatCidr,
  formatIpv4,
  ipv6LinkLocalFromMac,
  isLocallyAdministered,
  isMulticastMac,
  legacyDockerMac,
  macToBytes,
  parseCidr,
  parseIpPrefix,
  parseIpv4,
  parseMac,
  randomLocalMac
} from '../../../src/lib/engine/net';

describe('IPv4', () => {
  test('parses dotted quads to unsigned numbers', () => {
    expect(parseIpv4('172.18.0.3')).toBe(0xac120003);
    expect(parseIpv4('0.0.0.0')).toBe(0);
    expect(parseIpv4('255.255.255.255')).toBe(4294967295);
    expect(parseIpv4('172.18.255.200')).toBe(172 * 2 ** 24 + 18 * 2 ** 16 + 255 * 256 + 200);
  });

  test.each(['', '1.2.3', '1.2.3.4.5', '256.1.1.1', '01.2.3.4', '1.2.3.00', '1.2.3.-1', ' 1.2.3.4', '1.2.3.4 ', '1..3.4', 'a.b.c.d', '1.2.3.4/32', '0x1.2.3.4', '1.2.3.1e2'])('rejects %j', (s) => {
    expect(parseIpv4(s)).toBeNull();
  });

  test('formats', () => {
    expect(formatIpv4(0xac12ffc8)).toBe('172.18.255.200');
    expect(formatIpv4(0)).toBe('0.0.0.0');
    expect(formatIpv4(0xffffffff)).toBe('255.255.255.255');
  });

  test('format/parse round trip (property)', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 0xffffffff }), (n) => parseIpv4(formatIpv4(n)) === n));
    fc.assert(
      fc.property(fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)), (o) => {
        const s = o.join('.');
        return formatIpv4(parseIpv4(s) as number) === s;
      })
    );
  });
});

describe('CIDR', () => {
  test('parse clears host bits; prefix keeps them', () => {
    expect(parseCidr('172.18.0.3/16')).toEqual({ network: 0xac120000, prefix: 16 });
    expect(parseIpPrefix('172.18.0.3/16')).toEqual({ ip: 0xac120003, prefix: 16 });
    expect(parseCidr('0.0.0.0/0')).toEqual({ network: 0, prefix: 0 });
    expect(parseCidr('10.10.1.7/32')).toEqual({ network: 0x0a0a0107, prefix: 32 });
  });

  test.each(['172.18.0.0', '172.18.0.0/', '172.18.0.0/33', '172.18.0.0/016', '172.18.0.0/-1', '172.18.0.0/a', '300.1.1.1/8', '/8'])('rejects %j', (s) => {
    expect(parseCidr(s)).toBeNull();
  });

  test('contains, size, nth, broadcast, overlap', () => {
    const pool = parseCidr('172.18.255.200/29')!;
    expect(formatCidr(pool)).toBe('172.18.255.200/29');
    expect(cidrSize(pool)).toBe(8);
    expect(cidrSize(parseCidr('0.0.0.0/0')!)).toBe(4294967296);
    expect(cidrContains(pool, parseIpv4('172.18.255.207')!)).toBe(true);
    expect(cidrContains(pool, parseIpv4('172.18.255.208')!)).toBe(false);
    expect(formatIpv4(cidrNth(pool, 1)!)).toBe('172.18.255.201');
    expect(cidrNth(pool, 8)).toBeNull();
    expect(cidrNth(pool, -1)).toBeNull();
    expect(formatIpv4(cidrBroadcast(parseCidr('172.18.0.0/16')!))).toBe('172.18.255.255');
    expect(cidrContains(parseCidr('0.0.0.0/0')!, 0xffffffff)).toBe(true);
    expect(cidrOverlaps(parseCidr('10.10.0.0/16')!, parseCidr('10.10.3.0/24')!)).toBe(true);
    expect(cidrOverlaps(parseCidr('10.10.3.0/24')!, parseCidr('10.10.4.0/24')!)).toBe(false);
  });

  test('format/parse round trip and nth within (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 0, max: 32 }), (ip, prefix) => {
        const c = parseCidr(`${formatIpv4(ip)}/${prefix}`)!;
        const again = parseCidr(formatCidr(c))!;
        const last = cidrNth(c, cidrSize(c) - 1)!;
        return again.network === c.network && again.prefix === prefix && cidrContains(c, ip) && cidrContains(c, last) && last === cidrBroadcast(c);
      })
    );
  });
});

describe('MAC', () => {
  test('parse to canonical lower case', () => {
    expect(parseMac('02:42:AC:12:00:05')).toBe('02:42:ac:12:00:05');
    expect(parseMac('02-42-ac-12-00-05')).toBe('02:42:ac:12:00:05');
    expect(parseMac('02:42:ac:12:00')).toBeNull();
    expect(parseMac('02:42:ac:12:00:5')).toBeNull();
    expect(parseMac('02:42-ac:12:00:05')).toBeNull();
    expect(parseMac('zz:42:ac:12:00:05')).toBeNull();
  });

  test('bytes', () => {
    expect([...macToBytes('02:42:ac:12:00:05')]).toEqual([0x02, 0x42, 0xac, 0x12, 0x00, 0x05]);
    expect(bytesToMac(Uint8Array.of(0xff, 0xff, 0xff, 0xff, 0xff, 0xff))).toBe(BROADCAST_MAC);
    fc.assert(fc.property(fc.uint8Array({ minLength: 6, maxLength: 6 }), (b) => [...macToBytes(bytesToMac(b))].join() === [...b].join()));
  });

  test('random MACs are locally administered unicast (Docker 28)', () => {
    const rng = new Rng(42);
    for (let i = 0; i < 500; i++) {
      const m = randomLocalMac(rng);
      expect(parseMac(m)).toBe(m);
      const first = parseInt(m.slice(0, 2), 16);
      expect(first & 0b10).toBe(0b10);
      expect(first & 0b01).toBe(0);
      expect(isLocallyAdministered(m)).toBe(true);
      expect(isMulticastMac(m)).toBe(false);
    }
    expect(randomLocalMac(new Rng(7))).toBe(randomLocalMac(new Rng(7)));
  });

  test('flags, the Docker ≤27 form, and the EUI-64 link-local', () => {
    expect(isLocallyAdministered('00:1b:21:3a:4f:10')).toBe(false);
    expect(isMulticastMac(BROADCAST_MAC)).toBe(true);
    expect(legacyDockerMac(parseIpv4('172.18.0.3')!)).toBe('02:42:ac:12:00:03');
    // as printed by `ip addr` on a host with eth0 02:fc:00:00:00:01
    expect(ipv6LinkLocalFromMac('02:fc:00:00:00:01')).toBe('fe80::fc:ff:fe00:1');
    expect(ipv6LinkLocalFromMac('02:42:ac:12:00:02')).toBe('fe80::42:acff:fe12:2');
  });
});
