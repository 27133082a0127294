/**
 * `ip` on the learner's machine (the Docker host) and the links Docker leaves there, worked out
 * by hand from how dockerd and the kernel build them: docker0 (172.17.0.1/16, no port so
 * NO-CARRIER, state DOWN, no IPv6 link-local yet, its subnet route flagged `linkdown` but not its
 * local route), the kind network's bridge `br-<first 12 hex of the network id>`, and one
 * `vethXXXXXXX` per running container: `@if2` (the container's eth0 is its index 2), `master`
 * the bridge, `link-netnsid` the lowest id free when the container started, and the container's
 * `eth0@ifN` naming the host end's index. A stopped container's veth goes; a start makes a new
 * one with a new name and the next free host index.
 */
import { describe, expect, it } from 'vitest';
import { Lab } from '../../../src/lib/engine/lab';
import { LabShell } from '../../../src/lib/shell';
import { labShell, lines } from './helpers';

const NODES = ['mypc', 'myk8s-worker2', 'myk8s-worker', 'myk8s-worker3', 'myk8s-control-plane'];

async function hostView(sh: LabShell) {
  const id = (await sh.run("docker network inspect kind --format '{{.Id}}'")).stdout.trim();
  const links = lines((await sh.run('ip -o link')).stdout);
  return { br: `br-${id.slice(0, 12)}`, links };
}

describe('ip on the Docker host', () => {
  it('lo, docker0 without carrier, the kind bridge, then one veth per container', async () => {
    const { sh } = await labShell();
    const { br, links } = await hostView(sh);
    expect(links).toHaveLength(3 + NODES.length);
    expect(links[0]).toMatch(/^1: lo: <LOOPBACK,UP,LOWER_UP> /);
    expect(links[1]).toMatch(/^2: docker0: <NO-CARRIER,BROADCAST,MULTICAST,UP> mtu 1500 qdisc noqueue state DOWN mode DEFAULT group default \\ {4}link\/ether ([0-9a-f]{2}:){5}[0-9a-f]{2} brd ff:ff:ff:ff:ff:ff$/);
    expect(links[2]).toMatch(new RegExp(`^3: ${br}: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP mode DEFAULT group default \\\\ {4}link/ether \\S+ brd ff:ff:ff:ff:ff:ff$`));
    const veths = links.slice(3);
    veths.forEach((l, n) => {
      // Docker's names: veth + 7 hex; the kernel's MACs: random, locally administered, unicast
      const m = new RegExp(`^(\\d+): (veth[0-9a-f]{7})@if2: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue master ${br} state UP mode DEFAULT group default \\\\ {4}link/ether ([0-9a-f]{2}):\\S+ brd ff:ff:ff:ff:ff:ff link-netnsid (\\d+)$`).exec(l);
      expect(m, l).not.toBeNull();
      expect(Number(m![1])).toBe(4 + n);
      expect(parseInt(m![3], 16) & 3).toBe(2);
      expect(Number(m![4])).toBe(n);
    });
    expect(new Set(veths.map((l) => l.split(' ')[1])).size).toBe(NODES.length);
    expect((await sh.run('ip -o link show type veth')).stdout.split('\n').filter(Boolean)).toEqual(veths);
    expect((await sh.run(`ip -o link show master ${br}`)).stdout.split('\n').filter(Boolean)).toEqual(veths);
    expect((await sh.run('ip -o link show type bridge')).stdout.split('\n').filter(Boolean)).toEqual(links.slice(1, 3));
    expect((await sh.run('ip link show master docker0')).stdout).toBe('');
    const nosuch = await sh.run('ip link show master nosuch');
    expect([nosuch.stderr, nosuch.exitCode]).toEqual(['Device "nosuch" does not exist.\n', 1]);
  });

  it("each end names the other's index: eth0@ifN in the container, vethX@if2 at index N on the host", async () => {
    const { sh } = await labShell();
    const { links } = await hostView(sh);
    const byIndex = new Map(links.map((l) => [Number(l.split(':')[0]), l]));
    const seen = new Set<number>();
    for (const c of NODES) {
      const inner = (await sh.run(`docker exec ${c} ip -o link show eth0`)).stdout;
      const m = /^2: eth0@if(\d+): .* link-netnsid 0$/.exec(inner.trim());
      expect(m, inner).not.toBeNull();
      const n = Number(m![1]);
      expect(byIndex.get(n)).toMatch(new RegExp(`^${n}: veth[0-9a-f]{7}@if2: `));
      seen.add(n);
    }
    expect([...seen].sort((a, b) => a - b)).toEqual([4, 5, 6, 7, 8]);
  });

  it('docker0 has its address but no link-local; its subnet and broadcast routes are linkdown, its local route is not', async () => {
    const { sh } = await labShell();
    const { br } = await hostView(sh);
    const a = lines((await sh.run('ip a show docker0')).stdout);
    expect(a[0]).toBe('2: docker0: <NO-CARRIER,BROADCAST,MULTICAST,UP> mtu 1500 qdisc noqueue state DOWN group default ');
    expect(a.slice(2)).toEqual(['    inet 172.17.0.1/16 brd 172.17.255.255 scope global docker0', '       valid_lft forever preferred_lft forever']);
    expect((await sh.run('ip -br a show docker0')).stdout).toBe('docker0          DOWN           172.17.0.1/16 \n');
    expect((await sh.run('ip route')).stdout).toBe(
      `172.17.0.0/16 dev docker0 proto kernel scope link src 172.17.0.1 linkdown \n172.18.0.0/16 dev ${br} proto kernel scope link src 172.18.0.1 \n`
    );
    const local = lines((await sh.run('ip route show table local dev docker0')).stdout);
    expect(local).toEqual(['local 172.17.0.1 proto kernel scope host src 172.17.0.1 ', 'broadcast 172.17.255.255 proto kernel scope link src 172.17.0.1 linkdown ']);
    expect((await sh.run('ip -6 route show dev docker0')).stdout).toBe('');
  });

  it('a stopped container takes its veth along; a start makes a new one, with a new name, the next index and the freed netnsid', async () => {
    const { sh } = await labShell();
    const before = (await hostView(sh)).links;
    const peer = Number(/eth0@if(\d+)/.exec((await sh.run('docker exec myk8s-worker ip -o link show eth0')).stdout)![1]);
    const old = before.find((l) => l.startsWith(`${peer}: `))!;
    const oldName = old.split(' ')[1].split('@')[0];
    const nsid = /link-netnsid (\d+)$/.exec(old)![1];
    expect((await sh.run('docker stop myk8s-worker')).exitCode).toBe(0);
    const stopped = (await hostView(sh)).links;
    expect(stopped).toEqual(before.filter((l) => l !== old));
    expect((await sh.run(`ip link show ${oldName}`)).stderr).toBe(`Device "${oldName}" does not exist.\n`);
    expect((await sh.run('docker start myk8s-worker')).exitCode).toBe(0);
    const after = (await hostView(sh)).links;
    expect(after).toHaveLength(before.length);
    // host indexes only grow: 4..8 were taken, so the new veth is 9
    const fresh = after[after.length - 1];
    expect(fresh).toMatch(new RegExp(`^9: veth[0-9a-f]{7}@if2: .* link-netnsid ${nsid}$`));
    expect(fresh.split(' ')[1]).not.toBe(`${oldName}@if2:`);
    expect((await sh.run('docker exec myk8s-worker ip -o link show eth0')).stdout).toMatch(/^2: eth0@if9: /);
  });

  it("a container's end taken down: the host end loses carrier (LOWERLAYERDOWN); a restart brings a fresh namespace, up, with its default route", async () => {
    const { sh } = await labShell();
    const w = 'docker exec myk8s-worker ';
    const peer = /eth0@if(\d+)/.exec((await sh.run(`${w}ip -o link show eth0`)).stdout)![1];
    expect((await sh.run(`${w}ip link set eth0 down`)).exitCode).toBe(0);
    const line = (await sh.run('ip -o link')).stdout.split('\n').find((l) => l.startsWith(`${peer}: `))!;
    expect(line).toMatch(/^\d+: veth[0-9a-f]{7}@if2: <NO-CARRIER,BROADCAST,MULTICAST,UP> mtu 1500 qdisc noqueue master br-[0-9a-f]{12} state LOWERLAYERDOWN mode DEFAULT group default /);
    // "%-14s " : LOWERLAYERDOWN fills the state column exactly
    const br = lines((await sh.run('ip -br link')).stdout).find((l) => l.startsWith(line.split(' ')[1].replace(/:$/, '')))!;
    expect(br).toMatch(/^veth[0-9a-f]{7}@if2  LOWERLAYERDOWN \S+ <NO-CARRIER,BROADCAST,MULTICAST,UP> $/);
    expect((await sh.run('docker restart myk8s-worker')).exitCode).toBe(0);
    expect((await sh.run(`${w}ip -br link show eth0`)).stdout).toMatch(/^eth0@if\d+ +UP {13}/);
    expect((await sh.run(`${w}ip route show default`)).stdout).toBe('default via 172.18.0.1 dev eth0 \n');
  });

  it('the same seed gives the same veth names and MACs; another seed other ones', async () => {
    const a = (await hostView((await labShell(9)).sh)).links.slice(1);
    const b = (await hostView((await labShell(9)).sh)).links.slice(1);
    const c = (await hostView(new LabShell(await Lab.create({ seed: 10, scenario: 'kind' })))).links.slice(1);
    expect(b).toEqual(a);
    expect(c.slice(2).map((l) => l.split(' ')[1])).not.toEqual(a.slice(2).map((l) => l.split(' ')[1]));
  });
});
