import { describe, expect, test } from 'vitest';
import type { DaemonSet, KEvent, KObject, Node, Pod } from '../../../src/lib/engine/k8s/types';
import { addKindNodes, bareCluster, meta, node } from './helpers';

type Api = ReturnType<typeof bareCluster>['api'];

function ds(name: string, spec: Record<string, unknown> = {}): KObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: meta(name, 'default'),
    spec: {
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name, image: `quay.io/x/${name}:v1` }], ...spec } }
    }
  };
}
const podsOf = (api: Api, name: string) => api.list<Pod>('pods', 'default').filter((p) => p.metadata.labels?.app === name && !p.metadata.deletionTimestamp);
const nodesOf = (api: Api, name: string) => podsOf(api, name).map((p) => p.spec.nodeName).sort();
const WORKERS = ['myk8s-worker', 'myk8s-worker2', 'myk8s-worker3'];

describe('DaemonSet controller', () => {
  test('one pod per node whose taints it tolerates: no control-plane toleration, no control-plane pod', async () => {
    const { api, advance } = bareCluster();
    addKindNodes(api);
    api.create(ds('agent'));
    await advance(500);
    expect(nodesOf(api, 'agent')).toEqual(WORKERS);
    const p = podsOf(api, 'agent')[0];
    expect(p.metadata.name).toMatch(/^agent-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(p.metadata.labels!['pod-template-generation']).toBe('1');
    expect(p.metadata.labels!['controller-revision-hash']).toMatch(/^[456789bcdf]+$/);
    expect(p.spec.affinity!.nodeAffinity).toEqual({
      requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: [p.spec.nodeName!] }] }] }
    });
    // DaemonSet tolerations, no tolerationSeconds: DefaultTolerationSeconds adds nothing.
    expect(p.spec.tolerations).toEqual([
      { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' },
      { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' },
      { key: 'node.kubernetes.io/disk-pressure', operator: 'Exists', effect: 'NoSchedule' },
      { key: 'node.kubernetes.io/memory-pressure', operator: 'Exists', effect: 'NoSchedule' },
      { key: 'node.kubernetes.io/pid-pressure', operator: 'Exists', effect: 'NoSchedule' },
      { key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' }
    ]);
    const st = api.get<DaemonSet>('daemonsets.apps', 'default', 'agent')!.status!;
    expect(st).toMatchObject({ desiredNumberScheduled: 3, currentNumberScheduled: 3, numberMisscheduled: 0, numberReady: 0, updatedNumberScheduled: 3, numberUnavailable: 3 });
    const created = api.list<KEvent>('events', 'default').filter((e) => e.involvedObject.name === 'agent');
    expect(created.map((e) => `${e.reason}/${e.source.component}`)).toEqual(Array(3).fill('SuccessfulCreate/daemonset-controller'));

    // With the control-plane toleration (and hostNetwork: one more automatic toleration) it runs everywhere.
    api.create(ds('speaker', { hostNetwork: true, tolerations: [{ key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' }] }));
    await advance(500);
    expect(nodesOf(api, 'speaker')).toEqual(['myk8s-control-plane', ...WORKERS]);
    const sp = podsOf(api, 'speaker')[0];
    expect(sp.spec.tolerations!.map((t) => t.key)).toEqual([
      'node-role.kubernetes.io/control-plane',
      'node.kubernetes.io/not-ready',
      'node.kubernetes.io/unreachable',
      'node.kubernetes.io/disk-pressure',
      'node.kubernetes.io/memory-pressure',
      'node.kubernetes.io/pid-pressure',
      'node.kubernetes.io/unschedulable',
      'node.kubernetes.io/network-unavailable'
    ]);
    // The bootstrap DaemonSets tolerate everything.
    const kindnet = api.list<Pod>('pods', 'kube-system').filter((p) => p.metadata.labels?.app === 'kindnet');
    expect(kindnet.map((p) => p.spec.nodeName).sort()).toEqual(['myk8s-control-plane', ...WORKERS]);
  });

  test('nodes coming and going; nodeSelector; NoExecute taints evict, NoSchedule ones do not', async () => {
    const { api, advance } = bareCluster();
    addKindNodes(api);
    api.create(ds('agent'));
    api.create(ds('picky', { nodeSelector: { mynode: 'worker2' } }));
    await advance(500);
    expect(nodesOf(api, 'picky')).toEqual([]);
    api.modify<Node>('nodes', undefined, 'myk8s-worker2', (n) => (n.metadata.labels = { ...n.metadata.labels, mynode: 'worker2' }));
    await advance(500);
    expect(nodesOf(api, 'picky')).toEqual(['myk8s-worker2']);

    api.create(node('myk8s-worker4'));
    await advance(500);
    expect(nodesOf(api, 'agent')).toEqual([...WORKERS, 'myk8s-worker4']);
    api.delete(api.resolve('nodes')!, undefined, 'myk8s-worker4');
    await advance(500);
    expect(nodesOf(api, 'agent')).toEqual(WORKERS);
    expect(api.list<Pod>('pods', 'default').some((p) => p.spec.nodeName === 'myk8s-worker4')).toBe(false);

    // A NoSchedule taint added later leaves the pod alone; an untolerated NoExecute one removes it.
    api.modify<Node>('nodes', undefined, 'myk8s-worker3', (n) => (n.spec.taints = [{ key: 'maintenance', effect: 'NoSchedule' }]));
    await advance(500);
    expect(nodesOf(api, 'agent')).toEqual(WORKERS);
    api.modify<Node>('nodes', undefined, 'myk8s-worker3', (n) => (n.spec.taints = [{ key: 'maintenance', effect: 'NoExecute' }]));
    await advance(500);
    expect(nodesOf(api, 'agent')).toEqual(['myk8s-worker', 'myk8s-worker2']);
    // The unreachable taint of a dead node is tolerated: DaemonSet pods stay.
    api.modify<Node>('nodes', undefined, 'myk8s-worker', (n) => (n.spec.taints = [{ key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' }]));
    await advance(500);
    expect(nodesOf(api, 'agent')).toEqual(['myk8s-worker', 'myk8s-worker2']);
  });
});
