import { describe, expect, it } from 'vitest';
import type { KEvent, KObject } from '../../../src/lib/engine/k8s/types';
import { CP, WORKERS, cluster, cond, kindLab, node } from './helpers';

describe('kind scenario: nodes', () => {
  it('registers the four nodes of the article and they all turn Ready', async () => {
    const lab = await kindLab(7);
    const c = cluster(lab);
    const names = c.api.list('nodes').map((n) => n.metadata.name);
    expect(names).toEqual([CP, ...WORKERS]);
    for (const n of names) {
      const ready = cond(node(c, n).status.conditions, 'Ready');
      expect(ready?.status).toBe('True');
      expect(ready?.reason).toBe('KubeletReady');
      expect(ready?.message).toBe('kubelet is posting ready status');
      for (const t of ['MemoryPressure', 'DiskPressure', 'PIDPressure']) expect(cond(node(c, n).status.conditions, t)?.status).toBe('False');
      expect(cond(node(c, n).status.conditions, 'MemoryPressure')?.reason).toBe('KubeletHasSufficientMemory');
    }
  });

  it('gives the control-plane 10.10.0.0/24 and the workers distinct /24s from 10.10.1–3', async () => {
    const c = cluster(await kindLab(7));
    expect(node(c, CP).spec.podCIDR).toBe('10.10.0.0/24');
    expect(node(c, CP).spec.podCIDRs).toEqual(['10.10.0.0/24']);
    const cidrs = WORKERS.map((w) => node(c, w).spec.podCIDR);
    expect([...cidrs].sort()).toEqual(['10.10.1.0/24', '10.10.2.0/24', '10.10.3.0/24']);
    for (const w of WORKERS) expect(node(c, w).spec.podCIDRs).toEqual([node(c, w).spec.podCIDR]);
  });

  it('labels, annotations, taints, addresses and nodeInfo as kubelet and kubeadm set them', async () => {
    const c = cluster(await kindLab(7));
    const cp = node(c, CP);
    expect(cp.metadata.labels).toEqual({
      'beta.kubernetes.io/arch': 'amd64',
      'beta.kubernetes.io/os': 'linux',
      'kubernetes.io/arch': 'amd64',
      'kubernetes.io/hostname': CP,
      'kubernetes.io/os': 'linux',
      mynode: 'control-plane',
      'topology.kubernetes.io/zone': 'ap-northeast-2a',
      'node-role.kubernetes.io/control-plane': '',
      'node.kubernetes.io/exclude-from-external-load-balancers': ''
    });
    expect(cp.spec.taints).toEqual([{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }]);
    const w2 = node(c, 'myk8s-worker2');
    expect(w2.metadata.labels?.mynode).toBe('worker2');
    expect(w2.metadata.labels?.['topology.kubernetes.io/zone']).toBe('ap-northeast-2b');
    expect(w2.metadata.labels?.['node-role.kubernetes.io/control-plane']).toBeUndefined();
    expect(w2.spec.taints ?? []).toEqual([]);
    expect(w2.metadata.annotations).toEqual({
      'kubeadm.alpha.kubernetes.io/cri-socket': 'unix:///run/containerd/containerd.sock',
      'node.alpha.kubernetes.io/ttl': '0',
      'volumes.kubernetes.io/controller-managed-attach-detach': 'true'
    });
    for (const n of [CP, ...WORKERS]) {
      const obj = node(c, n);
      expect(obj.status.addresses).toEqual([
        { type: 'InternalIP', address: c.nodeIP(n) },
        { type: 'Hostname', address: n }
      ]);
      expect(obj.status.nodeInfo?.kubeletVersion).toBe('v1.31.0');
      expect(obj.status.nodeInfo?.containerRuntimeVersion).toBe('containerd://1.7.18');
      expect(obj.status.nodeInfo?.osImage).toBe('Debian GNU/Linux 12 (bookworm)');
      expect(obj.status.nodeInfo?.bootID).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(obj.status.allocatable?.pods).toBe('110');
      expect(obj.spec.providerID).toBe(`kind://docker/myk8s/${n}`);
    }
    const boots = new Set([CP, ...WORKERS].map((n) => node(c, n).status.nodeInfo?.bootID));
    expect(boots.size).toBe(4);
  });

  it('renews each node lease every 10 s, at a different phase per node', async () => {
    const lab = await kindLab(7);
    const c = cluster(lab);
    const renew = (n: string) => (c.api.get<KObject>('leases.coordination.k8s.io', 'kube-node-lease', n)?.spec as { renewTime: string; leaseDurationSeconds: number; holderIdentity: string });
    const first = renew('myk8s-worker');
    expect(first.holderIdentity).toBe('myk8s-worker');
    expect(first.leaseDurationSeconds).toBe(40);
    expect(first.renewTime).toMatch(/^2024-10-03T\d\d:\d\d:\d\d\.\d{6}Z$/);
    const seen = new Set<string>();
    for (let i = 0; i < 20; i++) {
      await lab.advance(1_000);
      seen.add(renew('myk8s-worker').renewTime);
    }
    // 20 s of time: two renewals (10 s apart).
    const times = [...seen].map((s) => Date.parse(s)).sort();
    expect(times.length).toBeGreaterThanOrEqual(2);
    for (let i = 1; i < times.length; i++) expect(Math.round((times[i] - times[i - 1]) / 1000)).toBe(10);
    const phases = new Set([CP, ...WORKERS].map((n) => Date.parse(renew(n).renewTime) % 10_000));
    expect(phases.size).toBeGreaterThan(1);
  });

  it('records the kubelet and node-controller events of a node start', async () => {
    const c = cluster(await kindLab(7));
    const evs = c.api.list<KEvent>('events', 'default').filter((e) => e.involvedObject.kind === 'Node' && e.involvedObject.name === 'myk8s-worker3');
    const by = (r: string) => evs.find((e) => e.reason === r);
    expect(by('Starting')?.message).toBe('Starting kubelet.');
    expect(by('Starting')?.source).toEqual({ component: 'kubelet', host: 'myk8s-worker3' });
    expect(by('NodeHasSufficientMemory')?.message).toBe('Node myk8s-worker3 status is now: NodeHasSufficientMemory');
    expect(by('NodeHasNoDiskPressure')?.message).toBe('Node myk8s-worker3 status is now: NodeHasNoDiskPressure');
    expect(by('NodeHasSufficientPID')?.message).toBe('Node myk8s-worker3 status is now: NodeHasSufficientPID');
    expect(by('NodeReady')?.message).toBe('Node myk8s-worker3 status is now: NodeReady');
    expect(by('RegisteredNode')?.message).toBe('Node myk8s-worker3 event: Registered Node myk8s-worker3 in Controller');
    expect(by('RegisteredNode')?.source.component).toBe('node-controller');
  });
});
