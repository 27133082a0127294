/**
 * The speaker process on the article's kind cluster: election outcome, logs, events,
 * ServiceL2Status, frames on the wire, withdrawals. Expected owners come from node:crypto.
 */
import { beforeAll, describe, expect, test } from 'vitest';
import type { KEvent } from '../../../../src/lib/engine/k8s/types';
import { formatIpv4, parseIpv4 } from '../../../../src/lib/engine/net/addr';
import { currentOwners, speakerAnnouncements } from '../../../../src/lib/engine/metallb/speaker/registry';
import { WORKERS, refOwner } from './helpers';
import { MANIFEST, POOL_AND_L2, WEBPODS, kindLab, svcYaml, type KindLab } from './kind-setup';

function events(k: KindLab, svc: string, reason = 'nodeAssigned'): KEvent[] {
  return k.cluster.api.list<KEvent>('events', 'default').filter((e) => e.involvedObject.name === svc && e.reason === reason);
}

function parsed(lines: string[] | undefined): Record<string, unknown>[] {
  return (lines ?? []).map((l) => JSON.parse(l) as Record<string, unknown>);
}

describe('speaker on the kind cluster', () => {
  let k: KindLab;
  let ip: string;
  let owner: string;

  beforeAll(async () => {
    k = await kindLab(21);
    await k.run(`kubectl apply -f ${MANIFEST}`);
    await k.lab.advance(60_000);
    await k.run(POOL_AND_L2);
    await k.run(WEBPODS);
    await k.run(svcYaml('svc1'));
    ip = await k.waitIP('svc1');
    await k.lab.advance(10_000);
    owner = refOwner(WORKERS, ip);
  }, 60_000);

  test('the controller allocated the first address of the pool', () => {
    expect(ip).toBe('172.18.255.200');
  });

  test('four speakers run, each logging the start-up line and an ARP responder for eth0', () => {
    expect([...k.speakerLogs.keys()].sort()).toEqual(['myk8s-control-plane', 'myk8s-worker', 'myk8s-worker2', 'myk8s-worker3']);
    for (const [, lines] of k.speakerLogs) {
      const first = JSON.parse(lines[0]) as Record<string, unknown>;
      expect(first).toMatchObject({ msg: 'MetalLB speaker starting version 0.14.8 (commit dev, branch dev)', version: '0.14.8', level: 'info' });
      expect(parsed(lines).filter((x) => x.event === 'createARPResponder').map((x) => x.interface)).toEqual(['eth0']);
    }
  });

  test('exactly the node with the smallest sha256(node#ip) announces', () => {
    expect(currentOwners(k.cluster, 'default/svc1')).toEqual([owner]);
    const evs = events(k, 'svc1');
    expect(evs.map((e) => e.message)).toEqual([`announcing from node "${owner}" with protocol "layer2"`]);
    expect(evs[0]).toMatchObject({ type: 'Normal', source: { component: 'metallb-speaker' } });
  });

  test('the owner logs serviceAnnounced with ips, pool and protocol; the others log nothing about svc1', () => {
    const announced = parsed(k.speakerLogs.get(owner)).filter((x) => x.event === 'serviceAnnounced');
    expect(announced.length).toBeGreaterThanOrEqual(1);
    const { ts: _ts, ...rest } = announced[0];
    expect(rest).toEqual({ caller: 'main.go:420', event: 'serviceAnnounced', ips: [ip], level: 'info', msg: 'service has IP, announcing', pool: 'my-ippool', protocol: 'layer2' });
    const line = k.speakerLogs.get(owner)!.find((l) => l.includes('serviceAnnounced'))!;
    expect(line.startsWith('{"caller":"main.go:420","event":"serviceAnnounced","ips":["172.18.255.200"],"level":"info","msg":"service has IP, announcing","pool":"my-ippool","protocol":"layer2","ts":"')).toBe(true);
    for (const n of ['myk8s-control-plane', ...WORKERS.filter((w) => w !== owner)]) {
      expect(parsed(k.speakerLogs.get(n)).some((x) => x.event === 'serviceAnnounced' || x.event === 'serviceWithdrawn')).toBe(false);
    }
  });

  test('a ServiceL2Status names the owner, owned by its speaker pod', async () => {
    const st = k.cluster.api.list('servicel2statuses.metallb.io', 'metallb-system');
    expect(st.length).toBe(1);
    const s = st[0] as unknown as { metadata: { name: string; labels: Record<string, string>; ownerReferences: { kind: string; name: string }[] }; status: unknown };
    expect(s.metadata.name).toMatch(/^l2-[a-z0-9]{5}$/);
    expect(s.metadata.labels).toEqual({ 'metallb.io/node': owner, 'metallb.io/service-name': 'svc1', 'metallb.io/service-namespace': 'default' });
    expect(s.status).toEqual({ node: owner, serviceName: 'svc1', serviceNamespace: 'default' });
    const pod = k.cluster.api.list('pods', 'metallb-system').find((p) => (p.spec as { nodeName?: string }).nodeName === owner && p.metadata.name.startsWith('speaker-'))!;
    expect(s.metadata.ownerReferences).toEqual([{ apiVersion: 'v1', kind: 'Pod', name: pod.metadata.name, uid: pod.metadata.uid }]);
    const out = await k.run('kubectl get servicel2statuses -n metallb-system');
    expect(out).toContain(`${owner}     svc1           default`);
  });

  test('the gratuitous pairs come from the owner eth0 MAC only', () => {
    const mac = k.lab.docker.netnsOf(owner)!.iface('eth0')!.mac;
    const garp = k.lab.sim.trace.ofType('frame').filter((f) => f.why?.startsWith('gratuitous ARP'));
    expect(garp.length).toBeGreaterThanOrEqual(10);
    for (const f of garp) {
      expect(f.bytes.length).toBe(60);
      expect([...f.bytes.subarray(6, 12)].map((x) => x.toString(16).padStart(2, '0')).join(':')).toBe(mac);
    }
    expect(garp[0].why).toBe(`gratuitous ARP because ${owner} became owner of ${ip} (default/svc1) after an election`);
  });

  test('mypc resolves the VIP to the owner MAC', async () => {
    const pc = k.lab.docker.netnsOf('mypc')!;
    pc.sendIpv4({ dst: parseIpv4(ip)!, protocol: 17, payload: new Uint8Array(8) });
    await k.lab.advance(100);
    expect(pc.neighbours('eth0')!.get(parseIpv4(ip)!)!.mac).toBe(k.lab.docker.netnsOf(owner)!.iface('eth0')!.mac);
    expect(formatIpv4(parseIpv4(ip)!)).toBe(ip);
  });

  test('every resync re-announces: the nodeAssigned count grows', async () => {
    const before = events(k, 'svc1')[0].count;
    await k.run(`cat <<EOF | kubectl apply -f -
apiVersion: metallb.io/v1beta1
kind: IPAddressPool
metadata:
  name: second-pool
  namespace: metallb-system
spec:
  addresses:
  - 172.18.254.0/28
EOF`);
    await k.lab.advance(5000);
    const evs = events(k, 'svc1');
    expect(evs.length).toBe(1);
    expect(evs[0].count).toBeGreaterThan(before);
    expect(speakerAnnouncements(k.cluster).find((a) => a.node === owner)!.bursting.map((b) => b.ip)).toEqual([ip]);
  });

  test('deleting the pool of an announced IP: the speaker rejects the config until the controller moves the IP', async () => {
    await k.run('kubectl delete ipaddresspool -n metallb-system my-ippool');
    await k.lab.advance(10_000);
    const rejected = parsed(k.speakerLogs.get(owner)).filter((x) => x.msg === 'new configuration rejected');
    expect(rejected.length).toBeGreaterThan(0);
    expect(rejected[0]).toMatchObject({ op: 'setConfig', service: 'default/svc1', ip: [ip], error: 'service has no configuration under new config', level: 'error' });
    // the controller re-homed svc1 in second-pool, which no L2Advertisement covers: nobody announces
    const newIP = k.ipOf('svc1')!;
    expect(newIP).toBe('172.18.254.0');
    expect(currentOwners(k.cluster, 'default/svc1')).toEqual([]);
    const moved = parsed(k.speakerLogs.get(owner)).filter((x) => x.event === 'serviceWithdrawn' && x.reason === 'loadBalancerIPChanged');
    expect(moved.map(({ ts: _t, ...r }) => r)).toEqual([
      { caller: 'main.go:464', event: 'serviceWithdrawn', ip: [ip], ips: [newIP], level: 'info', msg: 'withdrawing service announcement', pool: 'second-pool', reason: 'loadBalancerIPChanged' }
    ]);
    // accepted at the next retry: no more rejections
    const n = parsed(k.speakerLogs.get(owner)).filter((x) => x.msg === 'new configuration rejected').length;
    await k.lab.advance(60_000);
    expect(parsed(k.speakerLogs.get(owner)).filter((x) => x.msg === 'new configuration rejected').length).toBe(n);
    // an L2Advertisement for second-pool: the election for the new IP decides the owner
    await k.run(`cat <<EOF | kubectl apply -f -
apiVersion: metallb.io/v1beta1
kind: L2Advertisement
metadata:
  name: second
  namespace: metallb-system
spec:
  ipAddressPools:
  - second-pool
EOF`);
    await k.lab.advance(3000);
    const owner2 = refOwner(WORKERS, newIP);
    expect(currentOwners(k.cluster, 'default/svc1')).toEqual([owner2]);
    expect(events(k, 'svc1').map((e) => e.message)).toContain(`announcing from node "${owner2}" with protocol "layer2"`);
  });

  test('deleting the service withdraws it and removes the ServiceL2Status', async () => {
    const cur = k.ipOf('svc1')!;
    const owner2 = refOwner(WORKERS, cur);
    await k.run('kubectl delete svc svc1');
    await k.lab.advance(2000);
    expect(currentOwners(k.cluster, 'default/svc1')).toEqual([]);
    const w = parsed(k.speakerLogs.get(owner2)).filter((x) => x.event === 'serviceWithdrawn');
    const { ts: _ts, ...rest } = w[w.length - 1];
    expect(rest).toEqual({ caller: 'main.go:464', event: 'serviceWithdrawn', ip: [cur], level: 'info', msg: 'withdrawing service announcement', reason: 'serviceDeleted' });
    expect(k.cluster.api.list('servicel2statuses.metallb.io', 'metallb-system')).toEqual([]);
  });
});
