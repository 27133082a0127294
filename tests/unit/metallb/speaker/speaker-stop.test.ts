/** Graceful stop (pod deletion → SIGTERM) and hard kill of a speaker process. */
import { describe, expect, test } from 'vitest';
import type { Pod } from '../../../../src/lib/engine/k8s/types';
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
  const ip = await k.ensureIP('svc1', '172.18.255.200');
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
    .filter((e) => e.type === 'frame' && e.why?.startsWith('ARP reply from the MetalLB speaker'))
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
    expect(after.map((x) => x.msg)).toEqual(['starting shutdown', 'done']);
    expect(k.lab.now() - t0).toBeLessThan(3000);
    expect(runningSpeakers(k.cluster).some((s) => s.podName === pod.metadata.name)).toBe(false);
  });

  test('hard kill of the node: the speaker stops at once and nothing answers from that node', async () => {
    const { k, ip, owner } = await setup();
    await k.run(`docker stop ${owner} --signal 9`);
    expect(runningSpeakers(k.cluster).map((s) => s.nodeName)).not.toContain(owner);
    const answers = await answerers(k, ip);
    expect(answers.every((w) => !w.includes(owner))).toBe(true);
    expect(currentOwners(k.cluster, 'default/svc1')).not.toContain(owner);
  });
});
