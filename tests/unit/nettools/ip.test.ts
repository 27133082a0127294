import { describe, expect, it } from 'vitest';
import type { Node } from '../../../src/lib/engine/k8s/types';
import { kindEndpoints, labShell, lines } from './helpers';

describe('ip (iproute2 6.1)', () => {
  it('ip addr of mypc: lo then eth0 with 172.18.0.100/16', async () => {
    const { sh } = await labShell();
    const eps = await kindEndpoints(sh);
    const mac = eps.get('mypc')!.mac;
    const r = await sh.run('docker exec mypc ip addr');
    expect(r.exitCode).toBe(0);
    const out = lines(r.stdout);
    expect(out.slice(0, 4)).toEqual([
      '1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000',
      '    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00',
      '    inet 127.0.0.1/8 scope host lo',
      '       valid_lft forever preferred_lft forever'
    ]);
    const eth = out.findIndex((l) => /^\d+: eth0(@if\d+)?: /.test(l));
    expect(out[eth]).toMatch(/^\d+: eth0(@if\d+)?: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP group default $/);
    expect(out[eth + 1]).toBe(`    link/ether ${mac} brd ff:ff:ff:ff:ff:ff link-netnsid 0`);
    expect(out[eth + 2]).toBe('    inet 172.18.0.100/16 brd 172.18.255.255 scope global eth0');
    // the same through the abbreviations
    expect((await sh.run('docker exec mypc ip a')).stdout).toBe(r.stdout);
    expect((await sh.run('docker exec mypc ip address show')).stdout).toBe(r.stdout);
    const one = await sh.run('docker exec mypc ip addr show dev eth0');
    expect(lines(one.stdout)[0]).toBe(out[eth]);
    expect((await sh.run('docker exec mypc ip a s eth0')).stdout).toBe(one.stdout);
  });

  it('-4, -br and -o forms', async () => {
    const { sh } = await labShell();
    const v4 = lines((await sh.run('docker exec mypc ip -4 addr')).stdout);
    expect(v4.filter((l) => l.startsWith('    inet '))).toEqual(['    inet 127.0.0.1/8 scope host lo', '    inet 172.18.0.100/16 brd 172.18.255.255 scope global eth0']);
    expect(v4.some((l) => l.includes('link/') || l.includes('inet6'))).toBe(false);
    const br = lines((await sh.run('docker exec mypc ip -br addr')).stdout);
    expect(br[0]).toBe('lo               UNKNOWN        127.0.0.1/8 ::1/128 ');
    expect(br[1]).toMatch(/^(?=.{17}UP)eth0@if\d+ +UP {13}172\.18\.0\.100\/16 fe80::[0-9a-f:]+\/64 $/);
    const brl = lines((await sh.run('docker exec mypc ip -br link')).stdout);
    expect(brl[0]).toBe('lo               UNKNOWN        00:00:00:00:00:00 <LOOPBACK,UP,LOWER_UP> ');
    expect(brl[1]).toMatch(/^(?=.{17}UP)eth0@if\d+ +UP {13}[0-9a-f:]{17} <BROADCAST,MULTICAST,UP,LOWER_UP> $/);
    const o = lines((await sh.run('docker exec mypc ip -o -4 a')).stdout);
    expect(o).toEqual([
      '1: lo    inet 127.0.0.1/8 scope host lo\\       valid_lft forever preferred_lft forever',
      '2: eth0    inet 172.18.0.100/16 brd 172.18.255.255 scope global eth0\\       valid_lft forever preferred_lft forever'
    ]);
  });

  it('ip link shows mode DEFAULT', async () => {
    const { sh } = await labShell();
    const out = lines((await sh.run('docker exec mypc ip link')).stdout);
    expect(out[0]).toBe('1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN mode DEFAULT group default qlen 1000');
    expect(out[1]).toBe('    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00');
    expect(out[2]).toMatch(/^2: eth0(@if\d+)?: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP mode DEFAULT group default $/);
  });

  it('ip route of a node: default via the gateway and kindnet routes to the other nodes', async () => {
    const { lab, sh } = await labShell();
    const eps = await kindEndpoints(sh);
    const r = await sh.run('docker exec myk8s-worker ip route');
    expect(r.exitCode).toBe(0);
    const out = lines(r.stdout);
    expect(out[0]).toBe('default via 172.18.0.1 dev eth0 ');
    const self = eps.get('myk8s-worker')!.ip;
    expect(out).toContain(`172.18.0.0/16 dev eth0 proto kernel scope link src ${self} `);
    // one /24 per other node, via that node's address (podCIDRs from the Node objects)
    const cluster = lab.cluster()!;
    const nodes = cluster.api.list<Node>('nodes');
    for (const n of nodes) {
      if (n.metadata.name === 'myk8s-worker' || !n.spec.podCIDR) continue;
      expect(out).toContain(`${n.spec.podCIDR} via ${eps.get(n.metadata.name)!.ip} dev eth0 `);
      expect(n.spec.podCIDR).toMatch(/^10\.10\.\d+\.0\/24$/);
    }
    expect(out.filter((l) => /^10\.10\.\d+\.0\/24 via 172\.18\.0\.\d+ dev eth0 $/.test(l))).toHaveLength(3);
    expect((await sh.run('docker exec myk8s-worker ip r')).stdout).toBe(r.stdout);
  });

  it('ip route get', async () => {
    const { sh } = await labShell();
    expect((await sh.run('docker exec mypc ip route get 172.18.255.200')).stdout).toBe('172.18.255.200 dev eth0 src 172.18.0.100 uid 0 \n    cache \n');
    expect((await sh.run('docker exec mypc ip route get 8.8.8.8')).stdout).toBe('8.8.8.8 via 172.18.0.1 dev eth0 src 172.18.0.100 uid 0 \n    cache \n');
    expect((await sh.run('docker exec mypc ip route get 172.18.0.100')).stdout).toBe('local 172.18.0.100 dev lo src 172.18.0.100 uid 0 \n    cache <local> \n');
    expect(await sh.run('docker exec mypc ip route get foo')).toEqual({ stdout: '', stderr: 'Error: any valid prefix is expected rather than "foo".\n', exitCode: 1 });
  });

  it('ip neigh after a ping; show dev; flush needs CAP_NET_ADMIN', async () => {
    const { sh } = await labShell();
    const eps = await kindEndpoints(sh);
    const w2 = eps.get('myk8s-worker2')!;
    expect((await sh.run('docker exec mypc ip neigh')).stdout).toBe('');
    await sh.run(`docker exec mypc ping -c 1 ${w2.ip}`);
    const r = await sh.run('docker exec mypc ip neigh');
    expect(r.stdout).toBe(`${w2.ip} dev eth0 lladdr ${w2.mac} REACHABLE \n`);
    expect((await sh.run('docker exec mypc ip n')).stdout).toBe(r.stdout);
    expect((await sh.run('docker exec mypc ip neigh show dev eth0')).stdout).toBe(`${w2.ip} lladdr ${w2.mac} REACHABLE \n`);
    expect(await sh.run('docker exec mypc ip neigh flush all')).toEqual({ stdout: '', stderr: 'Failed to send flush request: Operation not permitted\n', exitCode: 1 });
    // the node learnt mypc from its who-has (STALE), and a privileged node may flush
    const node = await sh.run('docker exec myk8s-worker2 ip neigh');
    expect(node.stdout).toContain(`172.18.0.100 dev eth0 lladdr ${eps.get('mypc')!.mac} `);
    expect((await sh.run('docker exec myk8s-worker2 ip neigh flush all')).exitCode).toBe(0);
    expect((await sh.run('docker exec myk8s-worker2 ip neigh')).stdout).toBe('');
    // after 60 s without traffic the entry has gone STALE
    await sh.run('sleep 60');
    expect((await sh.run('docker exec mypc ip neigh')).stdout).toBe(`${w2.ip} dev eth0 lladdr ${w2.mac} STALE \n`);
  });

  it('errors like iproute2', async () => {
    const { sh } = await labShell();
    expect(await sh.run('docker exec mypc ip foo')).toEqual({ stdout: '', stderr: 'Object "foo" is unknown, try "ip help".\n', exitCode: 1 });
    expect(await sh.run('docker exec mypc ip -x addr')).toEqual({ stdout: '', stderr: 'Option "-x" is unknown, try "ip -help".\n', exitCode: 255 });
    expect(await sh.run('docker exec mypc ip addr show eth9')).toEqual({ stdout: '', stderr: 'Device "eth9" does not exist.\n', exitCode: 1 });
    expect(await sh.run('docker exec mypc ip link show dev eth9')).toEqual({ stdout: '', stderr: 'Device "eth9" does not exist.\n', exitCode: 1 });
    expect(await sh.run('docker exec mypc ip neigh show dev eth9')).toEqual({ stdout: '', stderr: 'Cannot find device "eth9"\n', exitCode: 1 });
    expect(await sh.run('docker exec mypc ip addr foo')).toEqual({ stdout: '', stderr: 'Command "foo" is unknown, try "ip address help".\n', exitCode: 255 });
    // ipneigh.c do_show_or_flush(): fprintf(stderr, "Flush requires arguments.\n"); return -1; → ip exits 1
    expect(await sh.run('docker exec mypc ip neigh flush')).toEqual({ stdout: '', stderr: 'Flush requires arguments.\n', exitCode: 1 });
    expect(await sh.run('docker exec mypc ip addr add 10.1.1.1/24 dev eth0')).toEqual({ stdout: '', stderr: 'RTNETLINK answers: Operation not permitted\n', exitCode: 2 });
    const help = await sh.run('docker exec mypc ip');
    expect(help.exitCode).toBe(255);
    expect(help.stderr.startsWith('Usage: ip [ OPTIONS ] OBJECT { COMMAND | help }\n')).toBe(true);
  });
});
