/**
 * A hand-written WorldView of the article's lab (scenario l2, seed 5) as `kubectl get pods -A -o
 * wide` printed it: four kind nodes, mypc, MetalLB's speakers and controller, webpod1/2 and
 * svc1–3's VIPs. Used by the topology's pure-layout tests; written by hand, not read off the engine.
 */
import type { ViewMachine, ViewPod, WorldView } from '../../../src/lib/engine/observe/types';

function pod(namespace: string, name: string, ip: string, app?: string, hostNetwork = false): ViewPod {
  return { namespace, name, ip, phase: 'Running', ready: true, ...(app ? { app } : {}), hostNetwork };
}

const MEMBERS = ['myk8s-control-plane', 'myk8s-worker', 'myk8s-worker2', 'myk8s-worker3'];
const allAlive = () => MEMBERS.map((name) => ({ name, state: 'alive' as const }));

function node(name: string, role: 'control-plane' | 'worker', ip: string, mac: string, speaker: string, pods: ViewPod[], owns: string[] = [], excluded = false): ViewMachine {
  return {
    name,
    role,
    state: 'Ready',
    ip,
    mac,
    pods: [...pods, pod('kube-system', `kindnet-${name.slice(-3)}`, ip, 'kindnet', true), pod('metallb-system', speaker, ip, 'speaker', true)].sort((a, b) =>
      a.namespace === b.namespace ? a.name.localeCompare(b.name) : a.namespace.localeCompare(b.namespace)
    ),
    speaker: { pod: speaker, running: true, members: allAlive() },
    owns,
    excluded
  };
}

export function articleWorld(): WorldView {
  return {
    now: 180_000,
    network: { name: 'kind', subnet: '172.18.0.0/16', gateway: '172.18.0.1' },
    machines: [
      node(
        'myk8s-control-plane',
        'control-plane',
        '172.18.0.5',
        '02:42:ac:12:00:05',
        'speaker-mt7lz',
        [
          pod('kube-system', 'coredns-5fff47b4c9-gv8s6', '10.10.0.2', 'kube-dns'),
          pod('kube-system', 'coredns-5fff47b4c9-znlq7', '10.10.0.3', 'kube-dns'),
          pod('kube-system', 'etcd-myk8s-control-plane', '172.18.0.5', undefined, true),
          pod('kube-system', 'kube-apiserver-myk8s-control-plane', '172.18.0.5', undefined, true),
          pod('local-path-storage', 'local-path-provisioner-75f66b7946-vbqf7', '10.10.0.4', 'local-path-provisioner')
        ],
        [],
        true
      ),
      node('myk8s-worker', 'worker', '172.18.0.3', '02:42:ac:12:00:03', 'speaker-tv9xj', [pod('default', 'webpod1', '10.10.1.2', 'webpod')], ['172.18.255.201']),
      node('myk8s-worker2', 'worker', '172.18.0.4', '02:42:ac:12:00:04', 'speaker-rpnj2', [pod('default', 'webpod2', '10.10.2.2', 'webpod')], ['172.18.255.200', '172.18.255.202']),
      node('myk8s-worker3', 'worker', '172.18.0.2', '02:42:ac:12:00:02', 'speaker-2jg4x', [pod('metallb-system', 'controller-65d4fb59c8-qg6pn', '10.10.3.2', 'controller')]),
      { name: 'mypc', role: 'client', state: 'running', ip: '172.18.0.100', mac: '02:42:ac:12:00:64', pods: [], owns: [], excluded: false }
    ],
    vips: [
      { ip: '172.18.255.200', services: ['default/svc1'], owner: 'myk8s-worker2', announcers: ['myk8s-worker2'], bursting: false },
      { ip: '172.18.255.201', services: ['default/svc2'], owner: 'myk8s-worker', announcers: ['myk8s-worker'], bursting: false },
      { ip: '172.18.255.202', services: ['default/svc3'], owner: 'myk8s-worker2', announcers: ['myk8s-worker2'], bursting: false }
    ]
  };
}

/** A kind cluster with `workers` workers (names as kind gives them), all Ready, plus mypc. */
export function bigWorld(workers: number): WorldView {
  const names = ['myk8s-control-plane', ...Array.from({ length: workers }, (_, i) => (i === 0 ? 'myk8s-worker' : `myk8s-worker${i + 1}`))];
  const members = names.map((name) => ({ name, state: 'alive' as const }));
  const machines: ViewMachine[] = names.map((name, i) => ({
    name,
    role: i === 0 ? 'control-plane' : 'worker',
    state: 'Ready',
    ip: `172.18.${Math.floor((i + 2) / 256)}.${(i + 2) % 256}`,
    mac: `02:42:ac:12:00:${(i + 2).toString(16).padStart(2, '0')}`,
    pods: [pod('metallb-system', `speaker-${i}`, '', 'speaker', true), pod('kube-system', `kube-proxy-${i}`, '', 'kube-proxy', true)],
    speaker: { pod: `speaker-${i}`, running: true, members },
    owns: [],
    excluded: i === 0
  }));
  machines.push({ name: 'mypc', role: 'client', state: 'running', ip: '172.18.0.100', mac: '02:42:ac:12:00:64', pods: [], owns: [], excluded: false });
  return { now: 0, network: { name: 'kind', subnet: '172.18.0.0/16', gateway: '172.18.0.1' }, machines, vips: [] };
}
