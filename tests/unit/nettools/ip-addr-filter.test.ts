/**
 * `ip address` selectors, `-br -0` and `flush`, against iproute2 6.1's ip/ipaddress.c
 * (ipaddr_filter keeps a link only if one of its addresses passes; -0 is AF_PACKET, whose brief
 * form is `ip -br link`'s; "Flush requires arguments." returns -1) and the kernel dropping the
 * routes of an interface whose last IPv4 address goes (fib_disable_ip). Kind lab, seed 9.
 */
import { describe, expect, it } from 'vitest';
import { labShell, lines } from './helpers';

async function shell() {
  const { sh } = await labShell();
  return async (cmd: string) => {
    const r = await sh.run(cmd);
    return { out: r.stdout, err: r.stderr, code: r.exitCode };
  };
}

describe('ip address selectors', () => {
  it('scope global leaves out lo (host scope only) and the link-local IPv6 addresses', async () => {
    const run = await shell();
    const out = lines((await run('docker exec mypc ip addr show scope global')).out);
    expect(out.some((l) => l.includes(' lo:') || l.includes('127.0.0.1') || l.includes('inet6'))).toBe(false);
    expect(out.length).toBe(4);
    expect(out[0]).toMatch(/^\d+: eth0(@if\d+)?: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 /);
    expect(out[1]).toMatch(/^ {4}link\/ether /);
    expect(out.slice(2)).toEqual(['    inet 172.18.0.100/16 brd 172.18.255.255 scope global eth0', '       valid_lft forever preferred_lft forever']);
    const host = lines((await run('docker exec mypc ip addr show scope host')).out);
    expect(host.filter((l) => l.startsWith('    inet'))).toEqual(['    inet 127.0.0.1/8 scope host lo', '    inet6 ::1/128 scope host ']);
    // the name column is 16 wide plus a blank; eth0 names its host-side veth's index (@ifN)
    expect((await run('docker exec mypc ip -br a show scope global')).out).toMatch(/^(?=.{17}UP)eth0@if\d+ +UP {13}172\.18\.0\.100\/16 \n$/);
    expect((await run('docker exec mypc ip -br a show scope link')).out).toMatch(/^(?=.{17}UP)eth0@if\d+ +UP {13}fe80::[0-9a-f:]+\/64 \n$/);
    expect((await run('docker exec mypc ip -o a show to 172.18.0.0/16')).out).toMatch(/^\d+: eth0 {4}inet 172\.18\.0\.100\/16 brd 172\.18\.255\.255 scope global eth0\\ {7}valid_lft forever preferred_lft forever\n$/);
    expect(await run('docker exec mypc ip a show scope bogus')).toEqual({ out: '', err: 'Error: argument "bogus" is wrong: invalid "scope"\n\n', code: 255 });
  });

  it('-br -0 is the brief link listing', async () => {
    const run = await shell();
    const link = (await run('docker exec mypc ip -br link')).out;
    expect(link).not.toBe('');
    expect((await run('docker exec mypc ip -br -0 a')).out).toBe(link);
    expect((await run('docker exec mypc ip -br -f link addr')).out).toBe(link);
  });
});

describe('ip address flush', () => {
  it('needs arguments (exit 1) and CAP_NET_ADMIN when something is selected', async () => {
    const run = await shell();
    expect(await run('docker exec mypc ip addr flush')).toEqual({ out: '', err: 'Flush requires arguments.\n', code: 1 });
    expect(await run('docker exec mypc ip -0 addr flush dev eth0')).toEqual({ out: '', err: 'Cannot flush link addresses.\n', code: 1 });
    expect(await run('docker exec mypc ip addr flush dev nosuch')).toEqual({ out: '', err: 'Device "nosuch" does not exist.\n', code: 1 });
    expect(await run('docker exec mypc ip addr flush dev eth0 to 10.0.0.0/8')).toEqual({ out: '', err: '', code: 0 });
    expect(await run('docker exec mypc ip addr flush dev eth0')).toEqual({ out: '', err: 'Failed to send flush request: Operation not permitted\n', code: 255 });
    expect((await run('docker exec mypc ip -4 -o a s eth0')).out).toContain('172.18.0.100/16');
  });

  it('removes only what it selects; the last IPv4 address takes the interface routes with it', async () => {
    const run = await shell();
    const w = 'docker exec myk8s-worker ';
    expect((await run(`${w}ip addr add 10.9.9.5/24 dev eth0`)).code).toBe(0);
    expect((await run(`${w}ip addr flush dev eth0 to 10.9.9.0/24`)).code).toBe(0);
    expect(lines((await run(`${w}ip -4 -o a s eth0`)).out).map((l) => l.split(/\s+/)[3])).toEqual(['172.18.0.2/16']);
    expect((await run(`${w}ip route show 10.9.9.0/24`)).out).toBe('');
    expect((await run(`${w}ip addr flush dev eth0 scope global`)).code).toBe(0);
    expect((await run(`${w}ip -4 a s eth0`)).out).toBe('');
    // the IPv6 link-local address has link scope and stays
    expect((await run(`${w}ip -6 -o a s eth0`)).out).toContain('scope link');
    expect((await run(`${w}ip route show dev eth0`)).out).toBe('');
    expect((await run(`${w}ip route`)).out).toBe('');
  });
});
