/** Graceful stop (pod deletion → SIGTERM) and hard kill of a speaker process. */
import { describe, expect, test } from 'vitest';
import type { KEvent, Pod } from '../../../../src/lib/engine/k8s/types';
import { kernelArpRequest } from '../../../../src/lib/engine/net/arp';
import { parseIpv4 } from '../../../../src/lib/engine/net/addr';
import { currentOwners, runningSpeakers } from '../../../../src/lib/engine/metallb/speaker/registry';
import { WORKERS, refOwner } from './helpers';
import { MANIFEST, POOL_AND_L2, WEBPODS, kindLab, svcYaml } from './kind-setup';

async function setup() {
  const k = await kindLab(21);
  await k.run(`kubectl apply -f ${MANIFEST}`);
  await k.lab.advance(60_000);
  await k.run(POOL_AND_L2);
  await k.run(WEBPODS);
  await k.run(svcYaml('svc1'));
  const ip = await k.waitIP('svc1');
  await k.lab.advance(10_000);
  return { k, ip, owner: refOwner(WORKERS, ip) };
}

function speakerPodOn(pods: Pod[], node: string): Pod {
  return pods.find((p) => p.metadata.name.startsWith('speaker-') && p.spec.nodeName === node && !p.metadata.deletionTimestamp)!;
}

/** Who answers a broadcast who-has for the IP from mypc, within 100 ms. */
async function answerers(k: Awaited<ReturnType<typeof setup>>['k'], ip: string): Promise<string[]> {
  const pc = k.lab.docker.netnsOf('mypc')!;
  const mac = pc.iface('eth0')!.mac;
  const from = k.lab.sim.trace.all().length;
  pc.sendFrame('eth0', kernelArpRequest(mac, parseIpv4('172.18.0.100')!, parseIpv4(ip)!));
  await k.lab.advance(100);
  return k.lab.sim.trace
    .all()
    .slice(from)
    .filter((e) => e.type === 'frame' && e.why?.startsWith('ARP reply: '))
    .map((e) => (e.type === 'frame' ? (e.why ?? '') : ''));
}

describe('speaker stop', () => {
  test('pod deletion: "starting shutdown", memberlist leave, exit within the 2 s grace; responders close at exit', async () => {
    const { k, ip, owner } = await setup();
    expect((await answerers(k, ip)).length).toBe(1);
    const pod = speakerPodOn(k.cluster.api.list<Pod>('pods', 'metallb-system'), owner);
    const t0 = k.lab.now();
    await k.run(`kubectl delete pod -n metallb-system ${pod.metadata.name} --wait=false`);
    const logs = () => (k.speakerLogs.get(owner) ?? []).map((l) => JSON.parse(l) as Record<string, unknown>);
    await k.lab.advance(2500);
    const after = logs().filter((x) => x.op === 'shutdown');
    expect(after.map((x) => x.msg)).toEqual(['starting shutdown', 'leaving memberlist cluster', 'left memberlist cluster', 'memberlist shutdown', 'done']);
    expect(k.lab.now() - t0).toBeLessThan(3000);
    expect(runningSpeakers(k.cluster).some((s) => s.podName === pod.metadata.name)).toBe(false);
  });

  test('graceful stop of the owner: the next node in hash order takes over in about a second, and the IP moves back when the new pod joins', async () => {
    const { k, ip, owner } = await setup();
    const next = refOwner(WORKERS.filter((w) => w !== owner), ip);
    const pod = speakerPodOn(k.cluster.api.list<Pod>('pods', 'metallb-system'), owner);
    const t0 = k.lab.now();
    await k.run(`kubectl delete pod -n metallb-system ${pod.metadata.name} --wait=false`);
    let tookOver: number | null = null;
    for (let i = 0; i < 100 && tookOver === null; i++) {
      await k.lab.advance(50);
      if (currentOwners(k.cluster, 'default/svc1').includes(next)) tookOver = k.lab.now() - t0;
    }
    expect(tookOver).not.toBeNull();
    expect(tookOver!).toBeLessThan(2500);
    const garp = k.lab.sim.trace.ofType('frame').filter((f) => f.why === `gratuitous ARP because ${next} became owner of ${ip} (default/svc1) after ${owner} left memberlist`);
    expect(garp.length).toBeGreaterThanOrEqual(2);
    // the DaemonSet's new speaker pod joins memberlist; the hash puts the IP back on the old owner
    await k.lab.advance(60_000);
    expect(currentOwners(k.cluster, 'default/svc1')).toEqual([owner]);
  });

  test('hard kill of the owner node: nothing answers from it; memberlist declares it dead and the next node takes over', async () => {
    const { k, ip, owner } = await setup();
    const next = refOwner(WORKERS.filter((w) => w !== owner), ip);
    const t0 = k.lab.now();
    await k.run(`docker stop ${owner} --signal 9`);
    expect(runningSpeakers(k.cluster).map((s) => s.nodeName)).not.toContain(owner);
    expect((await answerers(k, ip)).every((w) => !w.includes(owner))).toBe(true);
    let tookOver: number | null = null;
    for (let i = 0; i < 600 && tookOver === null; i++) {
      await k.lab.advance(100);
      if (currentOwners(k.cluster, 'default/svc1').includes(next)) tookOver = k.lab.now() - t0;
    }
    expect(tookOver).not.toBeNull();
    // memberlist: suspicion confirmed by the peers, a few seconds
    expect(tookOver!).toBeGreaterThan(2000);
    expect(tookOver!).toBeLessThan(30_000);
    const evs = k.cluster.api.list<KEvent>('events', 'default').filter((e) => e.involvedObject.name === 'svc1' && e.reason === 'nodeAssigned');
    expect(evs.map((e) => e.message)).toContain(`announcing from node "${next}" with protocol "layer2"`);
    expect((await answerers(k, ip)).length).toBe(1);
    expect((await answerers(k, ip))[0]).toContain(next);
  });
});
