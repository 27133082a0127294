/**
 * The `bgp` scenario's client behind the router: the `clients` network, the router's second leg,
 * the `client` container with NET_ADMIN, and the static routes both ways. Expected values come
 * from the contract (addresses chosen by the lab's design) and from how Docker and iproute2
 * print them.
 */
import { beforeAll, describe, expect, test } from 'vitest';
import type { Lab } from '../../../src/lib/engine/lab';
import { buildLab } from '../../../src/lib/shell/scenarios';
import { LabShell } from '../../../src/lib/shell/shell';

let lab: Lab;
let shell: LabShell;

async function sh(cmd: string): Promise<{ out: string; code: number }> {
  const r = await shell.run(cmd);
  return { out: r.stdout + r.stderr, code: r.exitCode };
}

beforeAll(async () => {
  lab = await buildLab({ scenario: 'bgp', seed: 5 });
  shell = new LabShell(lab);
}, 60_000);

describe('bgp scenario: the client behind the router', () => {
  test('docker network ls lists clients next to kind', async () => {
    const { out } = await sh('docker network ls --format "{{.Name}} {{.Driver}}"');
    expect(out).toBe('bridge bridge\nclients bridge\nhost host\nkind bridge\nnone null\n');
    const ipam = await sh(`docker network inspect clients -f '{{json .IPAM.Config}}'`);
    expect(ipam.out).toBe('[{"Subnet":"192.168.10.0/24","Gateway":"192.168.10.1"}]\n');
  });

  test('docker ps: client is the newest container, running netshoot with sleep infinity', async () => {
    const { out } = await sh('docker ps --format "{{.Names}} {{.Image}} {{.Command}}"');
    expect(out.split('\n')[0]).toBe('client nicolaka/netshoot "sleep infinity"');
    expect(out).toContain('\nrouter quay.io/frrouting/frr:10.5.3 ');
  });

  test('client: 192.168.10.100 on clients, CAP_NET_ADMIN, and the route to the VIP range via the router', async () => {
    expect((await sh(`docker inspect client -f '{{.NetworkSettings.Networks.clients.IPAddress}} {{.HostConfig.CapAdd}}'`)).out).toBe('192.168.10.100 [CAP_NET_ADMIN]\n');
    // run without --hostname: the host is named after the short container id
    const id = (await sh(`docker inspect client -f '{{.Id}}'`)).out;
    expect((await sh('docker exec client hostname')).out).toBe(`${id.slice(0, 12)}\n`);
    expect((await sh('docker exec client ip route')).out).toBe(
      'default via 192.168.10.1 dev eth0 \n172.18.255.0/24 via 192.168.10.254 dev eth0 \n192.168.10.0/24 dev eth0 proto kernel scope link src 192.168.10.100 \n'
    );
  });

  test('router: eth1 on clients at 192.168.10.254, its connected route in the kernel and in zebra', async () => {
    expect((await sh(`docker inspect router -f '{{.NetworkSettings.Networks.clients.IPAddress}}'`)).out).toBe('192.168.10.254\n');
    expect((await sh('docker exec router ip route')).out).toContain('\n192.168.10.0/24 dev eth1 proto kernel scope link src 192.168.10.254 \n');
    expect((await sh(`docker exec router vtysh -c 'show ip route'`)).out).toMatch(/\nC>\* 192\.168\.10\.0\/24 is directly connected, eth1, \d\d:\d\d:\d\d\n/);
  });

  test('ip route get with an unknown input device fails as iproute2 does', async () => {
    expect(await sh('docker exec router ip route get 172.18.255.200 from 192.168.10.100 iif eth9')).toEqual({ out: 'Cannot find device "eth9"\n', code: 1 });
  });

  test('every node routes the clients network back through the router', async () => {
    for (const n of ['myk8s-control-plane', 'myk8s-worker', 'myk8s-worker2', 'myk8s-worker3']) {
      expect((await sh(`docker exec ${n} ip route show 192.168.10.0/24`)).out).toBe('192.168.10.0/24 via 172.18.0.6 dev eth0 \n');
    }
  });

  test('the client reaches the router across its own network (ping 192.168.10.254)', async () => {
    const { out, code } = await sh('docker exec client ping -c 1 -W 1 192.168.10.254');
    expect(code).toBe(0);
    expect(out).toContain('\n1 packets transmitted, 1 received, 0% packet loss, time ');
  });

  test('Docker isolation: the host drops what the clients network sends towards kind; through the router it gets there', async () => {
    const node = lab.docker.endpoint(lab.docker.find('myk8s-worker')!, 'kind')!.ipv4;
    // the STAGE-2 DROP row for packets leaving by kind's bridge (br- and the network id's first 12)
    const kindBr = `br-${(await sh(`docker network inspect kind -f '{{.Id}}'`)).out.slice(0, 12)}`;
    const drops = async () => {
      const rows = (await sh('iptables -L DOCKER-ISOLATION-STAGE-2 -v -n -x')).out.split('\n');
      const row = rows.find((l) => / DROP /.test(l) && l.includes(` ${kindBr} `)) ?? '';
      return Number(row.trim().split(/\s+/)[0]);
    };
    // the client's default route is the host (192.168.10.1): the host would forward to kind
    const before = await drops();
    const lost = await sh(`docker exec client ping -c 1 -W 1 ${node}`);
    expect(lost.code).toBe(1);
    expect(lost.out).toContain('1 packets transmitted, 0 received, 100% packet loss');
    expect(await drops()).toBe(before + 1);
    // via the router instead: it forwards, and the node answers through its route back
    expect((await sh('docker exec client ip route add 172.18.0.0/16 via 192.168.10.254')).code).toBe(0);
    const ok = await sh(`docker exec client ping -c 1 -W 1 ${node}`);
    expect(ok.code).toBe(0);
    expect(ok.out).toContain(`64 bytes from ${node}: icmp_seq=1 ttl=63 `);
    expect((await sh('docker exec client ip route del 172.18.0.0/16')).code).toBe(0);
  });

  test('a restarted client gets a new namespace: its ip route add is gone, the kernel routes are back', async () => {
    expect((await sh('docker restart -t 1 client')).code).toBe(0);
    expect((await sh('docker exec client ip route')).out).toBe('default via 192.168.10.1 dev eth0 \n192.168.10.0/24 dev eth0 proto kernel scope link src 192.168.10.100 \n');
  });
});
