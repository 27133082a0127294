/**
 * Docker's default address pools, worked out from dockerd's documented defaults: fifteen /16s
 * from 172.17.0.0 to 172.31.0.0, then 192.168.0.0/16 cut into /20s; the gateway is the first
 * address of the block.
 */
import { describe, expect, it } from 'vitest';
import { nextDefaultPool } from '../../../src/lib/engine/docker/ipam';
import { makeCidr, parseIpv4 } from '../../../src/lib/engine/net/addr';

const cidr = (s: string) => {
  const [ip, len] = s.split('/');
  return makeCidr(parseIpv4(ip)!, Number(len));
};

describe('nextDefaultPool', () => {
  it('takes the first /16 from 172.17 on that overlaps nothing in use', () => {
    expect(nextDefaultPool([])).toEqual({ subnet: '172.17.0.0/16', gateway: '172.17.0.1' });
    expect(nextDefaultPool([cidr('172.17.0.0/16'), cidr('172.18.0.0/16')])).toEqual({ subnet: '172.19.0.0/16', gateway: '172.19.0.1' });
    // a small subnet inside a pool makes the whole /16 unavailable
    expect(nextDefaultPool([cidr('172.17.0.0/16'), cidr('172.18.5.0/24')])).toEqual({ subnet: '172.19.0.0/16', gateway: '172.19.0.1' });
    // a wide one covers several
    expect(nextDefaultPool([cidr('172.16.0.0/12')])).toEqual({ subnet: '192.168.0.0/20', gateway: '192.168.0.1' });
  });

  it('after 172.31 come the /20s of 192.168, skipping those in use', () => {
    const all172 = Array.from({ length: 15 }, (_, i) => cidr(`172.${17 + i}.0.0/16`));
    expect(nextDefaultPool([...all172, cidr('192.168.10.0/24')])).toEqual({ subnet: '192.168.16.0/20', gateway: '192.168.16.1' });
    const all192 = Array.from({ length: 16 }, (_, i) => cidr(`192.168.${i * 16}.0/20`));
    expect(nextDefaultPool([...all172, ...all192])).toBeNull();
  });
});
