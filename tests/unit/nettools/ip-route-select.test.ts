/**
 * `ip route` selectors, flush, and the kernel's checks on `ip route add`, against what iproute2
 * 6.1 on Linux 6.x prints. Expected texts come from iproute2's ip/iproute.c (print_route omits a
 * field the selector pins; invarg() texts; "ip route flush" requires arguments.) and the kernel's
 * fib_check_nh_v4_gw() / fib_add_ifaddr(), worked out by hand for the kind lab (seed 9): mypc is
 * 172.18.0.100/16 without CAP_NET_ADMIN, myk8s-worker is 172.18.0.2/16, gateway 172.18.0.1.
 */
import { describe, expect, it } from 'vitest';
import { bgpLabWithService } from '../client/harness';
import { labShell } from './helpers';

async function shell() {
  const { sh } = await labShell();
  return async (cmd: string) => {
    const r = await sh.run(cmd);
    return { out: r.stdout, err: r.stderr, code: r.exitCode };
  };
}

describe('ip route show selectors', () => {
  it('root, match, exact, via, src and dev select like filter_nlmsg and hide what they pin', async () => {
    const run = await shell();
    const p = 'docker exec mypc ';
    expect((await run(`${p}ip route show match 172.18.255.200`)).out).toBe('default via 172.18.0.1 dev eth0 \n172.18.0.0/16 dev eth0 proto kernel scope link src 172.18.0.100 \n');
    expect((await run(`${p}ip route show root 172.0.0.0/8`)).out).toBe('172.18.0.0/16 dev eth0 proto kernel scope link src 172.18.0.100 \n');
    expect((await run(`${p}ip route show to exact 172.18.0.0/16`)).out).toBe('172.18.0.0/16 dev eth0 proto kernel scope link src 172.18.0.100 \n');
    // a bare prefix is exact: no /8 route exists
    expect((await run(`${p}ip route show 172.0.0.0/8`)).out).toBe('');
    expect((await run(`${p}ip route show default`)).out).toBe('default via 172.18.0.1 dev eth0 \n');
    expect((await run(`${p}ip route show via 172.18.0.1`)).out).toBe('default dev eth0 \n');
    expect((await run(`${p}ip route show src 172.18.0.100`)).out).toBe('172.18.0.0/16 dev eth0 proto kernel scope link \n');
    expect((await run(`${p}ip route show dev eth0 scope link`)).out).toBe('172.18.0.0/16 proto kernel src 172.18.0.100 \n');
  });

  it('proto, scope, type and table filter and are left out of the line', async () => {
    const run = await shell();
    const p = 'docker exec mypc ';
    expect((await run(`${p}ip route show proto kernel`)).out).toBe('172.18.0.0/16 dev eth0 scope link src 172.18.0.100 \n');
    // Docker's default route has no protocol set: RTPROT_BOOT, which is not printed
    expect((await run(`${p}ip route show proto boot`)).out).toBe('default via 172.18.0.1 dev eth0 \n');
    expect((await run(`${p}ip route show proto 3`)).out).toBe('default via 172.18.0.1 dev eth0 \n');
    expect((await run(`${p}ip route show scope global`)).out).toBe('default via 172.18.0.1 dev eth0 \n');
    expect((await run(`${p}ip route show scope host`)).out).toBe('');
    expect((await run(`${p}ip route show proto all scope all`)).out).toBe((await run(`${p}ip route`)).out);
    expect((await run(`${p}ip route show type unicast`)).out).toBe((await run(`${p}ip route`)).out);
    expect((await run(`${p}ip route show type local`)).out).toBe('');
    expect((await run(`${p}ip route show table 254`)).out).toBe((await run(`${p}ip route`)).out);
    expect((await run(`${p}ip route show table 100`)).out).toBe('');
  });

  it('the local table: local addresses and the subnet broadcast, table named only under "table all"', async () => {
    const run = await shell();
    const local = [
      'local 127.0.0.0/8 dev lo proto kernel scope host src 127.0.0.1 ',
      'local 127.0.0.1 dev lo proto kernel scope host src 127.0.0.1 ',
      'broadcast 127.255.255.255 dev lo proto kernel scope link src 127.0.0.1 ',
      'local 172.18.0.100 dev eth0 proto kernel scope host src 172.18.0.100 ',
      'broadcast 172.18.255.255 dev eth0 proto kernel scope link src 172.18.0.100 '
    ];
    expect((await run('docker exec mypc ip route show table local')).out).toBe(local.map((l) => l + '\n').join(''));
    expect((await run('docker exec mypc ip route show table local type broadcast')).out).toBe(`${local[2]}\n${local[4]}\n`);
    const all = (await run('docker exec mypc ip route show table all')).out.split('\n');
    expect(all.slice(0, 3)).toEqual(['default via 172.18.0.1 dev eth0 ', '172.18.0.0/16 dev eth0 proto kernel scope link src 172.18.0.100 ', 'local 127.0.0.0/8 dev lo table local proto kernel scope host src 127.0.0.1 ']);
  });

  it('bad selector values: invarg() texts (with their own newline) and exit 255', async () => {
    const run = await shell();
    expect(await run('ip route show proto foo')).toEqual({ out: '', err: 'Error: argument "foo" is wrong: invalid "protocol"\n\n', code: 255 });
    expect(await run('ip route show scope foo')).toEqual({ out: '', err: 'Error: argument "foo" is wrong: invalid "scope"\n\n', code: 255 });
    expect(await run('ip route show type foo')).toEqual({ out: '', err: 'Error: argument "foo" is wrong: node type value is invalid\n\n', code: 255 });
    expect(await run('ip route show table foo')).toEqual({ out: '', err: 'Error: argument "foo" is wrong: table id value is invalid\n\n', code: 255 });
    expect(await run('docker exec mypc ip route show dev nosuch')).toEqual({ out: '', err: 'Cannot find device "nosuch"\n', code: 1 });
    expect(await run('ip route show vrf blue')).toEqual({ out: '', err: 'Error: argument "blue" is wrong: Invalid VRF\n\n', code: 255 });
    // the IPv4 routing cache has been gone since Linux 3.6: nothing cached to list or flush
    expect(await run('docker exec mypc ip route show cached')).toEqual({ out: '', err: '', code: 0 });
    expect(await run('docker exec mypc ip route flush cache')).toEqual({ out: '', err: '', code: 0 });
  });

  it('lesson 11: the router shows only its BGP routes under proto bgp, with their next hops', async () => {
    const { sh } = await bgpLabWithService(7);
    const all = (await sh('docker exec router ip route')).out;
    const r = await sh('docker exec router ip route show proto bgp');
    expect(r.code).toBe(0);
    const got = r.out.replace(/\n$/, '').split('\n');
    // the same route lines as in the full table, minus "proto bgp "; nothing else
    const expected = all
      .split('\n')
      .filter((l, n, a) => l.includes(' proto bgp ') || (l.startsWith('\tnexthop') && a.slice(0, n).reverse().find((x) => !x.startsWith('\t'))?.includes(' proto bgp ')))
      .map((l) => l.replace(' proto bgp ', ' '));
    expect(got).toEqual(expected);
    expect(got.filter((l) => !l.startsWith('\t')).every((l) => /^172\.18\.255\.\d+ nhid \d+ metric 20 $/.test(l))).toBe(true);
    expect(got.some((l) => l.startsWith('\tnexthop via 172.18.0.'))).toBe(true);
  }, 120_000);
});

describe('ip route add/del/flush', () => {
  it('a gateway must be on a connected network (fib_check_nh_v4_gw): "Error: Nexthop has invalid gateway.", exit 2', async () => {
    const run = await shell();
    const w = 'docker exec myk8s-worker ';
    expect(await run(`${w}ip route add 10.70.0.0/16 via 9.9.9.9`)).toEqual({ out: '', err: 'Error: Nexthop has invalid gateway.\n', code: 2 });
    expect((await run(`${w}ip route add 10.72.0.0/16 via 172.18.0.1`)).code).toBe(0);
    // reachable only through the gateway route just added
    expect(await run(`${w}ip route add 10.73.0.0/16 via 10.72.0.9`)).toEqual({ out: '', err: 'Error: Nexthop has invalid gateway.\n', code: 2 });
    // the gateway must be reachable out of the given device
    expect(await run(`${w}ip route add 10.73.0.0/16 via 172.18.0.1 dev lo`)).toEqual({ out: '', err: 'Error: Nexthop has invalid gateway.\n', code: 2 });
    // a link-scope route makes its range connected
    expect((await run(`${w}ip route add 10.74.0.0/16 dev eth0`)).code).toBe(0);
    expect((await run(`${w}ip route add 10.75.0.0/16 via 10.74.0.9`)).code).toBe(0);
    expect((await run(`${w}ip route show root 10.72.0.0/14`)).out).toBe('10.72.0.0/16 via 172.18.0.1 dev eth0 \n10.74.0.0/16 dev eth0 scope link \n10.75.0.0/16 via 10.74.0.9 dev eth0 \n');
    // fib_create_info: a preferred source the host does not own
    expect(await run(`${w}ip route add 10.76.0.0/16 dev eth0 src 172.18.0.9`)).toEqual({ out: '', err: 'Error: Invalid prefsrc address.\n', code: 2 });
  });

  it('proto and scope given to add are kept and printed; del removes one route', async () => {
    const run = await shell();
    const w = 'docker exec myk8s-worker ';
    expect((await run(`${w}ip route add 10.60.0.1 dev eth0 proto static scope link`)).code).toBe(0);
    expect((await run(`${w}ip route show 10.60.0.1`)).out).toBe('10.60.0.1 dev eth0 proto static scope link \n');
    expect((await run(`${w}ip route show proto static`)).out).toBe('10.60.0.1 dev eth0 scope link \n');
    expect((await run(`${w}ip route add 10.50.0.0/16 via 172.18.0.1`)).code).toBe(0);
    expect((await run(`${w}ip route add 10.50.0.0/16 via 172.18.0.1 metric 5`)).code).toBe(0);
    expect((await run(`${w}ip route del 10.50.0.0/16`)).code).toBe(0);
    expect((await run(`${w}ip route show 10.50.0.0/16`)).out).toBe('10.50.0.0/16 via 172.18.0.1 dev eth0 metric 5 \n');
    expect(await run(`${w}ip route change 10.51.0.0/16 via 172.18.0.1`)).toEqual({ out: '', err: 'RTNETLINK answers: No such file or directory\n', code: 2 });
  });

  it('flush needs a selector, deletes what it selects, and needs CAP_NET_ADMIN only when something matches', async () => {
    const run = await shell();
    const w = 'docker exec myk8s-worker ';
    expect(await run(`${w}ip route flush`)).toEqual({ out: '', err: '"ip route flush" requires arguments.\n', code: 1 });
    await run(`${w}ip route add 10.80.0.0/16 via 172.18.0.1 proto static`);
    await run(`${w}ip route add 10.81.0.0/16 dev eth0 proto static`);
    const before = (await run(`${w}ip route`)).out;
    expect(await run(`${w}ip route flush proto static`)).toEqual({ out: '', err: '', code: 0 });
    const after = (await run(`${w}ip route`)).out;
    expect(after).toBe(before.split('\n').filter((l) => !l.includes('proto static')).join('\n'));
    expect((await run(`${w}ip route show proto static`)).out).toBe('');
    expect(await run('docker exec mypc ip route flush proto static')).toEqual({ out: '', err: '', code: 0 });
    expect(await run('docker exec mypc ip route flush dev eth0')).toEqual({ out: '', err: 'Failed to send flush request: Operation not permitted\n', code: 2 });
    expect((await run('docker exec mypc ip route')).out).toBe('default via 172.18.0.1 dev eth0 \n172.18.0.0/16 dev eth0 proto kernel scope link src 172.18.0.100 \n');
    expect((await run(`${w}ip route flush dev eth0 proto kernel`)).code).toBe(0);
    expect((await run(`${w}ip route show proto kernel`)).out).toBe('');
  });
});

describe('ip route get from an address the host does not own', () => {
  it('ip_route_output_key_hash_rcu: ENETUNREACH, or EINVAL for a 0.x, multicast or broadcast source', async () => {
    const run = await shell();
    const p = 'docker exec mypc ';
    expect(await run(`${p}ip route get 8.8.8.8 from 10.1.1.1`)).toEqual({ out: '', err: 'RTNETLINK answers: Network is unreachable\n', code: 2 });
    expect(await run(`${p}ip route get 172.18.0.2 from 172.18.0.99`)).toEqual({ out: '', err: 'RTNETLINK answers: Network is unreachable\n', code: 2 });
    expect(await run(`${p}ip route get 8.8.8.8 from 224.0.0.5`)).toEqual({ out: '', err: 'RTNETLINK answers: Invalid argument\n', code: 2 });
    expect(await run(`${p}ip route get 8.8.8.8 from 0.0.0.7`)).toEqual({ out: '', err: 'RTNETLINK answers: Invalid argument\n', code: 2 });
    expect(await run(`${p}ip route get 8.8.8.8 from 255.255.255.255`)).toEqual({ out: '', err: 'RTNETLINK answers: Invalid argument\n', code: 2 });
    expect(await run(`${p}ip route get 8.8.8.8 from 172.18.0.100`)).toEqual({ out: '8.8.8.8 from 172.18.0.100 via 172.18.0.1 dev eth0 uid 0 \n    cache \n', err: '', code: 0 });
  });
});

describe('ip -6 route with selectors', () => {
  it('the link-local routes answer proto kernel and dev selectors like the IPv4 ones', async () => {
    const run = await shell();
    const all = (await run('docker exec mypc ip -6 route')).out;
    // print_rt_pref() ends the line with "pref %s": no trailing space after medium; lo's ::1
    // has its prefix route in main too
    expect(all).toBe('::1 dev lo proto kernel metric 256 pref medium\nfe80::/64 dev eth0 proto kernel metric 256 pref medium\n');
    expect((await run('docker exec mypc ip -6 route show proto kernel')).out).toBe('::1 dev lo metric 256 pref medium\nfe80::/64 dev eth0 metric 256 pref medium\n');
    expect((await run('docker exec mypc ip -6 route show dev eth0')).out).toBe('fe80::/64 proto kernel metric 256 pref medium\n');
    expect((await run('docker exec mypc ip -6 route show proto bgp')).out).toBe('');
  });
});
