import { describe, expect, it } from 'vitest';
import { blocks, fixture } from './helpers';

/**
 * The "done when" of the headless lab, replayed through the runner. Expected texts are written
 * by hand from the reference notes (k8s-linux.md §3) and the article; values the PRNG chooses
 * (node IPs, ages, NodePorts, ClusterIPs) are matched by pattern and checked for consistency.
 */
const script = fixture('issue2.sh');

describe('issue 2 transcript (seed 1)', async () => {
  const { text, blocks: b } = await blocks(script, { seed: 1, scenario: 'kind' });
  const find = (cmd: string) => {
    const x = b.find((y) => y.command === cmd);
    if (!x) throw new Error(`no block for ${cmd}`);
    return x;
  };

  it('lists four Ready v1.31.0 nodes with kind columns', () => {
    const out = find('kubectl get nodes -o wide').output.split('\n');
    expect(out[0]).toMatch(/^NAME {18}STATUS {3}ROLES {11}AGE {3,}VERSION {3}INTERNAL-IP {3}EXTERNAL-IP {3}OS-IMAGE {25}KERNEL-VERSION {3}CONTAINER-RUNTIME$/);
    const rows = out.slice(1).filter(Boolean);
    expect(rows.map((r) => r.split(/\s+/)[0])).toEqual(['myk8s-control-plane', 'myk8s-worker', 'myk8s-worker2', 'myk8s-worker3']);
    const ips = new Set<string>();
    for (const r of rows) {
      expect(r).toMatch(/^myk8s-\S+ +Ready +(control-plane|<none>) +\d+m\d*s? +v1\.31\.0 +172\.18\.0\.\d+ +<none> +Debian GNU\/Linux 12 \(bookworm\) +\S+ +containerd:\/\/1\.7\.\d+$/);
      ips.add(r.split(/\s+/)[5]);
    }
    // kind's nodes take the first free addresses after the gateway, in a random order.
    expect([...ips].sort()).toEqual(['172.18.0.2', '172.18.0.3', '172.18.0.4', '172.18.0.5']);
  });

  it('docker ps shows the four nodes and mypc like the article', () => {
    const out = find('docker ps').output.split('\n').filter(Boolean);
    expect(out[0]).toMatch(/^CONTAINER ID {3}IMAGE {18}COMMAND {18}CREATED {9,}STATUS {9,}PORTS {3,}NAMES$/);
    expect(out).toHaveLength(6);
    const byName = new Map(out.slice(1).map((l) => [l.split(/\s+/).at(-1)!, l]));
    expect([...byName.keys()].sort()).toEqual(['myk8s-control-plane', 'myk8s-worker', 'myk8s-worker2', 'myk8s-worker3', 'mypc']);
    expect(byName.get('mypc')).toMatch(/^[0-9a-f]{12} {3}nicolaka\/netshoot {6}"sleep infinity" {9}\d+ minutes ago +Up \d+ minutes +mypc$/);
    expect(byName.get('myk8s-control-plane')).toMatch(
      /^[0-9a-f]{12} {3}kindest\/node:v1\.31\.0 {3}"\/usr\/local\/bin\/entr…" {3}\d+ minutes ago +Up \d+ minutes +0\.0\.0\.0:30000-30004->30000-30004\/tcp, 127\.0\.0\.1:\d+->6443\/tcp +myk8s-control-plane$/
    );
    expect(byName.get('myk8s-worker')).toMatch(/^[0-9a-f]{12} {3}kindest\/node:v1\.31\.0 {3}"\/usr\/local\/bin\/entr…" {3}\d+ minutes ago +Up \d+ minutes +myk8s-worker$/);
  });

  it('docker network inspect kind gives the subnet, gateway and every container', () => {
    const net = JSON.parse(find('docker network inspect kind').output) as {
      Name: string;
      IPAM: { Config: { Subnet: string; Gateway?: string }[] };
      Containers: Record<string, { Name: string; MacAddress: string; IPv4Address: string }>;
    }[];
    expect(net).toHaveLength(1);
    expect(net[0].Name).toBe('kind');
    expect(net[0].IPAM.Config[0]).toMatchObject({ Subnet: '172.18.0.0/16', Gateway: '172.18.0.1' });
    const cs = Object.values(net[0].Containers);
    expect(cs.map((c) => c.Name).sort()).toEqual(['myk8s-control-plane', 'myk8s-worker', 'myk8s-worker2', 'myk8s-worker3', 'mypc']);
    for (const c of cs) {
      expect(c.IPv4Address).toMatch(/^172\.18\.0\.\d+\/16$/);
      expect(c.MacAddress).toMatch(/^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/);
      // Docker 28: random, locally administered, unicast.
      expect(parseInt(c.MacAddress.slice(0, 2), 16) & 0b11).toBe(0b10);
    }
    expect(cs.find((c) => c.Name === 'mypc')!.IPv4Address).toBe('172.18.0.100/16');
    // Go maps print in key order: the container ids are sorted.
    const ids = Object.keys(net[0].Containers);
    expect(ids).toEqual([...ids].sort());
  });

  it("applies the article's pods and services with kubectl's lines", () => {
    const pods = b.find((x) => x.command.includes('name: webpod1'))!;
    expect(pods.output).toBe('pod/webpod1 created\npod/webpod2 created\n');
    const svcs = b.find((x) => x.command.includes('name: svc1'))!;
    expect(svcs.output).toBe('service/svc1 created\nservice/svc2 created\nservice/svc3 created\n');
  });

  it('runs the pods on their nodes with IPs from those nodes’ pod CIDRs', () => {
    const out = find('kubectl get pod -o wide').output.split('\n');
    expect(out[0]).toBe('NAME      READY   STATUS    RESTARTS   AGE   IP          NODE            NOMINATED NODE   READINESS GATES');
    expect(out[1]).toMatch(/^webpod1 {3}1\/1 {5}Running {3}0 {10}10s {3}10\.10\.[1-3]\.\d+ {3}myk8s-worker {4}<none> {11}<none>$/);
    expect(out[2]).toMatch(/^webpod2 {3}1\/1 {5}Running {3}0 {10}10s {3}10\.10\.[1-3]\.\d+ {3}myk8s-worker2 {3}<none> {11}<none>$/);
    // Each worker has its own /24, and the first pod on a node gets .2.
    const ip1 = out[1].split(/\s+/)[5];
    const ip2 = out[2].split(/\s+/)[5];
    expect(ip1.endsWith('.2') && ip2.endsWith('.2')).toBe(true);
    expect(ip1.split('.')[2]).not.toBe(ip2.split('.')[2]);
  });

  it('keeps LoadBalancer services <pending> without a load-balancer implementation', () => {
    const out = find('kubectl get svc').output.split('\n').filter(Boolean);
    expect(out[0]).toMatch(/^NAME {9}TYPE {11}CLUSTER-IP {3,}EXTERNAL-IP {3}PORT\(S\) {8}AGE$/);
    expect(out[1]).toMatch(/^kubernetes {3}ClusterIP {6}10\.200\.1\.1 +<none> {8}443\/TCP {8}\d+m\d*s?$/);
    const cips = new Set<string>();
    const nps = new Set<string>();
    for (const [i, l] of out.slice(2).entries()) {
      expect(l).toMatch(new RegExp(`^svc${i + 1} {9}LoadBalancer {3}10\\.200\\.1\\.(\\d+) +<pending> {5}80:(3\\d{4})\\/TCP {3}10s$`));
      const [, , cip, , ports] = l.split(/\s+/);
      cips.add(cip);
      nps.add(ports);
      const last = Number(cip.split('.')[3]);
      expect(last).toBeGreaterThanOrEqual(17);
      expect(last).toBeLessThanOrEqual(254);
    }
    expect(cips.size).toBe(3);
    expect(nps.size).toBe(3);
  });

  it('prints the real errors with exit status 1', () => {
    expect(find('kubectl get foo')).toMatchObject({ output: 'error: the server doesn\'t have a resource type "foo"\n', exitCode: 1 });
    expect(find('kubectl get pod nope')).toMatchObject({ output: 'Error from server (NotFound): pods "nope" not found\n', exitCode: 1 });
  });

  it('turns the killed worker NotReady within a minute and drops its endpoint', () => {
    expect(find('docker stop myk8s-worker --signal 9').output).toBe('myk8s-worker\n');
    const nodes = find('kubectl get nodes').output.split('\n').filter(Boolean);
    expect(nodes[0]).toMatch(/^NAME {18}STATUS {5}ROLES {11}AGE {3,}VERSION$/);
    expect(nodes[2]).toMatch(/^myk8s-worker {10}NotReady {3}<none> +\S+ +v1\.31\.0$/);
    for (const i of [1, 3, 4]) expect(nodes[i]).toMatch(/ Ready /);
    // Pods on the dead node still print 1/1 Running (only the Ready condition changes).
    expect(find('kubectl get pod -o wide').output).toBeDefined();
    const pods = b.filter((x) => x.command === 'kubectl get pod -o wide')[1].output;
    expect(pods).toMatch(/webpod1 {3}1\/1 {5}Running/);
    const ep = find('kubectl get endpoints svc1').output.split('\n');
    const webpod2ip = pods.split('\n')[2].split(/\s+/)[5];
    expect(ep[1]).toMatch(new RegExp(`^svc1 {3}${webpod2ip.replace(/\./g, '\\.')}:80 {3}70s$`));
  });

  it('gives a byte-identical transcript for the same seed, and a different one for another', async () => {
    const again = await blocks(script, { seed: 1, scenario: 'kind' });
    expect(again.text).toBe(text);
    const other = await blocks(script, { seed: 2, scenario: 'kind' });
    expect(other.text).not.toBe(text);
  });
});
